// The apply process is killed at seeded random points (SIGKILL: no chance to clean up; SIGINT:
// graceful stop). Every re-run must converge, no chat may be created twice, and the state file
// must always parse.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startSimulator, DEFAULT_ORG, RunningSimulator } from '../../src/simulator';
import { readState } from '../../src/engine/state';
import { makeProject, runCli } from '../helpers/cli-project';
import { SLOW_SUITE_TIMEOUT_MS } from '../helpers/timeouts';

jest.setTimeout(SLOW_SUITE_TIMEOUT_MS);

const N = 60;
const TRIALS = 12;

function mulberry32(seed: number) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const app = `
const users = ['zhangsan', 'lisi', 'wangwu', 'zhaoliu', 'sunqi', 'zhouba'];
for (let i = 0; i < ${N}; i++) {
  new lib.AppChat(stack, 'chat' + i, { name: '崩溃演练-' + i, owner: users[i % 6], members: { users: [users[i % 6], users[(i + 1) % 6], users[(i + 2) % 6]] } });
}`;

describe('crash safety', () => {
  const dir = makeProject(app);
  const statePath = path.join(dir, 'terraform.proj.tfstate');
  const random = mulberry32(424242);

  beforeAll(async () => {
    const synth = await runCli(['synth'], { cwd: dir, env: { PATH: process.env.PATH } });
    expect(synth.code).toBe(0);
  });

  for (let trial = 0; trial < TRIALS; trial++) {
    const killAt = 1 + Math.floor(random() * (N - 5));
    const signal: NodeJS.Signals = trial % 4 === 3 ? 'SIGINT' : 'SIGKILL';
    test(`trial ${trial}: ${signal} after ${killAt} creates, then a re-run converges`, async () => {
      for (const f of fs.readdirSync(dir).filter((f) => f.startsWith('terraform.proj.tfstate'))) fs.rmSync(path.join(dir, f));
      let pid = 0;
      let creates = 0;
      let sent = false;
      const sim: RunningSimulator = await startSimulator({
        log: (line) => {
          if (line.includes('appchat/create') && ++creates === killAt && !sent && pid) { sent = true; process.kill(pid, signal); }
        },
      });
      try {
        const env = { PATH: process.env.PATH, WECOM_CORP_SECRET: DEFAULT_ORG.agents.main.secret, WECOM_API_BASE: sim.url };
        const first = await runCli(['apply', '--auto-approve', '--no-synth'], { cwd: dir, env, onSpawn: (p) => { pid = p; } });
        expect(sent).toBe(true);
        if (signal === 'SIGKILL') expect(first.signal).toBe('SIGKILL');
        else expect(first.code).toBe(130);
        // Whatever instant the kill hit, the state file parses (or was never written).
        const mid = fs.existsSync(statePath) ? readState(statePath)! : undefined;
        if (signal === 'SIGINT') expect(mid?.resources.length ?? 0).toBeGreaterThan(0);

        const second = await runCli(['apply', '--auto-approve', '--no-synth'], { cwd: dir, env });
        expect(second.stderr).not.toMatch(/Error/);
        expect(second.code).toBe(0);
        const check = await runCli(['plan', '--detailed-exitcode', '--no-synth'], { cwd: dir, env });
        expect(check.code).toBe(0);

        const chats = sim.sim.inspect.chats().filter((c) => c.name.startsWith('崩溃演练-'));
        expect(chats).toHaveLength(N);
        expect(new Set(chats.map((c) => c.name)).size).toBe(N);
        expect(readState(statePath)!.resources).toHaveLength(N);
      } finally {
        await sim.close();
      }
    });
  }
});
