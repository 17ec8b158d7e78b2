// apply: executes a reviewed plan. Independent work runs in parallel (dependency levels),
// dependent work in order; each finished operation is written to state at once. On the first
// failure, or on SIGINT/SIGTERM (via `signal`), nothing new starts, what is in flight finishes
// and is saved, and the result says what was done, what failed and what never started.
import * as path from 'node:path';
import { containsUnknown, resolveValue } from './config/expressions';
import { dependenciesOf, dependencyLevels } from './config/graph';
import { ConfigBlock, StackConfig } from './config/stack';
import { applyIgnoreChanges, valuesEqual } from './plan/diff';
import { Attrs, Plan, ResourceChange } from './plan/model';
import { handlerContext, handlerFor, priorInstances } from './planner';
import { mapPool } from './pool';
import { runLocalExec } from './provisioners';
import { dataSourceHandler, PlanError } from './resources';
import type { Runtime } from './runtime';
import type { TerraformState } from './state/format';
import { StateWriter } from './state/writer';
import { splitUnknown, Values } from './values';

export type ApplyEvent =
  | { type: 'begin'; total: number }
  | { type: 'start'; address: string; kind: ResourceChange['kind'] }
  | { type: 'done'; address: string; kind: ResourceChange['kind'] }
  | { type: 'failed'; address: string; kind: ResourceChange['kind']; error: Error }
  | { type: 'output'; address: string; line: string };

export interface ApplyOptions {
  concurrency?: number;
  /** Aborting stops new work; in-flight operations finish and are saved. */
  signal?: AbortSignal;
  onEvent?: (e: ApplyEvent) => void;
}

export interface ApplyResult {
  done: Array<{ address: string; kind: ResourceChange['kind'] }>;
  failed: Array<{ address: string; error: Error }>;
  notStarted: string[];
  interrupted: boolean;
  state: TerraformState;
}

export async function applyPlan(rt: Runtime, stack: StackConfig, state: TerraformState, plan: Plan, opts: ApplyOptions = {}): Promise<ApplyResult> {
  const writer = new StateWriter(stack.statePath, state, { groupCommit: true });
  const emit = opts.onEvent ?? (() => undefined);
  const pending = new Map(plan.changes.filter((c) => c.mode === 'managed').map((c) => [c.address, c]));
  const result: ApplyResult = { done: [], failed: [], notStarted: [], interrupted: false, state };
  const stopped = () => result.failed.length > 0 || !!opts.signal?.aborted;
  const concurrency = opts.concurrency ?? 16;
  const prior = priorInstances(state);
  const values = new Values();
  emit({ type: 'begin', total: pending.size });

  const run = async (c: ResourceChange, block: ConfigBlock | undefined) => {
    if (stopped()) { result.notStarted.push(c.address); return; }
    emit({ type: 'start', address: c.address, kind: c.kind });
    try {
      const attrs = await execute(rt, stack, writer, c, block, values, emit);
      values.set(c.address, attrs ?? {});
      result.done.push({ address: c.address, kind: c.kind });
      emit({ type: 'done', address: c.address, kind: c.kind });
    } catch (err) {
      result.failed.push({ address: c.address, error: err as Error });
      emit({ type: 'failed', address: c.address, kind: c.kind, error: err as Error });
    }
  };

  for (const level of dependencyLevels(stack)) {
    if (stopped()) break;
    await mapPool(level, concurrency, async (address) => {
      const block = stack.byAddress.get(address)!;
      if (block.mode === 'data') {
        if (stopped()) return;
        const h = dataSourceHandler(block.type)!;
        const attrs = await h.read(handlerContext(rt, address), resolveValue(block.config, values.lookup, address) as Attrs);
        values.set(address, attrs);
        await writer.record('data', block.type, block.name, attrs);
        return;
      }
      const c = pending.get(address);
      pending.delete(address);
      if (!c) { values.set(address, prior.get(address)?.attrs ?? {}); return; }
      await run(c, block);
    });
  }
  // What is left: objects no longer in the stack (and anything a stop prevented).
  const orphans = [...pending.values()].filter((c) => !stack.byAddress.has(c.address));
  for (const level of reverseLevels(orphans, state)) {
    await mapPool(level, concurrency, (c) => run(c, undefined));
  }
  const done = new Set(result.done.map((d) => d.address));
  for (const c of pending.values()) {
    if (stack.byAddress.has(c.address) && !done.has(c.address)) result.notStarted.push(c.address);
  }
  result.interrupted = !!opts.signal?.aborted;
  result.state = writer.flush();
  return result;
}

