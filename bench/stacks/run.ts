// The many-stacks benchmark: S stacks x C app chats, already applied (set up once, not
// measured), against the simulator (a process of its own in `process` mode; in-process for the
// smoke test, the CLI always runs in child processes). Measured, each a real `cdktf-wecom` run:
//
//   1. local state: a no-change `plan --detailed-exitcode --no-synth` over all S stacks in ONE
//      run, vs S separate `plan --detailed-exitcode --no-synth --stack <s>` runs, one after the
//      other (as S CI jobs would);
//   2. the one-run plan and an apply of a small change (the first chat of every stack renamed:
//      S appchat/update) with local state files vs state in PostgreSQL (cdktf's PgBackend, a
//      schema per stack, PG_CONN_STR; the corp ledger in one schema, WECOM_LEDGER_SCHEMA, as the
//      CI example sets it).
//
// Every run must exit 0 (no changes left after the apply: checked by a plan after it), or the
// bench fails instead of reporting a figure. API calls are the simulator's own counts, reset
// before each measured phase.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_ORG } from '../../src/simulator/default-org';
import { startPostgres, TestPostgres } from '../../test/helpers/postgres';
import { SimHandle, simCalls, simInProcess, simProcess } from '../engine/run';
import { CliRun, CliRunner, expectExit } from './cli';
import { Backend, stackName, writeApp } from './scenario';

export interface StacksBenchOptions {
  stacks: number;
  chatsPerStack: number;
  /** Measure the pg backend too (starts a throwaway PostgreSQL). @default true */
  pg?: boolean;
  /** Measure the S separate runs. @default true */
  separate?: boolean;
  /** Rounds of each one-run phase (median reported). @default 3 */
  rounds?: number;
  mode?: 'process' | 'in-process';
  /** Scratch directory. @default a fresh one under the OS temp dir, removed afterwards */
  dir?: string;
  log?: (line: string) => void;
}

export type PhaseName = 'plan, one run' | 'plan, separate runs' | 'apply rename, one run';

export interface PhaseRow {
  phase: PhaseName;
  backend: Backend;
  /** CLI processes per measurement (1, or S for the separate runs). */
  runs: number;
  /** Wall time, spawn to exit, summed over the runs (they run one after the other). */
  wallMs: number;
  /** The largest peak RSS of any of the runs (and rounds), MB. */
  maxRssMb: number;
  /** CPU seconds of the CLI processes, summed. */
  cpuS: number;
  /** One-run phases: the wall time of each round (ms); wallMs and cpuS are their medians. */
  roundsMs?: number[];
  /** Per-run wall times (ms) for separate runs: min, median, max. */
  perRunMs?: { min: number; median: number; max: number };
  /** Calls the simulator answered during the phase, by endpoint. */
  calls: Record<string, number>;
  exitCodes: number[];
}

export interface StacksBenchResult {
  stacks: number;
  chatsPerStack: number;
  setup: Array<{ backend: Backend; wallMs: number; calls: Record<string, number> }>;
  rows: PhaseRow[];
  postgres?: string;
}

/** The repository root (this file runs as bench/stacks/run.ts or dist/bench/stacks/run.js). */
export function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

