// The generic, schema-driven diff: attribute by attribute, sets unordered, userids compared
// case-insensitively, forceNew attributes making a replacement, ignore_changes honoured.
// Also derives the reviewer-facing details (members added/removed, owner, words) from
// before/after alone, so a Terraform JSON plan yields the same details as ours.
import { attributeValuesEqual, expandSameAs, isCollection, ObjectSchema, RESOURCE_SCHEMAS, ReviewRole } from '../../schema';
import { Attrs, ChangeDetails, ChangeKind } from './model';

/** The attribute carrying each review role of a resource type, from the schema's `review` marks. */
function reviewRoles(type: string): Partial<Record<ReviewRole, string>> {
  const out: Partial<Record<ReviewRole, string>> = {};
  for (const [name, a] of Object.entries(RESOURCE_SCHEMAS[type]?.attributes ?? {})) if (a.review) out[a.review] = name;
  return out;
}

export function normalizeForCompare(value: unknown): unknown {
  return value === undefined ? null : value;
}

/** Equality as the diff sees it: null and an empty set are the same (WeCom reports none as []). */
export function valuesEqual(schema: ObjectSchema, key: string, a: unknown, b: unknown): boolean {
  const attr = schema.attributes[key];
  const empty = (v: unknown) => v === null || v === undefined || (Array.isArray(v) && v.length === 0);
  if (!attr) return JSON.stringify(normalizeForCompare(a)) === JSON.stringify(normalizeForCompare(b));
  if (isCollection(attr.type) && empty(a) && empty(b)) return true;
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  return attributeValuesEqual(attr, a, b);
}

export interface AttrDiff {
  changed: string[];
  replacePaths: string[];
}

/** Attributes that differ (excluding unknowns, which count as changed), and those forcing replacement. */
export function diffAttributes(schema: ObjectSchema, before: Attrs, after: Attrs, unknown: ReadonlySet<string> = new Set()): AttrDiff {
  const changed: string[] = [];
  const replacePaths: string[] = [];
  const keys = new Set([...Object.keys(schema.attributes)].filter((k) => k !== 'id'));
  for (const k of keys) {
    const attr = schema.attributes[k];
    const computedOnly = !!attr.computed && !attr.required && !attr.optional;
    // An unknown config value is a change; a computed-only value going unknown is not by itself.
    const differs = unknown.has(k) ? !computedOnly : !valuesEqual(schema, k, before[k], after[k]);
    if (!differs) continue;
    changed.push(k);
    if (attr.forceNew) replacePaths.push(k);
  }
  return { changed, replacePaths };
}

export function kindOf(before: Attrs | null, after: Attrs | null, d: AttrDiff): ChangeKind {
  if (!before && after) return 'create';
  if (before && !after) return 'delete';
  if (!before && !after) return 'no-op';
  if (d.replacePaths.length) return 'replace';
  return d.changed.length ? 'update' : 'no-op';
}

/** ignore_changes: the prior value stands for the listed attributes (or all of them). */
export function applyIgnoreChanges(schema: ObjectSchema, before: Attrs | null, after: Attrs, ignore: string[] | 'all'): Attrs {
  if (!before) return after;
  const keys = ignore === 'all' ? Object.keys(schema.attributes).filter((k) => !schema.attributes[k].computed || schema.attributes[k].optional) : ignore;
  const out = { ...after };
  for (const k of keys) if (k in schema.attributes) out[k] = before[k];
  return out;
}

function asStrings(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : [];
}

function setDelta(before: unknown, after: unknown, caseInsensitive: boolean): { added: string[]; removed: string[] } {
  const key = (s: string) => (caseInsensitive ? s.toLowerCase() : s);
  const b = asStrings(before);
  const a = asStrings(after);
  const bs = new Set(b.map(key));
  const as = new Set(a.map(key));
  return { added: a.filter((x) => !bs.has(key(x))).sort(), removed: b.filter((x) => !as.has(key(x))).sort() };
}

/** Members, departments, owner and words that change, from before/after alone. */
export function reviewDetails(type: string, before: Attrs | null, after: Attrs | null, unknownAfter?: ReadonlySet<string>): ChangeDetails {
  const roles = reviewRoles(type);
  const d: ChangeDetails = {};
  const schema = RESOURCE_SCHEMAS[type];
  // Full values: a null `sameAs` attribute (resolved_members of a chat of named people) is its twin's.
  const b = schema ? expandSameAs(schema, before ?? {}) : before ?? {};
  const a = schema ? expandSameAs(schema, after ?? {}, unknownAfter) : after ?? {};
  if (roles.members && (Array.isArray(a[roles.members]) || Array.isArray(b[roles.members]))) {
    const m = setDelta(b[roles.members], after ? a[roles.members] : [], true);
    if (m.added.length) d.membersAdded = m.added;
    if (m.removed.length) d.membersRemoved = m.removed;
  }
  if (roles.departments) {
    const m = setDelta(b[roles.departments], after ? a[roles.departments] : [], false);
    if (m.added.length) d.departmentsAdded = m.added.map(Number);
    if (m.removed.length) d.departmentsRemoved = m.removed.map(Number);
  }
  if (roles.words) {
    const m = setDelta(b[roles.words], after ? a[roles.words] : [], false);
    if (m.added.length) d.wordsAdded = m.added;
    if (m.removed.length) d.wordsRemoved = m.removed;
  }
  if (roles.owner && after && typeof a[roles.owner] === 'string') {
    const from = typeof b[roles.owner] === 'string' ? (b[roles.owner] as string) : null;
    if (from === null || from.toLowerCase() !== (a[roles.owner] as string).toLowerCase()) d.ownerChange = { from, to: a[roles.owner] as string };
  }
  return d;
}
