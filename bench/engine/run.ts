// Runs the engine benchmark for one size: apply from empty, then a no-change plan with the
// planner's default concurrency, then the same plan with a naive sequential refresh
// (concurrency 1). API calls are the simulator's own counts (/_sim/calls), reset before each
// phase. `process` mode runs the simulator and every phase in child processes (the figures in
// docs/benchmarks.md); `in-process` mode is for the smoke test.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSimulator } from '../../src/simulator';
import { DEFAULT_ORG } from '../../src/simulator/default-org';
import { phaseProcess, SimHandle, startSimProcess } from './children';
import { PhaseResult, PhaseSpec, runPhase } from './phase';
import { benchStack, MemberSource, simulatorLimits } from './scenario';
import type { SimStats } from './sim-process';

export interface BenchOptions {
  chats: number;
  source?: MemberSource;
  mode?: 'process' | 'in-process';
  /** The planner's default is 16. */
  concurrency?: number;
  /** Skip the naive sequential plan. */
  skipNaive?: boolean;
  /** Scratch directory. @default a fresh one under the OS temp dir */
  dir?: string;
  onPhase?: (row: BenchRow) => void;
}

export interface BenchRow {
  chats: number;
  source: MemberSource;
  phase: 'apply' | 'plan' | 'plan (naive)';
  result: PhaseResult;
  /** Calls the simulator answered during this phase, by endpoint. */
  calls: Record<string, number>;
  /** The endpoint called once per chat: appchat/create for apply, appchat/get for plans. */
  perChat: { endpoint: string; calls: number };
  /** Calls to every other endpoint (token, directory): should not grow with N. */
  otherCalls: number;
  sim?: SimStats;
}

const SECRET_ENV = 'WECOM_BENCH_SECRET';

export type { SimHandle };

export async function simInProcess(chats: number): Promise<SimHandle> {
  const s = await startSimulator({ limits: simulatorLimits(chats) });
  return { url: s.url, origin: s.origin, stats: async () => undefined, close: () => s.close() };
}

export function simProcess(chats: number): Promise<SimHandle> {
  return startSimProcess([JSON.stringify(simulatorLimits(chats))]);
}

export async function simCalls(origin: string, reset: boolean): Promise<Record<string, number>> {
  const res = await fetch(`${origin}/_sim/calls`);
  const body = await res.json() as { counts: Record<string, { calls: number }> };
  if (reset) await fetch(`${origin}/_sim/reset-counters`, { method: 'POST' });
  return Object.fromEntries(Object.entries(body.counts).map(([k, v]) => [k, v.calls]));
}

export async function runEngineBench(o: BenchOptions): Promise<BenchRow[]> {
  const source = o.source ?? 'users';
  const dir = o.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'wecom-bench-'));
  const stackDir = path.join(dir, 'cdktf.out', 'stacks', 'bench');
  fs.mkdirSync(stackDir, { recursive: true });
  const stackFile = path.join(stackDir, 'cdk.tf.json');
  fs.writeFileSync(stackFile, JSON.stringify(benchStack({ chats: o.chats, source, secretEnv: SECRET_ENV, statePath: path.join(dir, 'terraform.bench.tfstate') }), null, 2));
  const sim = o.mode === 'in-process' ? await simInProcess(o.chats) : await simProcess(o.chats);
  const env = { [SECRET_ENV]: DEFAULT_ORG.agents.main.secret, WECOM_API_BASE: sim.url, PATH: process.env.PATH ?? '' };
  const rows: BenchRow[] = [];
  try {
    const phases: Array<[BenchRow['phase'], PhaseSpec['kind'], number]> = [
      ['apply', 'apply', o.concurrency ?? 16],
      ['plan', 'plan', o.concurrency ?? 16],
      ...(o.skipNaive ? [] : [['plan (naive)', 'plan', 1] as [BenchRow['phase'], PhaseSpec['kind'], number]]),
    ];
    for (const [phase, kind, concurrency] of phases) {
      await simCalls(sim.origin, true);
      await sim.stats();
      const spec: PhaseSpec = { kind, stackFile, cwd: dir, env, concurrency };
      const result = o.mode === 'in-process' ? await runPhase(spec) : await phaseProcess(spec);
      const calls = await simCalls(sim.origin, false);
      const endpoint = kind === 'apply' ? 'appchat/create' : 'appchat/get';
      const total = Object.values(calls).reduce((a, b) => a + b, 0);
      const row: BenchRow = { chats: o.chats, source, phase, result, calls, perChat: { endpoint, calls: calls[endpoint] ?? 0 }, otherCalls: total - (calls[endpoint] ?? 0), sim: await sim.stats() };
      rows.push(row);
      o.onPhase?.(row);
    }
  } finally {
    await sim.close();
    if (!o.dir) fs.rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
