// Plan and apply over several stacks in one process: dependency order (a stack after the stacks
// it references), independent stacks in parallel, one runtime per corp (runtimes.ts), and each
// stack's outputs handed to the stacks that read them. A stack whose dependency failed is not
// started; stacks that do not depend on it go on (one project's failure does not hold the others).
import { applyPlan, ApplyOptions, ApplyResult } from '../apply';
import type { StackConfig } from '../config/stack';
import { hasChanges, Plan } from '../plan/model';
import { makePlan, PlanOptions, visibleOutputs } from '../planner';
import type { Runtime } from '../runtime';
import { mapPool } from '../pool';
import { remoteStateKey } from '../resources/remote-state';
import { emptyState, outputValues, TerraformState } from '../state/format';
import { pgStateKey } from '../state/pg-mirror';
import type { RuntimePool } from './runtimes';
import { dependencyLevels } from './select';

export interface StackInput {
  stack: StackConfig;
  configText: string;
  state: TerraformState | undefined;
}

/** Stacks worked on at once (each runs its own resources in parallel too). */
const STACK_CONCURRENCY = 4;

/** How cross-stack references name a stack's state (remote-state.ts computes the same from the reader's side). */
export const stateKeyOf = (stack: StackConfig): string =>
  (stack.backend?.type === 'pg' ? pgStateKey(stack.backend.config) : remoteStateKey('local', { path: stack.statePath }));

const byStackOrder = <T extends { stack: StackConfig }>(items: T[]) =>
  dependencyLevels(items.map((i) => ({ name: i.stack.stackName, dependencies: i.stack.dependsOnStacks ?? [], item: i }))).map((l) => l.map((x) => x.item));

export const storedOutputsOf = outputValues;

/** Plans every stack; the result is in the order given. */
export async function planStacks(pool: RuntimePool, inputs: StackInput[], opts: Omit<PlanOptions, 'configText'>): Promise<Plan[]> {
  const plans = new Map<StackInput, Plan>();
  for (const level of byStackOrder(inputs)) {
    await mapPool(level, STACK_CONCURRENCY, async (input) => {
      const plan = await makePlan(await pool.open(input.stack), input.stack, input.state, { ...opts, configText: input.configText });
      pool.stackOutputs.set(stateKeyOf(input.stack), plan.outputs ? visibleOutputs(plan) : storedOutputsOf(input.state));
      plans.set(input, plan);
    });
  }
  const ordered = inputs.map((i) => plans.get(i)!);
  await addRunQuotaChecks(pool, inputs, ordered);
  return ordered;
}

/**
 * WeCom's quotas are per corp: stacks planned together spend one budget. When their sum does not
 * fit what is left (after every other run recorded in the corp ledger), every plan says so.
 */
async function addRunQuotaChecks(pool: RuntimePool, inputs: StackInput[], plans: Plan[]): Promise<void> {
  if (plans.length < 2) return;
  const byRuntime = new Map<Runtime, Plan[]>();
  for (const [i, input] of inputs.entries()) {
    const rt = await pool.open(input.stack);
    byRuntime.set(rt, [...(byRuntime.get(rt) ?? []), plans[i]]);
  }
  for (const group of byRuntime.values()) {
    for (const name of ['app chat creates per day', 'app chat updates per hour']) {
      const checks = group.map((p) => p.quotas.find((q) => q.name === name)).filter((q): q is NonNullable<typeof q> => !!q);
      const needed = checks.reduce((n, q) => n + q.needed, 0);
      if (checks.length < 2) continue; // one stack alone: its own quota check says it
      const { remaining, limit } = checks[0];
      if (needed <= remaining) continue;
      for (const p of group) {
        if (!p.quotas.some((q) => q.name === name)) continue;
        p.warnings.push(`quota: the ${group.length} stacks of this run need ${needed} ${name} together; ${remaining} of ${limit} remain (counting every stack and run of the corp). Apply stops when it runs out.`);
      }
    }
  }
}

export interface StackApply { stack: StackConfig; state: TerraformState | undefined; plan: Plan }

export interface StackApplyResult {
  stack: string;
  /** Undefined when the stack was not started because a stack it references failed. */
  result?: ApplyResult;
  skippedBecause?: string;
  /** Set when the apply threw before it could report (e.g. a check before the first write). */
  error?: Error;
}

/** Applies each stack's plan; dependents of a failed stack are not started. Results in the order given. */
export async function applyStacks(pool: RuntimePool, items: StackApply[], opts: Omit<ApplyOptions, 'onEvent'> & { onEvent?: (stack: string) => ApplyOptions['onEvent'] }): Promise<StackApplyResult[]> {
  const results = new Map<StackApply, StackApplyResult>();
  const failed = new Set<string>();
  for (const level of byStackOrder(items)) {
    await mapPool(level, STACK_CONCURRENCY, async (item) => {
      const name = item.stack.stackName;
      const blocker = (item.stack.dependsOnStacks ?? []).find((d) => failed.has(d));
      if (blocker || opts.signal?.aborted) {
        failed.add(name);
        results.set(item, { stack: name, skippedBecause: blocker ? `stack ${blocker} failed` : 'interrupted' });
        return;
      }
      if (!hasChanges(item.plan)) {
        pool.stackOutputs.set(stateKeyOf(item.stack), storedOutputsOf(item.state));
        results.set(item, { stack: name, result: { done: [], failed: [], notStarted: [], interrupted: false, state: item.state ?? emptyState() } });
        return;
      }
      try {
        const result = await applyPlan(await pool.open(item.stack), item.stack, item.state ?? emptyState(), item.plan, { ...opts, onEvent: opts.onEvent?.(name) });
        pool.stackOutputs.set(stateKeyOf(item.stack), storedOutputsOf(result.state));
        await pool.recordApplied(item.stack, result.state);
        if (result.failed.length || result.interrupted) failed.add(name);
        results.set(item, { stack: name, result });
      } catch (err) {
        failed.add(name);
        results.set(item, { stack: name, error: err as Error });
      }
    });
  }
  return items.map((i) => results.get(i)!);
}
