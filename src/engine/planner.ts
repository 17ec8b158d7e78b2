// plan: refresh what state holds (drift), evaluate the stack's blocks in dependency order,
// let each resource's handler propose its new state, diff it against the refreshed prior
// using the schema, and check WeCom's quotas. No write calls happen here.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ObjectSchema } from '../schema';
import { containsUnknown, resolveValue, UNKNOWN } from './config/expressions';
import { dependenciesOf, dependencyLevels } from './config/graph';
import { ConfigBlock, StackConfig } from './config/stack';
import { configProblems } from './plan/config-problems';
import { applyIgnoreChanges, diffAttributes, kindOf, reviewDetails } from './plan/diff';
import { hashText } from './plan/file';
import { labelRobotChats, restoreNote } from './plan/drift';
import { actionsFor, Attrs, ChangeDetails, Plan, PlannedOutput, QuotaCheck, ResourceChange } from './plan/model';
import { mapPool } from './pool';
import { missingEnvMessage, missingProvisionerEnv } from './provisioners';
import { dataSourceHandler, forResource, HandlerContext, PlanError, resourceHandler, ResourceHandler } from './resources';
import type { Runtime } from './runtime';
import { resourceAddress, StateResource, TerraformState } from './state/format';
import { currentAttributes } from './state/upgrade';
import { splitUnknown, Values } from './values';

export interface PlanOptions {
  /** Read live state first (default true). */
  refresh?: boolean;
  /** Only report drift; propose no changes. */
  refreshOnly?: boolean;
  /** Plan to destroy everything in state. */
  destroy?: boolean;
  /** Limit the plan to these addresses and what they depend on. */
  targets?: string[];
  /** Resources worked on at once. */
  concurrency?: number;
  /** Text of cdk.tf.json, hashed into the plan so apply can refuse a changed config. */
  configText: string;
  /** Live values to plan against instead of refreshing (re-checking a saved plan). */
  refreshed?: Map<string, Attrs | null>;
}

export interface PriorInstance {
  address: string;
  resource: StateResource;
  attrs: Attrs;
  tainted: boolean;
}

export function priorInstances(state: TerraformState | undefined): Map<string, PriorInstance> {
  const out = new Map<string, PriorInstance>();
  for (const r of state?.resources ?? []) {
    if (r.mode !== 'managed' || !r.instances[0]) continue;
    const inst = r.instances[0];
    out.set(resourceAddress(r), { address: resourceAddress(r), resource: r, attrs: currentAttributes(r), tainted: inst.status === 'tainted' });
  }
  return out;
}

export function handlerContext(rt: Runtime, address: string): HandlerContext {
  return { client: rt.client, directory: rt.directory, env: rt.env, address, limits: rt.limits, stackOutputs: (key) => rt.stackOutputs?.get(key) };
}

export function handlerFor(type: string, address: string): ResourceHandler {
  const h = resourceHandler(type);
  if (!h) throw new PlanError(address, 'type', `resource type ${type} is not supported by cdktf-wecom`);
  return h;
}

/** Reads every managed object in state; returns the refreshed attributes and the drift found. */
export async function refresh(rt: Runtime, prior: Map<string, PriorInstance>, concurrency: number): Promise<{ refreshed: Map<string, Attrs | null>; drift: ResourceChange[] }> {
  const refreshed = new Map<string, Attrs | null>();
  const drift: ResourceChange[] = [];
  await mapPool([...prior.values()], concurrency, async (p) => {
    const h = handlerFor(p.resource.type, p.address);
    const now = await forResource(p.address, 'refresh', () => h.read(handlerContext(rt, p.address), p.attrs));
    refreshed.set(p.address, now);
    const seen = now && h.allowedDrift ? h.allowedDrift(p.attrs, now) : now;
    const d = seen ? diffAttributes(h.schema, p.attrs, seen) : undefined;
    if (!now || d!.changed.length) {
      drift.push(change(p.resource.type, p.resource.name, p.address, now ? 'update' : 'delete', p.attrs, now, new Set(), reviewDetails(p.resource.type, p.attrs, now)));
    }
  });
  drift.sort((a, b) => a.address.localeCompare(b.address));
  return { refreshed, drift };
}