export async function runStacksBench(o: StacksBenchOptions): Promise<StacksBenchResult> {
  const log = o.log ?? (() => undefined);
  const root = repoRoot();
  const dir = o.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'wecom-bench-stacks-'));
  const cli = new CliRunner(path.join(root, 'bin', 'cdktf-wecom'), path.join(dir, 'usage'));
  const backends: Backend[] = o.pg === false ? ['local'] : ['local', 'pg'];
  const total = o.stacks * o.chatsPerStack;
  let sim: SimHandle | undefined;
  let pg: TestPostgres | undefined;
  const result: StacksBenchResult = { stacks: o.stacks, chatsPerStack: o.chatsPerStack, setup: [], rows: [] };
  try {
    sim = o.mode === 'in-process' ? await simInProcess(total * backends.length) : await simProcess(total * backends.length);
    const s = sim;
    if (backends.includes('pg')) {
      pg = await startPostgres();
      const c = await import('pg').then((m) => new m.Client({ connectionString: pg!.connStr }));
      await c.connect();
      result.postgres = `PostgreSQL ${(await c.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0].v}, max_connections ${(await c.query<{ v: string }>("SELECT current_setting('max_connections') AS v")).rows[0].v}`;
      await c.end();
    }
    const env = (b: Backend): NodeJS.ProcessEnv => ({
      PATH: process.env.PATH, HOME: process.env.HOME ?? os.homedir(),
      WECOM_CORP_SECRET: DEFAULT_ORG.agents.main.secret, WECOM_API_BASE: s.url,
      ...(b === 'pg' ? { PG_CONN_STR: pg!.connStr, WECOM_LEDGER_SCHEMA: 'bench_ledger' } : {}),
    });
    const projects = new Map<Backend, string>();
    const run = (b: Backend, args: string[], extra: NodeJS.ProcessEnv = {}) => cli.run(args, { cwd: projects.get(b)!, env: { ...env(b), ...extra } });

    // Setup, not measured: synthesize, apply everything, check a plan finds nothing to do.
    for (const b of backends) {
      const project = path.join(dir, b);
      writeApp(project, { stacks: o.stacks, chatsPerStack: o.chatsPerStack, backend: b, root });
      projects.set(b, project);
      expectExit(await run(b, ['synth']), 0, `${b}: synth`);
      await simCalls(s.origin, true);
      const t0 = performance.now();
      expectExit(await run(b, ['apply', '--auto-approve', '--no-synth']), 0, `${b}: setup apply`);
      const wallMs = performance.now() - t0;
      result.setup.push({ backend: b, wallMs, calls: await simCalls(s.origin, true) });
      log(`setup ${b}: ${total} chats applied in ${(wallMs / 1000).toFixed(1)} s`);
    }

    const callsOk = (b: Backend, phase: PhaseName, calls: Record<string, number>): void => {
      const want = phase === 'apply rename, one run' ? ['appchat/update', o.stacks] as const : ['appchat/get', total] as const;
      if (calls[want[0]] !== want[1]) throw new Error(`${b} ${phase}: ${calls[want[0]] ?? 0} ${want[0]}, expected ${want[1]}`);
    };
    /** One measured phase: `runs` CLI processes one after the other; wall time from the first spawn to the last exit. */
    const measure = async (phase: PhaseName, b: Backend, runs: () => Promise<CliRun[]>): Promise<PhaseRow> => {
      await simCalls(s.origin, true);
      const t0 = performance.now();
      const rs = await runs();
      const wallMs = performance.now() - t0;
      return {
        phase, backend: b, runs: rs.length, wallMs,
        maxRssMb: Math.max(...rs.map((r) => r.maxRssMb)), cpuS: rs.reduce((n, r) => n + r.cpuS, 0),
        ...(rs.length > 1 ? { perRunMs: { min: Math.min(...rs.map((r) => r.wallMs)), median: median(rs.map((r) => r.wallMs)), max: Math.max(...rs.map((r) => r.wallMs)) } } : {}),
        calls: await simCalls(s.origin, true), exitCodes: rs.map((r) => r.code ?? -1),
      };
    };
    /** Rounds of a one-run phase, merged into one row: median wall and CPU, largest peak RSS, every exit code, the first round's calls. */
    const rounds = new Map<string, PhaseRow[]>();
    const addRound = (row: PhaseRow): void => {
      callsOk(row.backend, row.phase, row.calls);
      const key = `${row.backend} ${row.phase}`;
      rounds.set(key, [...(rounds.get(key) ?? []), row]);
      log(`${key}: ${(row.wallMs / 1000).toFixed(2)} s, peak RSS ${row.maxRssMb} MB, ${Object.values(row.calls).reduce((a, n) => a + n, 0)} calls`);
    };
    const plan = ['plan', '--detailed-exitcode', '--no-synth'];
    const nRounds = Math.max(1, o.rounds ?? 3);

    // Rounds alternate the backends, so load on a shared machine hits both alike.
    for (let r = 0; r < nRounds; r++) {
      for (const b of backends) addRound(await measure('plan, one run', b, async () => [expectExit(await run(b, plan), 0, `${b}: plan over all stacks`)]));
    }
    if (o.separate !== false) {
      const row = await measure('plan, separate runs', 'local', async () => {
        const rs: CliRun[] = [];
        for (let i = 0; i < o.stacks; i++) rs.push(expectExit(await run('local', [...plan, '--stack', stackName(i)]), 0, `local: plan --stack ${stackName(i)}`));
        return rs;
      });
      callsOk('local', row.phase, row.calls);
      result.rows.push(row);
      log(`local ${row.phase}: ${(row.wallMs / 1000).toFixed(2)} s, peak RSS ${row.maxRssMb} MB, ${Object.values(row.calls).reduce((a, n) => a + n, 0)} calls`);
    }
    for (let r = 1; r <= nRounds; r++) {
      for (const b of backends) {
        // Round r renames the first chat of every stack to "… (renamed r)": 50 changes each round.
        expectExit(await run(b, ['synth'], { BENCH_RENAME: String(r) }), 0, `${b}: synth with renames`);
        addRound(await measure('apply rename, one run', b, async () => [expectExit(await run(b, ['apply', '--auto-approve', '--no-synth']), 0, `${b}: apply renames`)]));
        expectExit(await run(b, plan), 0, `${b}: plan after the renames`);
        await simCalls(s.origin, true);
      }
    }
    for (const rows of rounds.values()) {
      const calls = JSON.stringify(rows[0].calls);
      // The per-chat counts were checked each round; the directory's may vary by a call or two.
      if (rows.some((x) => JSON.stringify(x.calls) !== calls)) log(`note: ${rows[0].backend} ${rows[0].phase}: API calls differ between rounds (the first round's are reported): ${rows.map((x) => JSON.stringify(x.calls)).join(' vs ')}`);
      result.rows.push({
        ...rows[0], wallMs: median(rows.map((x) => x.wallMs)), cpuS: median(rows.map((x) => x.cpuS)),
        maxRssMb: Math.max(...rows.map((x) => x.maxRssMb)), exitCodes: rows.flatMap((x) => x.exitCodes),
        roundsMs: rows.map((x) => x.wallMs),
      });
    }
    return result;
  } finally {
    await sim?.close();
    await pg?.stop();
    if (!o.dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}
