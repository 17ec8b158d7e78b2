// The one order of an unordered collection (CollectionType 'unordered'). The L2 constructs write
// it at synth, the state upgrade writes it, reads return it when WeCom reports other values; so
// configuration and state agree element by element and Terraform's list comparison finds no change.
import { AttributeSchema, isCollection, ObjectSchema } from './types';

export function isUnordered(attr: AttributeSchema): boolean {
  return isCollection(attr.type) && attr.type.collection === 'unordered';
}

/** Code-point order for strings (as cty orders set(string)), numeric order for numbers. */
export function compareElements(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Key under which two elements are the same value (userids are case-insensitive). */
export function elementKey(attr: AttributeSchema, v: unknown): string {
  return attr.caseInsensitive && typeof v === 'string' ? v.toLowerCase() : `${typeof v}:${String(v)}`;
}

/** Each value once (the first spelling wins), sorted. */
export function sortedUnique<T>(attr: AttributeSchema, values: readonly T[]): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const v of values) {
    const k = elementKey(attr, v);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(v);
  }
  return out.sort(compareElements);
}

/** True when both hold the same values, whatever the order (userids case-insensitively). */
export function sameElements(attr: AttributeSchema, a: readonly unknown[], b: readonly unknown[]): boolean {
  const ka = new Set(a.map((v) => elementKey(attr, v)));
  const kb = new Set(b.map((v) => elementKey(attr, v)));
  return ka.size === kb.size && [...ka].every((k) => kb.has(k));
}

/**
 * `attrs` with each `sameAs` attribute that is null filled in from the attribute it stands for;
 * not those in `unknown` (a plan's values only apply will know, which plans carry as null).
 */
export function expandSameAs<T extends Record<string, unknown> | null | undefined>(schema: ObjectSchema, attrs: T, unknown?: ReadonlySet<string>): T {
  if (!attrs) return attrs;
  let out: Record<string, unknown> | undefined;
  for (const [k, a] of Object.entries(schema.attributes)) {
    if (a.sameAs && (attrs[k] === null || attrs[k] === undefined) && !unknown?.has(k) && Array.isArray(attrs[a.sameAs])) (out ??= { ...attrs })[k] = attrs[a.sameAs];
  }
  return (out ?? attrs) as T;
}

/**
 * `attrs` with each `sameAs` attribute null where it holds the same elements as the one it stands
 * for. With a `reference` (the prior state, or the plan being applied), only where the reference
 * holds null too: a value stored in full (after drift) stays in full, so Terraform shows the
 * repair as `+ "wangwu"` rather than a list going to null, and nothing flips back and forth.
 */
export function compactSameAs<T extends Record<string, unknown>>(
  schema: ObjectSchema, attrs: T, isUnknown: (v: unknown) => boolean = () => false, reference?: Record<string, unknown> | null,
): T {
  let out: Record<string, unknown> | undefined;
  for (const [k, a] of Object.entries(schema.attributes)) {
    const v = attrs[k];
    const same = a.sameAs ? attrs[a.sameAs] : undefined;
    if (!Array.isArray(v) || !Array.isArray(same) || isUnknown(v) || isUnknown(same)) continue;
    if (reference && reference[k] !== null && reference[k] !== undefined) continue;
    if (sameElements(a, v, same)) (out ??= { ...attrs })[k] = null;
  }
  return (out ?? attrs) as T;
}