export async function makePlan(rt: Runtime, stack: StackConfig, state: TerraformState | undefined, opts: PlanOptions): Promise<Plan> {
  const concurrency = opts.concurrency ?? 16;
  const prior = priorInstances(state);
  const { refreshed, drift } = opts.refreshed ? { refreshed: opts.refreshed, drift: [] as ResourceChange[] }
    : opts.refresh === false
      ? { refreshed: new Map([...prior].map(([a, p]) => [a, p.attrs] as const)), drift: [] as ResourceChange[] }
      : await refresh(rt, prior, concurrency);
  const plan: Plan = {
    planFormat: 1,
    stack: stack.stackName,
    configFile: stack.file,
    configHash: hashText(opts.configText),
    statePath: stack.statePath,
    prior: state ? { lineage: state.lineage, serial: state.serial } : null,
    createdAt: new Date().toISOString(),
    refreshOnly: !!opts.refreshOnly,
    ...(opts.destroy ? { destroy: true } : {}),
    ...(opts.targets?.length ? { targets: opts.targets } : {}),
    changes: [],
    drift,
    quotas: [],
    warnings: [],
  };
  const policy = policySummary(stack);
  if (policy) plan.policy = policy;
  if (opts.refreshOnly) {
    await explainDrift(rt, prior, plan.drift);
    nameMembers(rt, plan.drift);
    return plan;
  }

  const values = new Values();
  const changes = new Map<string, ResourceChange>();
  const explains = new Map<string, () => Promise<ChangeDetails>>();
  if (!opts.destroy) {
    for (const level of dependencyLevels(stack)) {
      await mapPool(level, concurrency, async (address) => {
        const block = stack.byAddress.get(address)!;
        const c = await forResource(address, block.mode === 'data' ? 'read' : 'plan', () => (block.mode === 'data'
          ? planDataSource(rt, block, values)
          : planResource(rt, block, values, refreshed, prior.get(address), plan.warnings, explains)));
        if (c) changes.set(address, c);
      });
    }
  }
  // One at a time, in address order, after every read of the plan: reasons do not depend on timing.
  for (const address of [...explains.keys()].sort()) {
    const c = changes.get(address);
    if (c) mergeDetails(c, await forResource(address, 'plan', explains.get(address)!));
  }
  // In state but no longer in the stack (or everything, for destroy): destroy or forget.
  for (const p of prior.values()) {
    if (!opts.destroy && stack.byAddress.has(p.address)) continue;
    const h = handlerFor(p.resource.type, p.address);
    const before = refreshed.get(p.address);
    if (before === null) continue; // already gone in WeCom: just dropped from state
    const forget = h.forgetsOnDestroy?.(p.attrs) ?? false;
    const note = h.destroyNote?.(p.attrs);
    const block = stack.byAddress.get(p.address);
    if (block?.preventDestroy) throw new PlanError(p.address, 'lifecycle', 'prevent_destroy is set, but this plan would destroy it');
    changes.set(p.address, change(p.resource.type, p.resource.name, p.address, forget ? 'forget' : 'delete', before ?? p.attrs, null, new Set(),
      { ...reviewDetails(p.resource.type, before ?? p.attrs, null), ...(note ? { notes: [note] } : {}) }, block?.constructPath));
  }
  plan.changes = filterTargets([...changes.values()], stack, opts.targets).sort((a, b) => a.address.localeCompare(b.address));
  // After the plan's reads, so drift is explained from them; then what the plan does about it.
  await explainDrift(rt, prior, plan.drift);
  nameMembers(rt, [...plan.changes, ...plan.drift]);
  labelRobotChats([...plan.changes, ...plan.drift], [...prior.values()].filter((p) => p.resource.type === 'wecom_app_chat').map((p) => p.attrs));
  for (const c of plan.changes) {
    const d = plan.drift.find((x) => x.address === c.address);
    const note = d && restoreNote(d, c);
    if (note) (c.details.notes ??= []).push(note);
  }
  if (stack.outputs.length && !opts.destroy) {
    plan.outputs = plannedOutputs(stack, values);
    plan.outputsChanged = outputsDiffer(plan.outputs, state);
  }
  const missing = missingProvisionerEnv(stack, plan.changes, rt.env);
  if (missing.length) plan.warnings.push(`${missingEnvMessage(missing)}; apply will refuse to start until it is set`);
  plan.quotas = quotaChecks(rt, plan.changes);
  // Quotas that do not fit are rendered from plan.quotas, once; not repeated as warnings.
  return plan;
}

