// Issue 9, item 7, crashes: the CLI process is killed at chosen points (kill -9 when the
// simulator answers a given call; inside a state compaction via test/helpers/preempt.js) and the
// next run must converge: lock taken over, journal compacted, state file = live state, nothing
// created twice, a following plan clean. No kill point depends on timing.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliResult } from '../helpers/cli-project';
import { ARCHIVED, buildWorld, Case, observe, openCase, stateMatchesLive, World } from '../helpers/failure-world';
import { waitFor } from '../helpers/sim-http';

const PREEMPT = path.resolve(__dirname, '..', 'helpers', 'preempt.js');

let world: World;
beforeAll(async () => { world = await buildWorld(); }, 120_000);

/** Runs `args`, sending `signal` to the CLI when the simulator logs a line matching `at` for the `nth` time. */
async function killWhen(c: Case, args: string[], at: RegExp, signal: NodeJS.Signals, nth = 1): Promise<{ r: CliResult; sent: boolean }> {
  let pid = 0;
  let seen = 0;
  let sent = false;
  c.onLog((line) => {
    if (!sent && pid && at.test(line) && ++seen === nth) { sent = true; process.kill(pid, signal); }
  });
  const r = await c.run(args, { onSpawn: (p) => { pid = p; } });
  return { r, sent };
}

async function expectConverged(c: Case, what: string): Promise<void> {
  const o = await observe(c);
  expect({ what, lockLeft: o.lockLeft, journalLeft: o.journalLeft, tmpLeft: o.tmpLeft, problems: stateMatchesLive(world, o) })
    .toEqual({ what, lockLeft: false, journalLeft: false, tmpLeft: [], problems: [] });
  const names = o.live.map((x) => x.name);
  expect(names.length).toBe(new Set(names).size);
}

test('kill -9 during apply: the re-run takes over the lock, replays the journal and converges, nothing created twice', async () => {
  const c = await openCase(world);
  try {
    const { r, sent } = await killWhen(c, ['apply', '--auto-approve', '--no-synth'], /appchat\/create errcode=0/, 'SIGKILL');
    expect(sent).toBe(true);
    expect(r.signal).toBe('SIGKILL');
    expect(fs.existsSync(`${c.statePath}.lock.info`)).toBe(true); // the dead run's lock

    const again = await c.run(['apply', '--auto-approve', '--no-synth']);
    expect({ code: again.code, stderr: again.stderr }).toEqual({ code: 0, stderr: expect.not.stringMatching(/Error/) });
    await expectConverged(c, 'after the re-run');
    const live = await c.http.chats();
    expect(live.find((x) => x.chatid === world.chats.c3.chatId)?.name).toBe('可靠-3');
    expect(live.find((x) => x.chatid === world.chats.c1.chatId)?.name).toBe('可靠-1-改名');
    const creates = (await c.http.calls()).counts['appchat/create'];
    expect(creates.ok).toBe(1); // c3 created once; a repeated create would have been answered 86215
    expect((await c.run(['plan', '--detailed-exitcode', '--no-synth'])).code).toBe(0);
  } finally {
    await c.close();
  }
}, 120_000);

test('SIGINT during apply: exit 130, what finished is saved, the lock released, the journal compacted', async () => {
  const c = await openCase(world);
  try {
    const { r, sent } = await killWhen(c, ['apply', '--auto-approve', '--no-synth'], /appchat\/create errcode=0/, 'SIGINT');
    expect(sent).toBe(true);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 130, stderr: expect.stringMatching(/SIGINT/) });
    await expectConverged(c, 'after SIGINT');
  } finally {
    await c.close();
  }
}, 120_000);

test("kill -9 during an onDestroy 'archive' destroy: the re-run converges (every chat archived, state empty)", async () => {
  const c = await openCase(world);
  try {
    // Killed when WeCom accepted the first archive (rename + members removed) of the three.
    const { r, sent } = await killWhen(c, ['destroy', '--auto-approve', '--no-synth'], /appchat\/update errcode=0/, 'SIGKILL');
    expect(sent).toBe(true);
    expect(r.signal).toBe('SIGKILL');

    const again = await c.run(['destroy', '--auto-approve', '--no-synth']);
    const out = `${again.stdout}\n${again.stderr}`.trim().split('\n').slice(-6).join('\n');
    expect({ code: again.code, out }).toEqual({ code: 0, out: expect.not.stringMatching(/Error|FAILED/) });
    await expectConverged(c, 'after the re-run');
    const live = await c.http.chats();
    for (const k of ['c0', 'c1', 'c2'] as const) {
      const chat = live.find((x) => x.chatid === world.chats[k].chatId)!;
      expect({ k, name: chat.name.startsWith(ARCHIVED) }).toEqual({ k, name: true });
    }
    const third = await c.run(['destroy', '--auto-approve', '--no-synth']);
    expect(third.code).toBe(0);
  } finally {
    await c.close();
  }
}, 120_000);

describe('kill -9 inside a state compaction (the end of an apply), at each step', () => {
  for (const point of ['backup', 'state-rename', 'journal-remove'] as const) {
    test(point, async () => {
      const c = await openCase(world);
      try {
        const pauseDir = path.dirname(c.dir);
        c.env.NODE_OPTIONS = `--require ${PREEMPT}`;
        c.env.WECOM_TEST_PAUSE_AT = point;
        c.env.WECOM_TEST_PAUSE_DIR = pauseDir;
        let pid = 0;
        const running = c.run(['apply', '--auto-approve', '--no-synth'], { onSpawn: (p) => { pid = p; } });
        const marker = path.join(pauseDir, `paused-${point}`);
        let exited = false;
        void running.then(() => { exited = true; });
        await waitFor(`the apply to reach compaction step ${point}`, () => exited || fs.existsSync(marker), 2400);
        expect({ point, reached: fs.existsSync(marker) }).toEqual({ point, reached: true });
        process.kill(pid, 'SIGKILL');
        expect((await running).signal).toBe('SIGKILL');
        // Whatever instant the kill hit: the state file parses, and so does its backup (Terraform's promise: the previous state).
        expect(() => JSON.parse(fs.readFileSync(c.statePath, 'utf8'))).not.toThrow();
        const backup = `${c.statePath}.backup`;
        if (fs.existsSync(backup)) expect({ backup: fs.readFileSync(backup, 'utf8').slice(0, 1) }).toEqual({ backup: '{' });

        delete c.env.NODE_OPTIONS;
        const again = await c.run(['apply', '--auto-approve', '--no-synth']);
        expect({ code: again.code, stderr: again.stderr }).toEqual({ code: 0, stderr: expect.not.stringMatching(/Error/) });
        await expectConverged(c, 'after the re-run');
        expect((await c.run(['plan', '--detailed-exitcode', '--no-synth'])).code).toBe(0);
      } finally {
        await c.close();
      }
    }, 120_000);
  }
});
