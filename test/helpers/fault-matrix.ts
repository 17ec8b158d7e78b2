// The fault x command matrix of the process-level failure suite (issue 9, item 7), as data:
// COMMANDS say how CI runs each command, where its API calls go, and what "done" looks like;
// FAULTS say how to provoke each failure and what each command must then do. runCase() runs one
// cell with the real CLI and checks it. docs/reliability.md's failure table is written from this.
import * as fs from 'node:fs';
import { DEFAULT_ORG } from '../../src/simulator';
import type { SimulatorOptions } from '../../src/simulator';
import { CliResult } from './cli-project';
import { ARCHIVED, buildWorld, Case, ChatKey, observe, Observed, openCase, stateMatchesLive, Variant, World } from './failure-world';
import { closedPort, QueuedFault } from './sim-http';

export type CommandName = 'plan' | 'apply' | 'apply PLANFILE' | 'destroy' | 'drift' | 'import' | 'robot send';

export interface Command {
  name: CommandName;
  args(w: World): string[];
  /** API paths where this command's faults are injected (its refreshes or its writes). */
  paths: string[];
  /** Exit code when the command completes. */
  okExit: number;
  /** Chats whose address a failure may name (the ones the faulted calls are about). */
  names: ChatKey[];
  /** Chats refreshed before any write: a fault on the very first call fails there, naming one of them. */
  refreshes: ChatKey[];
  writes: boolean;
  /** Extra setup before the run (e.g. an out-of-band change for drift to find). */
  setup?(c: Case, w: World): Promise<void>;
  /** The work is done: live state and state file as the command promises. */
  done(w: World, o: Observed, r: CliResult, c: Case): Promise<void>;
}

const live = (o: Observed, w: World, k: ChatKey) => o.live.find((x) => x.chatid === w.chats[k].chatId);

const applyDone: Command['done'] = async (w, o) => {
  expect(live(o, w, 'c1')?.name).toBe('可靠-1-改名');
  expect(live(o, w, 'c3')?.name).toBe('可靠-3');
  expect([...o.stateChats.keys()].sort()).toEqual((['c0', 'c1', 'c2', 'c3'] as const).map((k) => w.chats[k].chatId).sort());
};

const noWrites = async (c: Case) => {
  const calls = await c.http.calls();
  expect(Object.keys(calls.counts).filter((p) => /appchat\/(create|update)|webhook\/send/.test(p))).toEqual([]);
};

export const COMMANDS: Command[] = [
  {
    name: 'plan', args: () => ['plan', '--detailed-exitcode', '--no-synth'], paths: ['appchat/get'], okExit: 2, names: ['c0', 'c1', 'c2'], refreshes: ['c0', 'c1', 'c2'], writes: false,
    done: async (_w, _o, r, c) => {
      expect(r.stdout).toMatch(/Plan: [12] to add, 1 to change, 0 to destroy/);
      await noWrites(c);
    },
  },
  {
    name: 'apply', args: () => ['apply', '--auto-approve', '--no-synth'], paths: ['appchat/create', 'appchat/update'], okExit: 0, names: ['c1', 'c3'], refreshes: ['c0', 'c1', 'c2'], writes: true,
    done: applyDone,
  },
  {
    name: 'apply PLANFILE', args: () => ['apply', 'plan.json', '--no-synth'], paths: ['appchat/create', 'appchat/update'], okExit: 0, names: ['c1', 'c3'],
    // A saved plan is re-derived (refreshed) before it is applied, to refuse one that was edited.
    refreshes: ['c0', 'c1', 'c2'], writes: true,
    done: applyDone,
  },
  {
    name: 'destroy', args: () => ['destroy', '--auto-approve', '--no-synth'], paths: ['appchat/update'], okExit: 0, names: ['c0', 'c1', 'c2'], refreshes: ['c0', 'c1', 'c2'], writes: true,
    done: async (w, o) => {
      for (const k of ['c0', 'c1', 'c2'] as const) expect(live(o, w, k)?.name.startsWith(ARCHIVED)).toBe(true);
      expect([...o.stateChats.keys()]).toEqual([]);
    },
  },
  {
    name: 'drift', args: () => ['drift', '--no-synth'], paths: ['appchat/get'], okExit: 2, names: ['c0', 'c1', 'c2'], refreshes: ['c0', 'c1', 'c2'], writes: false,
    setup: async (c, w) => { await c.http.oobAppChat({ chatid: w.chats.c0.chatId, del_user_list: ['wangwu'] }); },
    done: async (w, _o, r, c) => {
      expect(r.stdout).toContain(w.chats.c0.address);
      await noWrites(c);
    },
  },
  {
    name: 'import', args: (w) => ['import', w.chats.c3.address, 'simopsroom', '--no-synth'], paths: ['appchat/get'], okExit: 0, names: ['c3'], refreshes: [], writes: false,
    done: async (w, o, _r, c) => {
      expect(o.stateChats.get('simopsroom')).toBe(w.chats.c3.address);
      await noWrites(c);
    },
  },
  {
    name: 'robot send', args: () => ['robot', 'send', '--key-env', 'WECOM_ROBOT_OPS_KEY', '--text', '可靠性演练', '--max-wait', '2'], paths: ['webhook/send'], okExit: 0, names: [], refreshes: [], writes: true,
    done: async (_w, _o, _r, c) => {
      expect(await c.http.messages({ robot: DEFAULT_ORG.robots.ops.name, via: 'robot' })).toHaveLength(1);
    },
  },
];

