// Two applies at once on one state: one proceeds, the other fails fast naming the holder.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startSimulator, DEFAULT_ORG } from '../../src/simulator';
import { makeProject, runCli } from '../helpers/cli-project';
import { SLOW_SUITE_TIMEOUT_MS } from '../helpers/timeouts';

jest.setTimeout(SLOW_SUITE_TIMEOUT_MS);

test('a second concurrent apply fails fast, naming the lock holder', async () => {
  const sim = await startSimulator({ faults: { latencyMs: 2500, paths: ['appchat/create'] } });
  try {
    const dir = makeProject(`for (let i = 0; i < 6; i++) new lib.AppChat(stack, 'c' + i, { name: '并发-' + i, owner: 'zhangsan', members: { users: ['zhangsan', 'lisi'] } });`);
    const env = { PATH: process.env.PATH, WECOM_CORP_SECRET: DEFAULT_ORG.agents.main.secret, WECOM_API_BASE: sim.url };
    expect((await runCli(['synth'], { cwd: dir, env })).code).toBe(0);
    let firstPid = 0;
    const first = runCli(['apply', '--auto-approve', '--no-synth'], { cwd: dir, env, onSpawn: (p) => { firstPid = p; } });
    const lockFile = path.join(dir, 'terraform.proj.tfstate.lock.info');
    for (let i = 0; i < 200 && !fs.existsSync(lockFile); i++) await new Promise((r) => setTimeout(r, 25));
    expect(fs.existsSync(lockFile)).toBe(true);
    const second = await runCli(['apply', '--auto-approve', '--no-synth'], { cwd: dir, env });
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(new RegExp(`is locked by .*\\(pid ${firstPid} on .*apply since`));
    const r1 = await first;
    expect(r1.code).toBe(0);
    expect(sim.sim.inspect.chats().filter((c) => c.name.startsWith('并发-'))).toHaveLength(6);
    expect(fs.existsSync(lockFile)).toBe(false);
  } finally {
    await sim.close();
  }
});