/** Names, labels and reasons for what changed outside IaC, from the handler that knows the type. */
async function explainDrift(rt: Runtime, prior: Map<string, PriorInstance>, drift: ResourceChange[]): Promise<void> {
  await Promise.all(drift.map(async (d) => {
    const h = resourceHandler(d.type);
    const state = prior.get(d.address)?.attrs;
    if (!h?.driftDetails || !state || !d.after) return;
    mergeDetails(d, await forResource(d.address, 'refresh', () => h.driftDetails!(handlerContext(rt, d.address), state, d.after!, d.details)));
  }));
}

/** Adds `more` to a change's details: maps merged key by key, notes appended. */
function mergeDetails(c: ResourceChange, more: ChangeDetails): void {
  const d = c.details;
  const merged: ChangeDetails = { ...d, ...more };
  for (const k of ['names', 'labels', 'provenance'] as const) if (d[k] || more[k]) (merged as Record<string, unknown>)[k] = { ...d[k], ...more[k] };
  if (d.notes || more.notes) merged.notes = [...(d.notes ?? []), ...(more.notes ?? [])];
  c.details = merged;
}

/**
 * `userid (显示名)` for everyone a change adds or removes whose name any read of this run saw:
 * done last, so a name never depends on which read finished first, and never costs a call.
 */
function nameMembers(rt: Runtime, changes: ResourceChange[]): void {
  for (const c of changes) {
    const people = [...(c.details.membersAdded ?? []), ...(c.details.membersRemoved ?? []), ...Object.keys(c.details.provenance ?? {})];
    const missing = people.filter((u) => !c.details.names?.[u] && rt.directory.nameOf(u));
    if (missing.length) c.details.names = { ...c.details.names, ...Object.fromEntries(missing.map((u) => [u, rt.directory.nameOf(u)!])) };
  }
}

/** The policy report synthesis wrote next to the stack, if any: counts, and each finding with its rule's fix. */
function policySummary(stack: StackConfig): Plan['policy'] {
  return policySummaryOf(stack.file);
}

/** The policy report next to a synthesized cdk.tf.json, if any. */
export function policySummaryOf(stackFile: string): Plan['policy'] {
  try {
    const r = JSON.parse(fs.readFileSync(path.join(path.dirname(stackFile), 'policy-report.json'), 'utf8')) as {
      summary?: { errors?: number; warnings?: number; suppressed?: number };
      packs?: Array<{ rules?: Array<{ id: string; info?: string }> }>;
      findings?: Array<{ ruleId: string; level: string; path: string; message: string; suppressed?: { reason: string } }>;
    };
    if (!r.summary) return undefined;
    const info = new Map((r.packs ?? []).flatMap((p) => p.rules ?? []).map((x) => [x.id, x.info]));
    return {
      errors: r.summary.errors ?? 0, warnings: r.summary.warnings ?? 0, suppressed: r.summary.suppressed ?? 0,
      findings: (r.findings ?? []).map((f) => ({
        ruleId: f.ruleId, level: f.level, path: f.path, message: f.message,
        ...(info.get(f.ruleId) ? { fix: info.get(f.ruleId) } : {}),
        ...(f.suppressed ? { suppressed: f.suppressed.reason } : {}),
      })),
    };
  } catch {
    return undefined;
  }
}

