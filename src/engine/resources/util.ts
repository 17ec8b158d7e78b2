// Small helpers shared by the handlers: userid sets compare case-insensitively (WeCom's rule).
import { WecomApiError } from '../../client';
import { AttributeSchema, isNested, ObjectSchema } from '../../schema';
import { UNKNOWN } from '../config/expressions';
import { valuesEqual } from '../plan/diff';
import type { Attrs } from './types';

export function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x) => typeof x === 'string') : [];
}

export function lowerSet(xs: Iterable<string>): Set<string> {
  return new Set([...xs].map((x) => x.toLowerCase()));
}

/** Union keeping the first spelling of each userid. */
export function unionCI(...lists: string[][]): string[] {
  const seen = new Map<string, string>();
  for (const list of lists) for (const u of list) if (!seen.has(u.toLowerCase())) seen.set(u.toLowerCase(), u);
  return [...seen.values()];
}

export function numbers(v: unknown): number[] {
  return Array.isArray(v) ? v.map(Number).filter((n) => Number.isFinite(n)) : [];
}

/** True for a WeCom API error with one of `codes` (e.g. "not found" answers that mean gone). */
export function isApiError(err: unknown, codes: Iterable<number>): err is WecomApiError {
  return err instanceof WecomApiError && new Set(codes).has(err.errcode);
}

/** Splits a list into calls of at most `size` items (WeCom's per-call limits). */
export function chunks<T>(xs: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

/**
 * WeCom reports an unset optional value as its default ('' or 0). Keep state's null then, so a
 * config that never set it does not show drift; a value the config did set is reported as is.
 */
export function unsetAsPrior<T>(live: T | undefined, prior: unknown, unset: T): T | null {
  if (live === undefined || live === null) return null;
  return live === unset && (prior === null || prior === undefined) ? null : live;
}

/** An empty live collection stays null when state held null (the diff treats both alike). */
export function listOrPrior<T>(live: T[] | undefined, prior: unknown): T[] | null {
  return (!live || live.length === 0) && (prior === null || prior === undefined) ? null : [...(live ?? [])];
}

/**
 * A nested single object in canonical form: the schema's keys in schema order, unset ones null.
 * The generic diff compares nested values by their JSON text, so key order and null-vs-missing
 * must not depend on whether the value came from config or from WeCom.
 */
export function nestedValue(attr: AttributeSchema, value: unknown, prior?: unknown): Attrs | null {
  if (!isNested(attr.type) || value === null || value === undefined || typeof value !== 'object') return null;
  const v = value as Attrs;
  // Without a prior (config being planned) values are kept exactly as given.
  const p = (prior === undefined ? v : prior && typeof prior === 'object' ? prior : {}) as Attrs;
  const out: Attrs = {};
  for (const k of Object.keys(attr.type.attributes)) out[k] = v[k] === undefined ? null : unsetAsPrior(v[k], p[k], '');
  return out;
}

/** The attributes of a nested value that are set, for a WeCom request body. */
export function setFields(value: unknown): Attrs | undefined {
  if (!value || typeof value !== 'object') return undefined;
  return Object.fromEntries(Object.entries(value as Attrs).filter(([, v]) => v !== null && v !== undefined));
}

/** Same elements, any order (exact comparison). */
export function sameSet<T>(a: T[], b: T[]): boolean {
  const sa = new Set(a), sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
}

/** What to add to and remove from `live` to reach `target`. */
export function setDelta<T>(live: T[], target: T[]): { add: T[]; remove: T[] } {
  const l = new Set(live), t = new Set(target);
  return { add: [...t].filter((x) => !l.has(x)), remove: [...l].filter((x) => !t.has(x)) };
}

/** Userids compare case-insensitively; removals use WeCom's spelling. */
export function userDelta(live: string[], target: string[]): { add: string[]; remove: string[] } {
  const l = lowerSet(live), t = lowerSet(target);
  return { add: unionCI(target).filter((u) => !l.has(u.toLowerCase())), remove: live.filter((u) => !t.has(u.toLowerCase())) };
}

/**
 * True when config changes a forceNew attribute of prior: the object will be replaced, so its
 * computed values (ids assigned by WeCom) are not the prior's but unknown until apply.
 */
export function replaces(schema: ObjectSchema, config: Attrs, prior: Attrs | null): boolean {
  if (!prior) return true;
  return Object.entries(schema.attributes).some(([k, a]) => a.forceNew && (config[k] !== undefined && config[k] !== null || !a.computed) &&
    !valuesEqual(schema, k, config[k], prior[k]));
}

/** A computed value: the prior's while the object stays, unknown when it is (re)created. */
export function computedFrom(schema: ObjectSchema, config: Attrs, prior: Attrs | null, key: string): unknown {
  return replaces(schema, config, prior) ? UNKNOWN : (prior?.[key] ?? null);
}