/** What a command must do under a fault. */
export type Expect =
  | { ok: true; /** exit code instead of the command's okExit */ exit?: number; mention?: RegExp }
  | {
    ok: false;
    /** The WeCom errcode the error must carry. */
    errcode?: number;
    /** More the output must say (e.g. the quota's name). */
    mention?: RegExp;
    /** Robot messages that exist afterwards (not sent twice, not claimed). */
    messages?: number;
    /** The error names the attempts (false where no call was sent, e.g. a quota the client enforces). */
    attempts?: boolean;
    /** Chats the error may name, instead of the command's; 'none' where it fails before any resource is touched. */
    names?: ChatKey[] | 'none';
  };

export interface Fault {
  name: string;
  /** One line for the docs: how the fault is provoked. */
  how: string;
  variant?: Variant;
  /** Fails the very first API call (gettoken or the first refresh), before any write. */
  early?: boolean;
  sim?(cmd: Command): Omit<SimulatorOptions, 'dataFile' | 'log'>;
  /** Provokes the fault (queue, hooks, environment); returns a check that it really happened. */
  arm(c: Case, cmd: Command, w: World): Promise<(() => Promise<void>) | void>;
  expect(cmd: Command): Expect | 'n/a';
}

const PERSISTENT = 100;

const queued = (mode: QueuedFault['mode'], count: number) => async (c: Case, cmd: Command) => {
  await c.http.queue(...cmd.paths.map((path) => ({ mode, path, count })));
  return async () => {
    const log = (await c.http.calls()).log;
    expect(log.filter((e) => e.fault === mode).length).toBeGreaterThan(0);
  };
};

const transient = (mode: QueuedFault['mode'], what: string): Fault => ({
  name: `${what} once`, how: `one queued \`${mode}\` on each faulted path`,
  arm: queued(mode, 1),
  // A robot message whose answer was lost cannot be repeated safely (it may have been posted).
  expect: (cmd) => (cmd.name === 'robot send' && mode.startsWith('reset')
    ? { ok: false, messages: mode === 'reset' ? 0 : 1, mention: /lost|unknown|may (or may not )?have/i }
    : { ok: true }),
});

/**
 * Persistent faults use up every attempt; WECOM_MAX_ATTEMPTS (the CLI's knob for CI) keeps that
 * short: the default 8 attempts back off for ~11 s on average per call.
 */
export const MAX_ATTEMPTS = '3';

const persistent = (mode: QueuedFault['mode'], what: string, errcode?: number): Fault => ({
  name: `${what} persistent`, how: `${PERSISTENT} queued \`${mode}\` on each faulted path; WECOM_MAX_ATTEMPTS=${MAX_ATTEMPTS}`,
  arm: async (c, cmd) => {
    c.env.WECOM_MAX_ATTEMPTS = MAX_ATTEMPTS;
    return queued(mode, PERSISTENT)(c, cmd);
  },
  expect: (cmd) => ({ ok: false, errcode, messages: cmd.name === 'robot send' ? 0 : undefined }),
});