async function execute(
  rt: Runtime, stack: StackConfig, writer: StateWriter, c: ResourceChange, block: ConfigBlock | undefined, values: Values,
  emit: (e: ApplyEvent) => void,
): Promise<Attrs | null> {
  const h = handlerFor(c.type, c.address);
  const ctx = handlerContext(rt, c.address);
  const deps = block ? dependenciesOf(block, stack).filter((d) => !d.startsWith('data.')) : [];
  const provisioners = block?.provisioners ?? [];
  const exec = (when: 'create' | 'destroy') => async () => {
    for (const p of provisioners.filter((x) => x.when === when)) {
      await runLocalExec(c.address, p, { cwd: path.dirname(stack.file), env: rt.env, onOutput: (line) => emit({ type: 'output', address: c.address, line }) });
    }
  };

  if (c.kind === 'delete' || c.kind === 'forget') {
    await exec('destroy')();
    if (c.kind === 'delete') await h.delete(ctx, c.before!);
    await writer.record('managed', c.type, c.name, null);
    return null;
  }
  const planned = await plannedAfter(rt, c, block!, values);
  if (c.kind === 'update') {
    const attrs = await h.update(ctx, c.before!, planned);
    await writer.record('managed', c.type, c.name, attrs, { dependencies: deps });
    return attrs;
  }
  if (c.kind === 'replace') {
    await exec('destroy')();
    await h.delete(ctx, c.before!);
    await writer.record('managed', c.type, c.name, null);
  }
  const attrs = await h.create(ctx, planned);
  await writer.record('managed', c.type, c.name, attrs, { dependencies: deps });
  try {
    await exec('create')();
  } catch (err) {
    // Terraform's rule: a resource whose create-time provisioner failed is tainted (replaced next time).
    await writer.record('managed', c.type, c.name, attrs, { dependencies: deps, tainted: true });
    throw err;
  }
  return attrs;
}

/**
 * The state to create or update to. Values unknown at plan time (ids of objects created in
 * this apply) are now known, so the handler proposes again; what the plan knew must not move.
 */
async function plannedAfter(rt: Runtime, c: ResourceChange, block: ConfigBlock, values: Values): Promise<Attrs> {
  const h = handlerFor(c.type, c.address);
  // Only config values that were unknown (references to objects created in this apply) need a
  // re-plan; unknown computed-only values are what the create itself produces.
  const configUnknown = Object.keys(c.afterUnknown).some((k) => {
    const a = h.schema.attributes[k];
    return !a || a.required || a.optional;
  });
  if (!configUnknown) return c.after!;
  const config = resolveValue(block.config, values.lookup, block.address) as Attrs;
  if (containsUnknown(config)) throw new PlanError(c.address, 'config', 'a value it depends on is still unknown after its dependencies were applied');
  const res = await h.plan(handlerContext(rt, c.address), { config, prior: c.before });
  // Computed values the create will produce are still unknown here: handlers get null.
  const after = splitUnknown(applyIgnoreChanges(h.schema, c.before, res.after, block.ignoreChanges)).known;
  for (const [k, v] of Object.entries(c.after ?? {})) {
    if (c.afterUnknown[k] || v === null) continue;
    if (!valuesEqual(h.schema, k, v, after[k])) {
      throw new PlanError(c.address, k, `planned value changed between plan and apply (${JSON.stringify(v)} -> ${JSON.stringify(after[k])}); run plan again`);
    }
  }
  return after;
}

/** Orphans are destroyed dependents first, using the dependencies recorded in state. */
function reverseLevels(changes: ResourceChange[], state: TerraformState): ResourceChange[][] {
  const deps = new Map<string, string[]>();
  for (const r of state.resources) for (const inst of r.instances) deps.set(r.mode === 'data' ? `data.${r.type}.${r.name}` : `${r.type}.${r.name}`, inst.dependencies ?? []);
  const left = new Map(changes.map((c) => [c.address, c]));
  const levels: ResourceChange[][] = [];
  while (left.size) {
    // Destroyable now: nothing left depends on it.
    const needed = new Set<string>();
    for (const other of left.keys()) for (const d of deps.get(other) ?? []) if (d !== other) needed.add(d);
    const ready = [...left.values()].filter((c) => !needed.has(c.address));
    const level = ready.length ? ready : [...left.values()];
    level.forEach((c) => left.delete(c.address));
    levels.push(level);
  }
  return levels;
}