/** The stack's output values from the planned values of its blocks (unknown until apply where they are). */
export function plannedOutputs(stack: StackConfig, values: Values): Record<string, PlannedOutput> {
  const out: Record<string, PlannedOutput> = {};
  for (const o of stack.outputs) {
    const v = resolveValue(o.value, values.lookup, `output.${o.name}`);
    const unknown = containsUnknown(v);
    out[o.name] = { value: unknown ? null : v, unknown, sensitive: o.sensitive };
  }
  return out;
}

function outputsDiffer(planned: Record<string, PlannedOutput>, state: TerraformState | undefined): boolean {
  const now = state?.outputs ?? {};
  if (Object.keys(now).length !== Object.keys(planned).length) return true;
  return Object.entries(planned).some(([k, p]) => p.unknown || !(k in now) || JSON.stringify(now[k].value) !== JSON.stringify(p.value));
}

/** What other stacks of this run see of a planned stack: its outputs, UNKNOWN where known only after apply. */
export function visibleOutputs(plan: Plan): Record<string, unknown> {
  return Object.fromEntries(Object.entries(plan.outputs ?? {}).map(([k, o]) => [k, o.unknown ? UNKNOWN : o.value]));
}

async function planDataSource(rt: Runtime, block: ConfigBlock, values: Values): Promise<ResourceChange | undefined> {
  const h = dataSourceHandler(block.type);
  if (!h) throw new PlanError(block.address, 'type', `data source type ${block.type} is not supported by cdktf-wecom`);
  const config = resolveValue(block.config, values.lookup, block.address) as Attrs;
  if (containsUnknown(config)) {
    values.set(block.address, UNKNOWN);
    return change(block.type, block.name, block.address, 'read', null, null, new Set(), {}, block.constructPath, 'data');
  }
  values.set(block.address, await h.read(handlerContext(rt, block.address), config));
  return undefined;
}

async function planResource(
  rt: Runtime, block: ConfigBlock, values: Values, refreshed: Map<string, Attrs | null>,
  prior: PriorInstance | undefined, warnings: string[], explains: Map<string, () => Promise<ChangeDetails>>,
): Promise<ResourceChange | undefined> {
  const h = handlerFor(block.type, block.address);
  const config = resolveValue(block.config, values.lookup, block.address) as Attrs;
  checkConfig(h, block, config);
  const before = prior ? (refreshed.get(block.address) ?? null) : null;
  const result = await h.plan(handlerContext(rt, block.address), { config, prior: before, state: prior?.attrs ?? null });
  const proposed = applyIgnoreChanges(h.schema, before, result.after, block.ignoreChanges);
  const { known, unknown } = splitProposed(h.schema, before, proposed);
  const d = diffAttributes(h.schema, before ?? {}, known, unknown);
  let kind = kindOf(before, known, d);
  if (prior?.tainted && before) kind = 'replace';
  if ((kind === 'replace') && block.preventDestroy) {
    throw new PlanError(block.address, 'lifecycle', `prevent_destroy is set, but ${d.replacePaths.join(', ')} changed, which replaces it`);
  }
  // For references: what later blocks see. A replacement's computed values are new, so unknown.
  const visible: Attrs = { ...proposed };
  if (kind === 'replace' || kind === 'create') for (const k of unknown) visible[k] = UNKNOWN;
  values.set(block.address, visible);
  warnings.push(...(result.warnings ?? []));
  if (kind === 'no-op') return undefined;
  if (result.explain) explains.set(block.address, result.explain);
  const details: ChangeDetails = { ...reviewDetails(block.type, before, known, unknown), ...result.details };
  if (d.replacePaths.length && kind === 'replace') details.replacePaths = d.replacePaths;
  if (prior?.tainted) (details.notes ??= []).push('tainted by a failed provisioner or apply: it is replaced');
  return change(block.type, block.name, block.address, kind, before, known, unknown, details, block.constructPath);
}