export const FAULTS: Fault[] = [
  {
    name: 'unreachable API', early: true, how: `WECOM_API_BASE=http://127.0.0.1:<closed port>/cgi-bin/; WECOM_MAX_ATTEMPTS=${MAX_ATTEMPTS}`,
    arm: async (c) => {
      c.env.WECOM_API_BASE = `http://127.0.0.1:${await closedPort()}/cgi-bin/`;
      c.env.WECOM_MAX_ATTEMPTS = MAX_ATTEMPTS;
    },
    expect: () => ({ ok: false, messages: 0 }),
  },
  transient('busy', 'busy -1'),
  persistent('busy', 'busy -1', -1),
  transient('freq', '45009'),
  persistent('freq', '45009', 45009),
  transient('concurrency', '45033'),
  persistent('concurrency', '45033', 45033),
  transient('reset', 'connection reset'),
  persistent('reset', 'connection reset'),
  transient('reset-after-apply', 'reset after apply'),
  {
    // Revoked as soon as it is issued, so the next call meets a revoked token whatever the order of calls.
    name: 'token revoked mid-run', how: 'every access token revoked right after the run fetched its token (gettoken answered)',
    arm: async (c) => {
      let revoked = false;
      c.onLog((line) => { if (!revoked && /\/cgi-bin\/gettoken errcode=0/.test(line)) { revoked = true; c.sim.sim.revokeTokens(); } });
      return async () => {
        expect(revoked).toBe(true);
        const log = (await c.http.calls()).log;
        expect(log.filter((e) => e.errcode === 40014).length).toBeGreaterThan(0);
      };
    },
    expect: (cmd) => (cmd.name === 'robot send' ? 'n/a' : { ok: true }),
  },
  {
    name: 'wrong secret', early: true, how: 'WECOM_CORP_SECRET wrong (robot send: an unknown webhook key)',
    arm: async (c, cmd) => {
      if (cmd.name === 'robot send') c.env.WECOM_ROBOT_OPS_KEY = '5100b07a-0000-4000-8000-0000000000ff';
      else c.env.WECOM_CORP_SECRET = 'not-the-secret';
    },
    expect: (cmd) => {
      if (cmd.name === 'robot send') return { ok: false, errcode: 93000, messages: 0 };
      // A saved plan is signed with the corp secret: another secret fails its check before any call.
      if (cmd.name === 'apply PLANFILE') return { ok: false, names: 'none', mention: /^Error: .*secret/m };
      return { ok: false, errcode: 40001 };
    },
  },
  {
    name: 'quota spent mid-apply', variant: 'quota',
    how: 'provider chatCreatesPerDay 4 with 3 used (ledger) and 2 creates planned; chatUpdatesPerHour 2 for destroy; robot: simulator robotMessagesPerMinute 1, one message already sent',
    sim: (cmd) => (cmd.name === 'robot send' ? { limits: { robotMessagesPerMinute: 1 } } : {}),
    arm: async (c, cmd) => {
      if (cmd.name !== 'robot send') return;
      const res = await fetch(`${c.sim.url}webhook/send?key=${DEFAULT_ORG.robots.ops.key}`, { method: 'POST', body: JSON.stringify({ msgtype: 'text', text: { content: 'earlier' } }) });
      expect(((await res.json()) as { errcode: number }).errcode).toBe(0);
    },
    expect: (cmd) => {
      switch (cmd.name) {
        case 'plan': return { ok: true, mention: /chatCreatesPerDay|chat creates per day/ };
        case 'apply': case 'apply PLANFILE': return { ok: false, attempts: false, names: ['c3', 'c4'], mention: /chatCreatesPerDay[^\n]*(reset|frees up)/i };
        case 'destroy': return { ok: false, attempts: false, mention: /chatUpdatesPerHour[^\n]*(reset|frees up)/i };
        case 'robot send': return { ok: false, errcode: 45009, messages: 1 };
        default: return 'n/a';
      }
    },
  },
];

