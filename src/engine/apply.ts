// apply: executes a reviewed plan. Independent work runs in parallel (dependency levels),
// dependent work in order; each finished operation is written to state at once. On the first
// failure, or on SIGINT/SIGTERM (via `signal`), nothing new starts, what is in flight finishes
// and is saved, and the result says what was done, what failed and what never started.
import * as path from 'node:path';
import { containsUnknown, resolveValue } from './config/expressions';
import { dependenciesOf, dependencyLevels } from './config/graph';
import { ConfigBlock, StackConfig } from './config/stack';
import { applyIgnoreChanges, valuesEqual } from './plan/diff';
import { Attrs, Plan, PlannedOutput, ResourceChange } from './plan/model';
import { handlerContext, handlerFor, plannedOutputs, priorInstances } from './planner';
import { mapPool } from './pool';
import { missingEnvMessage, missingProvisionerEnv, runLocalExec } from './provisioners';
import { dataSourceHandler, forResource, Operation, PlanError } from './resources';
import type { Runtime } from './runtime';
import type { TerraformState } from './state/format';
import { StateWriter } from './state/writer';
import { currentAttributes, schemaVersionOf } from './state/upgrade';
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
  // What can be known before the first write stops the apply before it.
  const missing = missingProvisionerEnv(stack, plan.changes, rt.env);
  if (missing.length) throw new Error(`nothing was applied:\n${missingEnvMessage(missing)}\nSet it (in CI, from the secret store) and apply again.`);
  const writer = new StateWriter(stack.statePath, state, { groupCommit: true });
  const emit = opts.onEvent ?? (() => undefined);
  const managed = plan.changes.filter((c) => c.mode === 'managed');
  const result: ApplyResult = { done: [], failed: [], notStarted: [], interrupted: false, state };
  const stopped = () => result.failed.length > 0 || !!opts.signal?.aborted;
  const concurrency = opts.concurrency ?? 16;
  const prior = priorInstances(state);
  const values = new Values();
  emit({ type: 'begin', total: managed.length });

  const attempt = async (address: string, kind: ResourceChange['kind'], op: Operation, work: () => Promise<Attrs | null>): Promise<boolean> => {
    if (stopped()) return false;
    emit({ type: 'start', address, kind });
    try {
      const attrs = await forResource(address, op, work);
      values.set(address, attrs ?? {});
      return true;
    } catch (err) {
      result.failed.push({ address, error: err as Error });
      emit({ type: 'failed', address, kind, error: err as Error });
      return false;
    }
  };
  const finished = (c: ResourceChange) => {
    result.done.push({ address: c.address, kind: c.kind });
    emit({ type: 'done', address: c.address, kind: c.kind });
  };

  // Terraform's order: (1) destroy halves of replacements, dependents first; (2) creates and
  // updates in dependency order; (3) destroys (objects gone from the stack, or a destroy plan),
  // dependents first, after whatever still referenced them was updated.
  const replaced = managed.filter((c) => c.kind === 'replace');
  const destroys = managed.filter((c) => c.kind === 'delete' || c.kind === 'forget');
  const forward = new Map(managed.filter((c) => c.kind !== 'delete' && c.kind !== 'forget').map((c) => [c.address, c]));
  const destroyedFirst = new Set<string>();
  try {
    for (const level of reverseLevels(replaced, state, stack)) {
      await mapPool(level, concurrency, async (c) => {
        if (await attempt(c.address, 'replace', 'delete', () => destroyHalf(rt, stack, writer, c, emit).then(() => null))) destroyedFirst.add(c.address);
      });
    }
    for (const level of dependencyLevels(stack)) {
      if (stopped()) break;
      await mapPool(level, concurrency, async (address) => {
        const block = stack.byAddress.get(address)!;
        if (block.mode === 'data') {
          await attempt(address, 'read', 'read', async () => {
            const h = dataSourceHandler(block.type)!;
            const attrs = await h.read(handlerContext(rt, address), resolveValue(block.config, values.lookup, address) as Attrs);
            await writer.record('data', block.type, block.name, attrs);
            return attrs;
          });
          return;
        }
        const c = forward.get(address);
        if (!c) { values.set(address, prior.get(address)?.attrs ?? {}); return; }
        if (c.kind === 'replace' && !destroyedFirst.has(address)) return; // its destroy half failed or never ran
        if (await attempt(address, c.kind, c.kind === 'update' ? 'update' : 'create', () => execute(rt, stack, writer, c, block, values, emit))) finished(c);
      });
    }
    if (!plan.destroy && stack.outputs.length) writer.setOutputs(stateOutputs(plannedOutputs(stack, values), state.outputs));
    for (const level of reverseLevels(destroys, state, stack)) {
      await mapPool(level, concurrency, async (c) => {
        if (await attempt(c.address, c.kind, 'delete', () => destroyHalf(rt, stack, writer, c, emit).then(() => null))) finished(c);
      });
    }
    // A destroy that removed everything leaves no data sources behind either, as Terraform's.
    if (plan.destroy && !result.failed.length && !opts.signal?.aborted) {
      for (const r of writer.state.resources.filter((x) => x.mode === 'data')) await writer.record('data', r.type, r.name, null);
    }
    // As Terraform's apply does: objects still stored under an older schema version are saved
    // upgraded, so the state file has one shape whichever engine applied last.
    if (!result.failed.length && !opts.signal?.aborted) {
      for (const r of writer.state.resources) {
        const inst = r.instances[0];
        if (r.mode !== 'managed' || !inst || inst.schema_version >= schemaVersionOf('managed', r.type)) continue;
        await writer.record('managed', r.type, r.name, currentAttributes(r), { dependencies: inst.dependencies, tainted: inst.status === 'tainted' });
      }
    }
  } finally {
    // Whatever happened, the state file ends holding every operation that finished.
    result.state = writer.flush();
  }
  const done = new Set(result.done.map((d) => d.address));
  const failed = new Set(result.failed.map((f) => f.address));
  for (const c of managed) if (!done.has(c.address) && !failed.has(c.address)) result.notStarted.push(c.address);
  result.interrupted = !!opts.signal?.aborted;
  return result;
}

