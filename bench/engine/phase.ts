// One measured engine run: `apply` (plan from the state as it is, then apply that plan, one
// runtime, like `cdktf-wecom apply --auto-approve`) or `plan` (refresh + plan). Runs in-process
// or, as `node phase.js '<json>'`, in a child process of its own so that its peak RSS
// (process.resourceUsage().maxRSS) and CPU time are the engine's alone.
import * as fs from 'node:fs';
import { TokenCache } from '../../src/client';
import { applyPlan } from '../../src/engine/apply';
import { readStackConfig } from '../../src/engine/config';
import { makePlan } from '../../src/engine/planner';
import { createRuntime } from '../../src/engine/runtime';
import { readState } from '../../src/engine/state';
import { emptyState } from '../../src/engine/state/format';

export interface PhaseSpec {
  kind: 'apply' | 'plan';
  stackFile: string;
  cwd: string;
  env: Record<string, string>;
  /** The planner's and applier's `concurrency` (1: naive sequential refresh). */
  concurrency: number;
}

export interface PhaseResult {
  kind: PhaseSpec['kind'];
  concurrency: number;
  planMs: number;
  applyMs: number;
  /** Planned changes by kind, e.g. { create: 10000 } or {} for "no changes". */
  changes: Record<string, number>;
  drift: number;
  failed: string[];
  /** Calls the client made, by endpoint (its own count; the simulator's is the reference). */
  clientCalls: Record<string, number>;
  /** Peak RSS of this process in MB (meaningful only in a process of its own). */
  maxRssMb: number;
  /** RSS once modules were loaded, before any work, in MB. */
  baseRssMb: number;
  cpuUserS: number;
  cpuSystemS: number;
}

const mb = (bytes: number): number => Math.round((bytes / 1048576) * 10) / 10;

export async function runPhase(spec: PhaseSpec): Promise<PhaseResult> {
  const baseRss = process.memoryUsage().rss;
  const cpu0 = process.cpuUsage();
  // Timed from here, as `cdktf-wecom plan` would be once loaded: reading the stack and state counts.
  const t0 = performance.now();
  const stack = readStackConfig(spec.stackFile, spec.cwd);
  const configText = fs.readFileSync(spec.stackFile, 'utf8');
  // A token cache of its own: in-process phases must each fetch a token, as a process would.
  const rt = createRuntime(stack, { env: { ...spec.env }, client: { tokenCache: new TokenCache() } });
  try {
    const state = readState(stack.statePath);
    const plan = await makePlan(rt, stack, state, { configText, concurrency: spec.concurrency });
    const t1 = performance.now();
    let failed: string[] = [];
    if (spec.kind === 'apply') {
      const res = await applyPlan(rt, stack, state ?? emptyState(), plan, { concurrency: spec.concurrency });
      failed = res.failed.map((f) => `${f.address}: ${f.error.message}`);
    }
    const t2 = performance.now();
    const changes: Record<string, number> = {};
    for (const c of plan.changes) changes[c.kind] = (changes[c.kind] ?? 0) + 1;
    const cpu = process.cpuUsage(cpu0);
    return {
      kind: spec.kind, concurrency: spec.concurrency,
      planMs: Math.round(t1 - t0), applyMs: Math.round(t2 - t1),
      changes, drift: plan.drift.length, failed: failed.slice(0, 5),
      clientCalls: rt.client.stats().calls,
      maxRssMb: mb(process.resourceUsage().maxRSS * 1024), baseRssMb: mb(baseRss),
      cpuUserS: cpu.user / 1e6, cpuSystemS: cpu.system / 1e6,
    };
  } finally {
    await rt.close();
  }
}

if (require.main === module) {
  runPhase(JSON.parse(process.argv[2]) as PhaseSpec).then(
    (r) => { process.stdout.write(`${JSON.stringify(r)}\n`); },
    (err: unknown) => { process.stderr.write(`${(err as Error).stack ?? String(err)}\n`); process.exitCode = 1; },
  );
}