/** One slow answer, beyond the client's timeout (WECOM_TIMEOUT_MS, which every command takes), on each faulted path. */
export const TIMEOUT_MS = 1000;
const slowMs = (_cmd: Command) => 2 * TIMEOUT_MS;
export const SLOW: Fault = {
  name: 'slow answer',
  how: `the first call on each faulted path answers after 2 x WECOM_TIMEOUT_MS=${TIMEOUT_MS}`,
  arm: async (c, cmd) => {
    c.env.WECOM_TIMEOUT_MS = String(TIMEOUT_MS);
    const slowed = new Set<string>();
    const decide = c.sim.sim.faults.decide.bind(c.sim.sim.faults);
    c.sim.sim.faults.decide = (p: string) => {
      const d = decide(p);
      const target = cmd.paths.find((x) => p.startsWith(x));
      if (!target || slowed.has(target)) return d;
      slowed.add(target);
      return { ...(d ?? {}), latencyMs: slowMs(cmd) };
    };
    return async () => { expect(slowed.size).toBe(cmd.paths.length); };
  },
  expect: (cmd) => (cmd.name === 'robot send' ? { ok: false, messages: 1, mention: /lost|unknown|may (or may not )?have|timeout|within/i } : { ok: true }),
};

const ERRCODE = (code: number) => new RegExp(`errcode[^\\d-]*${code}\\b|\\b${code}\\b`);

/** Collects every broken promise of a cell, so one failure report says all that went wrong. */
async function softly(problems: string[], what: string, fn: () => unknown): Promise<void> {
  try {
    await fn();
  } catch (err) {
    problems.push(`${what}: ${(err as Error).message.split('\n').filter(Boolean).slice(0, 6).join(' | ')}`);
  }
}