/** Outputs as Terraform stores them (value, cty type, sensitive); one still unknown (a failed apply) keeps its stored value. */
function stateOutputs(planned: Record<string, PlannedOutput>, stored: TerraformState['outputs']): TerraformState['outputs'] {
  const out: TerraformState['outputs'] = {};
  for (const [k, o] of Object.entries(planned)) {
    if (!o.unknown) out[k] = { value: o.value, type: ctyTypeOf(o.value), ...(o.sensitive ? { sensitive: true } : {}) };
    else if (stored[k]) out[k] = stored[k];
  }
  return out;
}

/** The cty type JSON Terraform writes next to an output value. */
export function ctyTypeOf(v: unknown): unknown {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return ['tuple', v.map(ctyTypeOf)];
  if (v && typeof v === 'object') return ['object', Object.fromEntries(Object.entries(v).map(([k, x]) => [k, ctyTypeOf(x)]))];
  return 'dynamic';
}

/**
 * `apply --refresh-only`: accepts the live values a refresh-only plan found into state, as
 * Terraform does after review (objects gone from WeCom leave the state). No API call.
 */
export function acceptDrift(stack: StackConfig, state: TerraformState, plan: Plan): TerraformState {
  const writer = new StateWriter(stack.statePath, state);
  const prior = priorInstances(state);
  for (const d of plan.drift) {
    const inst = prior.get(d.address)?.resource.instances[0];
    // Without groupCommit record() is durable when it returns and throws on failure: its promise is already settled.
    void writer.record('managed', d.type, d.name, d.after, { dependencies: inst?.dependencies, tainted: inst?.status === 'tainted' });
  }
  return writer.flush();
}

/** Destroys one object (or the old object of a replacement): destroy-time provisioners, the handler's delete, state. */
async function destroyHalf(rt: Runtime, stack: StackConfig, writer: StateWriter, c: ResourceChange, emit: (e: ApplyEvent) => void): Promise<void> {
  const h = handlerFor(c.type, c.address);
  await provisionersOf(rt, stack, stack.byAddress.get(c.address), c.address, emit)('destroy');
  if (c.kind !== 'forget') await h.delete(handlerContext(rt, c.address), c.before!);
  await writer.record('managed', c.type, c.name, null);
}

function provisionersOf(rt: Runtime, stack: StackConfig, block: ConfigBlock | undefined, address: string, emit: (e: ApplyEvent) => void) {
  return async (when: 'create' | 'destroy') => {
    for (const p of (block?.provisioners ?? []).filter((x) => x.when === when)) {
      await runLocalExec(address, p, { cwd: path.dirname(stack.file), env: rt.env, onOutput: (line) => emit({ type: 'output', address, line }) });
    }
  };
}

async function execute(
  rt: Runtime, stack: StackConfig, writer: StateWriter, c: ResourceChange, block: ConfigBlock, values: Values,
  emit: (e: ApplyEvent) => void,
): Promise<Attrs | null> {
  const h = handlerFor(c.type, c.address);
  const ctx = handlerContext(rt, c.address);
  const deps = dependenciesOf(block, stack).filter((d) => !d.startsWith('data.'));
  const planned = await plannedAfter(rt, c, block, values);
  if (c.kind === 'update') {
    const attrs = await h.update(ctx, c.before!, planned);
    await writer.record('managed', c.type, c.name, attrs, { dependencies: deps });
    return attrs;
  }
  const attrs = await h.create(ctx, planned);
  await writer.record('managed', c.type, c.name, attrs, { dependencies: deps });
  try {
    await provisionersOf(rt, stack, block, c.address, emit)('create');
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

/**
 * Destroy order: dependents first. Dependencies come from state (what Terraform uses) and,
 * for objects still in the stack, from the configuration.
 */
function reverseLevels(changes: ResourceChange[], state: TerraformState, stack: StackConfig): ResourceChange[][] {
  const deps = new Map<string, Set<string>>();
  const add = (a: string, ds: Iterable<string>) => { const set = deps.get(a) ?? new Set<string>(); for (const d of ds) set.add(d); deps.set(a, set); };
  for (const r of state.resources) for (const inst of r.instances) add(r.mode === 'data' ? `data.${r.type}.${r.name}` : `${r.type}.${r.name}`, inst.dependencies ?? []);
  for (const c of changes) { const b = stack.byAddress.get(c.address); if (b) add(c.address, dependenciesOf(b, stack)); }
  const left = new Map(changes.map((c) => [c.address, c]));
  const levels: ResourceChange[][] = [];
  while (left.size) {
    // Destroyable now: nothing left depends on it.
    const needed = new Set<string>();
    for (const other of left.keys()) for (const d of deps.get(other) ?? []) if (d !== other) needed.add(d);
    const ready = [...left.values()].filter((c) => !needed.has(c.address));
    const level = ready.length ? ready : [...left.values()]; // a cycle: nothing better to do than all at once
    level.forEach((c) => left.delete(c.address));
    levels.push(level);
  }
  return levels;
}