/**
 * A handler's proposal split into known values and the attributes only apply will know. On a
 * create, computed attributes the handler left unset are unknown too (WeCom assigns them).
 * terraform-provider-wecom plans with this same function.
 */
export function splitProposed(schema: ObjectSchema, before: Attrs | null, proposed: Attrs): { known: Attrs; unknown: Set<string> } {
  const { known, unknown } = splitUnknown(proposed);
  if (!before) {
    for (const [k, a] of Object.entries(schema.attributes)) {
      // A null `sameAs` value is known: "the same as" its twin (stored-form.ts).
      const sameAsKnown = a.sameAs && Array.isArray(known[a.sameAs]);
      if (a.computed && (known[k] === undefined || known[k] === null) && !unknown.has(k) && !sameAsKnown) unknown.add(k);
    }
  }
  return { known, unknown };
}

/** The schema's limits, checked again now that references are resolved (tokens are skipped at synth). */
function checkConfig(h: ResourceHandler, block: ConfigBlock, config: Attrs): void {
  if (h.type === 'null_resource') return;
  const problems = configProblems(h.schema, config, block.constructPath ?? block.address);
  if (problems.length) throw new PlanError(block.address, problems[0].field, problems.map((p) => p.message).join('\n'));
}

export function change(
  type: string, name: string, address: string, kind: ResourceChange['kind'], before: Attrs | null, after: Attrs | null,
  unknown: Set<string>, details: ChangeDetails, constructPath?: string, mode: 'managed' | 'data' = 'managed',
): ResourceChange {
  const afterUnknown: Attrs = {};
  for (const k of unknown) afterUnknown[k] = true;
  return {
    address, mode, type, name, constructPath, kind, actions: actionsFor(kind), before, after,
    afterUnknown, beforeSensitive: {}, afterSensitive: {},
    ...(kind === 'replace' ? { actionReason: 'replace_because_cannot_update' } : {}),
    details,
  };
}

function filterTargets(changes: ResourceChange[], stack: StackConfig, targets?: string[]): ResourceChange[] {
  if (!targets?.length) return changes;
  const keep = new Set<string>();
  const visit = (a: string) => {
    if (keep.has(a)) return;
    keep.add(a);
    const b = stack.byAddress.get(a);
    if (b) for (const d of dependenciesOf(b, stack)) visit(d);
  };
  for (const t of targets) {
    const matches = changes.filter((c) => c.address === t || c.address.startsWith(`${t}.`)).map((c) => c.address);
    if (!matches.length && !stack.byAddress.has(t)) throw new PlanError(t, 'target', 'no resource with this address in the stack or state');
    [...matches, t].forEach(visit);
  }
  return changes.filter((c) => keep.has(c.address));
}

function quotaChecks(rt: Runtime, changes: ResourceChange[]): QuotaCheck[] {
  const q = rt.client.quota();
  const creates = changes.filter((c) => c.type === 'wecom_app_chat' && (c.kind === 'create' || c.kind === 'replace')).length;
  const updates = changes.filter((c) => c.type === 'wecom_app_chat' && (c.kind === 'update' || (c.kind === 'delete'))).length;
  const out: QuotaCheck[] = [];
  const check = (name: string, needed: number, u: { used: number; limit: number }) => {
    if (needed) out.push({ name, needed, remaining: Math.max(0, u.limit - u.used), limit: u.limit, ok: needed <= u.limit - u.used });
  };
  check('app chat creates per day', creates, q.chatCreatesToday);
  check('app chat updates per hour', updates, q.chatUpdatesThisHour);
  return out;
}
