// A Terraform plan (`terraform show -json tfplan`) as our Plan model, so the Text and Markdown
// renderers produce for a `terraform plan` the same PR comment as for `cdktf-wecom plan`.
// Review details come from before/after through the same reviewDetails the planner uses; what
// only a handler knows at plan time is re-derived from the same handler (destroy notes, whether
// a destroy only forgets) or looked up (display names, via `names`).
import type { StackConfig } from '../engine/config/stack';
import { hashText } from '../engine/plan/file';
import { reviewDetails } from '../engine/plan/diff';
import { labelRobotChats } from '../engine/plan/drift';
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
  /** Display names of userids, as the planner fills them for members a change adds or removes. */
  names?: (userid: string) => string | undefined;
  /** Labels by `department:<id>` / `tag:<id>` (labelsOf over labelIds(doc)), as the handlers give them. */
  labels?: Record<string, string>;
}

/** Attributes whose values are department or tag ids, by the label kind. */
const LABELLED_IDS: Record<string, 'department' | 'tag'> = { member_departments: 'department', applicable_departments: 'department', departments: 'department', member_tags: 'tag' };

/** `department:<id>` / `tag:<id>` keys a change refers to in before or after. */
function labelKeys(c: { before: Attrs | null; after: Attrs | null }): string[] {
  const keys = new Set<string>();
  for (const a of [c.before, c.after]) for (const [attr, kind] of Object.entries(LABELLED_IDS)) for (const id of Array.isArray(a?.[attr]) ? (a[attr] as unknown[]) : []) keys.add(`${kind}:${Number(id)}`);
  return [...keys];
}

/** The department and tag ids a Terraform plan refers to, for FromTerraformOptions.labels. */
export function labelIds(doc: TerraformPlanJson): { departments: number[]; tags: number[] } {
  const keys = new Set((doc.resource_changes ?? []).flatMap((rc) => labelKeys(rc.change)));
  const ids = (kind: string) => [...keys].filter((k) => k.startsWith(`${kind}:`)).map((k) => Number(k.slice(kind.length + 1))).filter(Number.isFinite);
  return { departments: ids('department'), tags: ids('tag') };
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
  if (!drift && (details.membersAdded?.length || details.membersRemoved?.length) && opts.names) {
    const names: Record<string, string> = {};
    for (const u of [...details.membersAdded ?? [], ...details.membersRemoved ?? []]) { const n = opts.names(u); if (n) names[u] = n; }
    if (Object.keys(names).length) details.names = names;
  }
  // The handlers label what a change refers to when its members and ranges are known at plan time.
  if (!drift && opts.labels && kind !== 'delete' && ![...unknown].some((k) => LABELLED_IDS[k] || k === 'members' || k === 'users' || k === 'applicable_users' || k === 'resolved_members')) {
    const labels = Object.fromEntries(labelKeys({ before, after }).filter((k) => opts.labels![k]).map((k) => [k, opts.labels![k]]));
    if (Object.keys(labels).length) details.labels = labels;
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
  // Unchanged chats (Terraform lists them as no-op) name the chat a robot posts into, as our planner does.
  labelRobotChats([...changes, ...drift], (doc.resource_changes ?? []).filter((rc) => rc.type === 'wecom_app_chat').map((rc) => rc.change.after ?? rc.change.before));
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
