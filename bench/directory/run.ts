// Runs the directory benchmark: a plan (from an empty state) of a stack of N app chats drawing on
// departments of a generated org, once with the contacts-sync secret (user/list_id) and once
// without (user/simplelist per department of the referenced subtrees). `process` mode: the
// simulator and each plan in processes of their own (the figures in docs/benchmarks.md);
// `in-process` mode for tests.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSimulator } from '../../src/simulator';
import { DEFAULT_ORG } from '../../src/simulator/default-org';
import { phaseProcess, SimHandle, startSimProcess } from '../engine/children';
import { PhaseResult, PhaseSpec, runPhase } from '../engine/phase';
import type { SimStats } from '../engine/sim-process';
import { directoryStack, ScenarioFacts } from './scenario';

export type Variant = 'contacts secret' | 'app secret only';

export interface DirectoryBenchOptions {
  orgSize: number;
  chats: number;
  variants?: Variant[];
  mode?: 'process' | 'in-process';
  twoDepartments?: boolean;
  divisions?: number;
}

export interface DirectoryBenchRow {
  variant: Variant;
  orgSize: number;
  chats: number;
  result: PhaseResult;
  /** The simulator's counts, by endpoint. */
  calls: Record<string, number>;
  /** Calls answered with an error, by endpoint and errcode (e.g. list_id 48002 without the secret). */
  errors: Record<string, Record<string, number>>;
  facts: ScenarioFacts;
  sim?: SimStats;
  /** Simulator start-up (process start and generating the org included), ms. */
  simStartMs: number;
  /** Simulator peak RSS up to its first request, MB (process mode). */
  simStartRssMb?: number;
}

const SECRET_ENV = 'WECOM_BENCH_SECRET';
const CONTACTS_ENV = 'WECOM_BENCH_CONTACTS_SECRET';

interface TimedSim extends SimHandle { startMs: number }

async function simInProcess(orgSize: number): Promise<TimedSim> {
  const t0 = performance.now();
  const s = await startSimulator({ orgSize });
  return { url: s.url, origin: s.origin, startMs: Math.round(performance.now() - t0), stats: async () => undefined, close: () => s.close() };
}

async function simProcess(orgSize: number): Promise<TimedSim> {
  const t0 = performance.now();
  const sim = await startSimProcess(['{}', String(orgSize)]);
  return { ...sim, startMs: Math.round(performance.now() - t0) };
}

async function simCalls(origin: string): Promise<{ calls: Record<string, number>; errors: Record<string, Record<string, number>> }> {
  const res = await fetch(`${origin}/_sim/calls`);
  const body = await res.json() as { counts: Record<string, { calls: number; errors: Record<string, number> }> };
  await fetch(`${origin}/_sim/reset-counters`, { method: 'POST' });
  const errors = Object.fromEntries(Object.entries(body.counts).filter(([, v]) => Object.keys(v.errors).length).map(([k, v]) => [k, v.errors]));
  return { calls: Object.fromEntries(Object.entries(body.counts).map(([k, v]) => [k, v.calls])), errors };
}

export async function runDirectoryBench(o: DirectoryBenchOptions): Promise<DirectoryBenchRow[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wecom-dirbench-'));
  const sim = o.mode === 'in-process' ? await simInProcess(o.orgSize) : await simProcess(o.orgSize);
  const rows: DirectoryBenchRow[] = [];
  const startStats = await sim.stats();
  try {
    for (const variant of o.variants ?? ['contacts secret', 'app secret only']) {
      const contacts = variant === 'contacts secret';
      const stackDir = path.join(dir, contacts ? 'contacts' : 'app', 'cdktf.out', 'stacks', 'dir');
      fs.mkdirSync(stackDir, { recursive: true });
      const stackFile = path.join(stackDir, 'cdk.tf.json');
      const { doc, facts } = directoryStack({
        orgSize: o.orgSize, chats: o.chats, secretEnv: SECRET_ENV, contactsEnv: contacts ? CONTACTS_ENV : undefined,
        statePath: path.join(stackDir, 'terraform.dir.tfstate'), twoDepartments: o.twoDepartments, divisions: o.divisions,
      });
      fs.writeFileSync(stackFile, JSON.stringify(doc));
      const env: Record<string, string> = {
        [SECRET_ENV]: DEFAULT_ORG.agents.main.secret, WECOM_API_BASE: sim.url, PATH: process.env.PATH ?? '',
        ...(contacts ? { [CONTACTS_ENV]: DEFAULT_ORG.agents.contactSync.secret } : {}),
      };
      await simCalls(sim.origin);
      if (rows.length) await sim.stats();
      const spec: PhaseSpec = { kind: 'plan', stackFile, cwd: path.dirname(stackDir), env, concurrency: 16 };
      const result = o.mode === 'in-process' ? await runPhase(spec) : await phaseProcess(spec);
      const { calls, errors } = await simCalls(sim.origin);
      rows.push({ variant, orgSize: o.orgSize, chats: o.chats, result, calls, errors, facts, sim: await sim.stats(), simStartMs: sim.startMs, simStartRssMb: startStats?.peakRssMb });
    }
  } finally {
    await sim.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
