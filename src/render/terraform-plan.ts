// A Terraform plan (`terraform show -json tfplan`) as our Plan model, so the Text and Markdown
// renderers produce for a `terraform plan` the same PR comment as for `cdktf-wecom plan`.
// Review details come from before/after through the same reviewDetails the planner uses; what
// only a handler knows at plan time is re-derived from the same handler (destroy notes, whether
// a destroy only forgets) or looked up (display names, via `names`).
import type { StackConfig } from '../engine/config/stack';
import { hashText } from '../engine/plan/file';
import { reviewDetails } from '../engine/plan/diff';
import { Attrs, ChangeDetails, ChangeKind, Plan, ResourceChange } from '../engine/plan/model';
import { resourceHandler } from '../engine/resources';
import { change } from '../engine/planner';
import { getSchema, isNested, ObjectSchema } from '../schema';

interface TfChange {
  address: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  change: { actions: string[]; before: Attrs | null; after: Attrs | null; after_unknown?: Attrs | boolean; replace_paths?: unknown[][] };
}

export interface TerraformPlanJson {
  format_version?: string;
  resource_changes?: TfChange[];
  resource_drift?: TfChange[];
  timestamp?: string;
}

export interface FromTerraformOptions {
  /** Text of cdk.tf.json (hashed into the plan, as ours is). */
  configText?: string;
  /** Display names of userids, as the handlers fill them for members a change adds. */
  names?: (userid: string) => string | undefined;
}

function kindOf(actions: string[], drift: boolean): ChangeKind {
  const a = actions.join(',');
  if (a === 'create') return 'create';
  if (a === 'update') return 'update';
  if (a === 'delete,create' || a === 'create,delete') return 'replace';
  if (a === 'delete') return 'delete';
  if (a === 'read') return 'read';
  return drift ? 'update' : 'no-op';
}

const hasTrue = (v: unknown): boolean => v === true || (Array.isArray(v) ? v.some(hasTrue) : !!v && typeof v === 'object' && Object.values(v).some(hasTrue));

/**
 * Terraform leaves unknown values out of `after` (flagging them in after_unknown, element by
 * element); our model holds an attribute that is unknown anywhere as null, flagged as a whole.
 */
function knownAfter(c: TfChange['change'], schema: ObjectSchema | undefined): { after: Attrs | null; unknown: Set<string> } {
  const flags = typeof c.after_unknown === 'object' && c.after_unknown ? c.after_unknown : {};
  const unknown = new Set(Object.entries(flags).filter(([, v]) => hasTrue(v)).map(([k]) => k));
  const after = canonical(schema, c.after);
  if (after) for (const k of unknown) after[k] = null;
  return { after, unknown };
}

/** Nested objects with their keys in schema order, as the handlers build them (Terraform sorts keys). */
function canonical(schema: ObjectSchema | undefined, attrs: Attrs | null): Attrs | null {
  if (!attrs) return attrs;
  const out: Attrs = { ...attrs };
  for (const [k, a] of Object.entries(schema?.attributes ?? {})) {
    const t = a.type;
    if (!isNested(t)) continue;
    const order = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(t.attributes).map((n) => [n, (v as Attrs)[n] ?? null])) : v);
    out[k] = Array.isArray(out[k]) ? (out[k] as unknown[]).map(order) : order(out[k]);
  }
  return out;
}

function toChange(rc: TfChange, stack: StackConfig, drift: boolean, opts: FromTerraformOptions): ResourceChange | undefined {
  let kind = kindOf(rc.change.actions, drift);
  if (kind === 'no-op') return undefined;
  const h = rc.mode === 'managed' ? resourceHandler(rc.type) : undefined;
  const schema = getSchema(rc.type, rc.mode === 'managed' ? 'resource' : 'data');
  const { after, unknown } = knownAfter(rc.change, schema);
  const before = canonical(schema, rc.change.before);
  const details: ChangeDetails = reviewDetails(rc.type, before, drift ? after : (kind === 'delete' ? null : after), unknown);
  if (kind === 'delete' && before && h) {
    if (h.forgetsOnDestroy?.(before)) kind = 'forget';
    const note = h.destroyNote?.(before);
    if (note) details.notes = [note];
  }
  if (!drift && details.membersAdded?.length && opts.names) {
    const names: Record<string, string> = {};
    for (const u of details.membersAdded) { const n = opts.names(u); if (n) names[u] = n; }
    if (Object.keys(names).length) details.names = names;
  }
  if (kind === 'replace') {
    const paths = (rc.change.replace_paths ?? []).map((p) => String(p[0]));
    if (paths.length) details.replacePaths = [...new Set(paths)].sort();
  }
  const constructPath = stack.byAddress.get(rc.address)?.constructPath;
  return change(rc.type, rc.name, rc.address, kind, before, after, unknown, details, drift ? undefined : constructPath, rc.mode);
}

export function planFromTerraformJson(doc: TerraformPlanJson, stack: StackConfig, opts: FromTerraformOptions = {}): Plan {
  const byAddress = (a: ResourceChange, b: ResourceChange) => a.address.localeCompare(b.address);
  const changes = (doc.resource_changes ?? []).map((rc) => toChange(rc, stack, false, opts)).filter((c): c is ResourceChange => !!c).sort(byAddress);
  const drift = (doc.resource_drift ?? []).filter((rc) => rc.mode === 'managed').map((rc) => toChange(rc, stack, true, opts)).filter((c): c is ResourceChange => !!c).sort(byAddress);
  return {
    planFormat: 1,
    stack: stack.stackName,
    configFile: stack.file,
    configHash: hashText(opts.configText ?? ''),
    statePath: stack.statePath,
    prior: null,
    createdAt: doc.timestamp ?? new Date().toISOString(),
    refreshOnly: false,
    changes,
    drift,
    quotas: [],
    warnings: [],
  };
}
