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
  mode?: 'process' | 'in-process';
  /** Scratch directory. @default a fresh one under the OS temp dir, removed afterwards */
  dir?: string;
  log?: (line: string) => void;
}

export type PhaseName = 'plan, one run' | 'plan, separate runs' | 'apply rename, one run';

export interface PhaseRow {
  phase: PhaseName;
  backend: Backend;
  /** CLI processes run (1, or S for the separate runs). */
  runs: number;
  /** Wall time, spawn to exit, summed over the runs (they run one after the other). */
  wallMs: number;
  /** The largest peak RSS of any of the runs, MB. */
  maxRssMb: number;
  /** CPU seconds of the CLI processes, summed. */
  cpuS: number;
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

    const measure = async (phase: PhaseName, b: Backend, runs: () => Promise<CliRun[]>): Promise<PhaseRow> => {
      await simCalls(s.origin, true);
      const t0 = performance.now();
      const rs = await runs();
      const wallMs = performance.now() - t0;
      const row: PhaseRow = {
        phase, backend: b, runs: rs.length, wallMs,
        maxRssMb: Math.max(...rs.map((r) => r.maxRssMb)), cpuS: rs.reduce((n, r) => n + r.cpuS, 0),
        ...(rs.length > 1 ? { perRunMs: { min: Math.min(...rs.map((r) => r.wallMs)), median: median(rs.map((r) => r.wallMs)), max: Math.max(...rs.map((r) => r.wallMs)) } } : {}),
        calls: await simCalls(s.origin, true), exitCodes: rs.map((r) => r.code ?? -1),
      };
      result.rows.push(row);
      log(`${b} ${phase}: ${(wallMs / 1000).toFixed(2)} s, peak RSS ${row.maxRssMb} MB, ${Object.values(row.calls).reduce((a, n) => a + n, 0)} calls`);
      return row;
    };
    const plan = ['plan', '--detailed-exitcode', '--no-synth'];

    for (const b of backends) {
      const row = await measure('plan, one run', b, async () => [expectExit(await run(b, plan), 0, `${b}: plan over all stacks`)]);
      if (row.calls['appchat/get'] !== total) throw new Error(`${b}: the plan over all stacks made ${row.calls['appchat/get'] ?? 0} appchat/get, expected ${total} (one per chat)`);
    }
    if (o.separate !== false) {
      await measure('plan, separate runs', 'local', async () => {
        const rs: CliRun[] = [];
        for (let i = 0; i < o.stacks; i++) rs.push(expectExit(await run('local', [...plan, '--stack', stackName(i)]), 0, `local: plan --stack ${stackName(i)}`));
        return rs;
      });
    }
    for (const b of backends) {
      expectExit(await run(b, ['synth'], { BENCH_RENAME: '1' }), 0, `${b}: synth with renames`);
      const applied = await measure('apply rename, one run', b, async () => [expectExit(await run(b, ['apply', '--auto-approve', '--no-synth']), 0, `${b}: apply renames`)]);
      if (applied.calls['appchat/update'] !== o.stacks) throw new Error(`${b}: the rename apply made ${applied.calls['appchat/update'] ?? 0} appchat/update, expected ${o.stacks} (one per stack)`);
      expectExit(await run(b, plan), 0, `${b}: plan after the renames`);
      await simCalls(s.origin, true);
    }
    return result;
  } finally {
    await sim?.close();
    await pg?.stop();
    if (!o.dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}
