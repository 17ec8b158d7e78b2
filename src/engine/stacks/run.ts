// Plan and apply over several stacks in one process: dependency order (a stack after the stacks
// it references), independent stacks in parallel, one runtime per corp (runtimes.ts), and each
// stack's outputs handed to the stacks that read them. A stack whose dependency failed is not
// started; stacks that do not depend on it go on (one project's failure does not hold the others).
import { applyPlan, ApplyOptions, ApplyResult } from '../apply';
import type { StackConfig } from '../config/stack';
import { hasChanges, Plan } from '../plan/model';
import { makePlan, PlanOptions, visibleOutputs } from '../planner';
import { mapPool } from '../pool';
import { remoteStateKey } from '../resources/remote-state';
import { emptyState, TerraformState } from '../state/format';
import type { RuntimePool } from './runtimes';
import { dependencyLevels } from './select';

export interface StackInput {
  stack: StackConfig;
  configText: string;
  state: TerraformState | undefined;
}

/** Stacks worked on at once (each runs its own resources in parallel too). */
const STACK_CONCURRENCY = 4;

export const stateKeyOf = (stack: StackConfig): string => remoteStateKey('local', { path: stack.statePath });

const byStackOrder = <T extends { stack: StackConfig }>(items: T[]) =>
  dependencyLevels(items.map((i) => ({ name: i.stack.stackName, dependencies: i.stack.dependsOnStacks ?? [], item: i }))).map((l) => l.map((x) => x.item));

const storedOutputs = (state: TerraformState | undefined) => Object.fromEntries(Object.entries(state?.outputs ?? {}).map(([k, o]) => [k, o.value]));

/** Plans every stack; the result is in the order given. */
export async function planStacks(pool: RuntimePool, inputs: StackInput[], opts: Omit<PlanOptions, 'configText'>): Promise<Plan[]> {
  const plans = new Map<StackInput, Plan>();
  for (const level of byStackOrder(inputs)) {
    await mapPool(level, STACK_CONCURRENCY, async (input) => {
      const plan = await makePlan(pool.get(input.stack), input.stack, input.state, { ...opts, configText: input.configText });
      pool.stackOutputs.set(stateKeyOf(input.stack), plan.outputs ? visibleOutputs(plan) : storedOutputs(input.state));
      plans.set(input, plan);
    });
  }
  return inputs.map((i) => plans.get(i)!);
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
        pool.stackOutputs.set(stateKeyOf(item.stack), storedOutputs(item.state));
        results.set(item, { stack: name, result: { done: [], failed: [], notStarted: [], interrupted: false, state: item.state ?? emptyState() } });
        return;
      }
      try {
        const result = await applyPlan(pool.get(item.stack), item.stack, item.state ?? emptyState(), item.plan, { ...opts, onEvent: opts.onEvent?.(name) });
        pool.stackOutputs.set(stateKeyOf(item.stack), storedOutputs(result.state));
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