/** Runs one cell: a fresh copy of the world, the fault armed, the real CLI, then every check. */
export async function runCase(world: World, fault: Fault, cmd: Command): Promise<void> {
  const expected = fault.expect(cmd);
  if (expected === 'n/a') return;
  const c = await openCase(world, fault.variant ?? 'v2', fault.sim?.(cmd) ?? {});
  const problems: string[] = [];
  let r: CliResult | undefined;
  try {
    await cmd.setup?.(c, world);
    const happened = await fault.arm(c, cmd, world);
    r = await c.run(cmd.args(world));
    await c.quiesce();
    const o = await observe(c);
    const output = `${r.stdout}\n${r.stderr}`;
    const lines = output.split('\n');
    const want = expected.ok ? (expected.exit ?? cmd.okExit) : 1;
    // Every run: the exit code, the lock released, no journal or temp file left, the state file holding what exists live.
    if (r.code !== want) problems.push(`exit ${r.code ?? r.signal}${r.timedOut ? ' (killed: timed out)' : ''}, expected ${want}`);
    if (o.lockLeft) problems.push('the lock file was left behind');
    if (o.journalLeft) problems.push('the journal was left behind (not compacted)');
    if (o.tmpLeft.length) problems.push(`temp files left: ${o.tmpLeft.join(', ')}`);
    problems.push(...stateMatchesLive(world, o));
    if (happened) await softly(problems, 'the fault did not happen', happened);
    if (expected.mention && !expected.mention.test(output)) problems.push(`the output does not match ${expected.mention}`);
    if (expected.ok) {
      if (r.code === want) await softly(problems, 'the work is not done', () => cmd.done(world, o, r!, c));
    } else {
      // An error line naming what failed (the resource, or for robot send the endpoint) and the attempts.
      // A fault on the very first call fails the refresh (no write started) where there is one.
      const inRefresh = !!fault.early && cmd.refreshes.length > 0;
      const names = expected.names ?? (inRefresh ? cmd.refreshes : cmd.names);
      const what = names === 'none' ? /^Error: / : names.length ? new RegExp(names.map((k) => world.chats[k].address.replace('.', '\\.')).join('|')) : /webhook\/send/;
      if (names !== 'none' && !lines.some((l) => what.test(l) && (expected.attempts === false || /attempt/.test(l)))) problems.push(`no error line names ${what}${expected.attempts === false ? '' : ' and the attempts'}`);
      if (expected.errcode !== undefined) {
        const withCode = lines.filter((l) => ERRCODE(expected.errcode!).test(l));
        if (!withCode.length) problems.push(`no line carries errcode ${expected.errcode}`);
        else if (cmd.name.startsWith('apply') && !withCode.some((l) => what.test(l))) problems.push(`no failed line names ${what} with errcode ${expected.errcode}`);
      }
      if ((cmd.name.startsWith('apply') || cmd.name === 'destroy') && !inRefresh && names !== 'none') {
        // What was done, what failed, what never started.
        if (!/(Apply|Destroy) failed: \d+ done, [1-9]\d* failed, \d+ not started\./.test(output)) problems.push('no "Apply failed: N done, M failed, K not started." summary');
        if (!lines.some((l) => /^\s*failed: /.test(l) && what.test(l))) problems.push(`no "failed: <address>" line for ${what}`);
      }
      if (expected.messages !== undefined) {
        const n = (await c.http.messages({ via: 'robot' })).length;
        if (n !== expected.messages) problems.push(`${n} robot messages arrived, expected ${expected.messages}`);
      }
    }
    // Nothing created twice: names are unique live (chat ids are deterministic, so an id cannot repeat).
    const names = o.live.map((x) => x.name);
    if (names.length !== new Set(names).size) problems.push('a chat exists twice live');
  } finally {
    await c.close();
  }
  const said = r ? `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => /Error|failed|Warning|quota|Apply|attempt/.test(l)).slice(0, 8) : [];
  const verdict = { fault: fault.name, command: cmd.name, exit: r?.code ?? r?.signal ?? null, problems, said };
  if (process.env.RELIABILITY_MATRIX) fs.appendFileSync(process.env.RELIABILITY_MATRIX, JSON.stringify(verdict) + '\n');
  if (problems.length) {
    const tail = r ? `${r.stdout}\n${r.stderr}`.trim().split('\n').slice(-12).map((l) => `  | ${l}`).join('\n') : '';
    throw new Error(`${fault.name} x ${cmd.name}:\n- ${problems.join('\n- ')}\noutput (last lines):\n${tail}`);
  }
}

export interface Cell { fault: Fault; cmd: Command }

export function cellsOf(faults: Fault[], commands: Command[] = COMMANDS): Cell[] {
  return faults.flatMap((fault) => commands.filter((cmd) => fault.expect(cmd) !== 'n/a').map((cmd) => ({ fault, cmd })));
}

/**
 * Declares one jest test per cell. The cells start together once the world is built, at most
 * `concurrency` at a time (jest's test.concurrent stops at 5, and most of a cell's time is spent
 * waiting for backoffs, timeouts and file system calls, not on the CPU); each test awaits its
 * own cell's verdict. RELIABILITY_MATRIX=<file> appends each verdict to <file> as a JSON line.
 */
export function describeCells(title: string, all: Cell[], concurrency: number): void {
  // RELIABILITY_CELLS=<regex on "fault x command"> runs only those cells (jest -t only hides the others' results).
  const only = process.env.RELIABILITY_CELLS ? new RegExp(process.env.RELIABILITY_CELLS) : undefined;
  const cells = all.filter((c) => !only || only.test(`${c.fault.name} x ${c.cmd.name}`));
  describe(title, () => {
    const verdicts = new Map<Cell, Promise<Error | undefined>>();
    beforeAll(async () => {
      const world = await buildWorld();
      let running = 0;
      const queue: Array<() => void> = [];
      const slot = () => new Promise<void>((resolve) => { if (running < concurrency) { running++; resolve(); } else queue.push(() => { running++; resolve(); }); });
      const free = () => { running--; queue.shift()?.(); };
      for (const cell of cells) {
        verdicts.set(cell, slot().then(() => runCase(world, cell.fault, cell.cmd)).then(() => undefined, (err: Error) => err).finally(free));
      }
    }, 120_000);
    for (const cell of cells) {
      test(`${cell.fault.name} x ${cell.cmd.name}`, async () => {
        const err = await verdicts.get(cell);
        if (err) throw err;
      }, 300_000);
    }
  });
}
