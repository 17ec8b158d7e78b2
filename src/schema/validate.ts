// validateAttributes: checks attribute values (Terraform names, snake_case) against a schema and
// returns every problem at once. Used by the constructs at synth time, and meant for the engine
// (on synthesized JSON, where references are "${...}" strings) and the simulator.

import { charCount, utf8Bytes } from '../wecom/limits';
import { isUnordered, sameElements } from './order';
import {
  AttributeSchema, AttributeType, ENV_VAR_NAME_PATTERN, ItemsConstraint, ObjectSchema, ValueConstraints,
  isCollection, isNested,
} from './types';
import type { ValidationId } from './validation-ids';

export interface Problem {
  readonly id: ValidationId;
  /** Field as the caller names it: `members`, `word_list[3]`, `link.title`. */
  readonly field: string;
  /** The offending value (redacted when it looks like a secret). */
  readonly value: unknown;
  /** What WeCom allows, e.g. "2..2000 users". */
  readonly limit: string;
  /** `<Kind> '<path>': <field> <what is wrong>; WeCom allows <limit> (<ID>)`. */
  readonly message: string;
}

export interface ValidateOptions {
  /** Construct path (or resource address) named in messages. */
  readonly path?: string;
  /** Name of the kind in messages; default the schema name (`wecom_app_chat`). */
  readonly kind?: string;
  /** How callers name top-level attributes, e.g. `{ word_list: 'words' }`. */
  readonly fieldNames?: Readonly<Record<string, string>>;
  /** Values not known yet (references); they are skipped. Default: strings containing "${". */
  readonly isUnresolved?: (value: unknown) => boolean;
  /** Report attributes the schema does not define; default true. */
  readonly reportUnknown?: boolean;
}

/** A problem before the kind/path prefix is applied. */
export interface ProblemDetail {
  readonly id: ValidationId;
  readonly field: string;
  readonly value: unknown;
  readonly limit: string;
  /** What is wrong, after the field name: `has 2001 users`. */
  readonly what: string;
}

const defaultUnresolved = (v: unknown): boolean => typeof v === 'string' && v.includes('${');

export function formatProblem(d: ProblemDetail, kind: string, path?: string): Problem {
  const where = path === undefined ? kind : `${kind} '${path}'`;
  const message = `${where}: ${d.field} ${d.what}; WeCom allows ${d.limit} (${d.id})`;
  return { id: d.id, field: d.field, value: d.value, limit: d.limit, message };
}

/** A value as messages show it: strings quoted and cut at 40 characters, arrays by size. */
export function showValue(v: unknown): string {
  if (typeof v === 'string') {
    const chars = [...v];
    return JSON.stringify(chars.length > 40 ? chars.slice(0, 40).join('') + '…' : v);
  }
  if (Array.isArray(v)) return `[${v.length} items]`;
  if (v !== null && typeof v === 'object') return '{…}';
  return String(v);
}

/** Heuristic for a secret given where a name belongs: URLs, query strings, UUID-like or long mixed tokens. */
export function looksLikeSecret(v: string): boolean {
  if (ENV_VAR_NAME_PATTERN.test(v)) return false;
  if (/:\/\/|[?&](key|access_token|corpsecret)=/i.test(v)) return true;
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v)) return true;
  return v.length >= 20 && /[a-z]/.test(v) && /[0-9]/.test(v) && !/\s/.test(v);
}

export function redact(v: string): string {
  return `<redacted ${v.length} chars>`;
}

export function validateAttributes(
  schema: ObjectSchema,
  values: Readonly<Record<string, unknown>>,
  options: ValidateOptions = {},
): Problem[] {
  const ctx: Ctx = { unresolved: options.isUnresolved ?? defaultUnresolved, out: [] };
  const label = (name: string) => options.fieldNames?.[name] ?? name;
  checkObject(schema.attributes, values, label, ctx);
  if (options.reportUnknown !== false) {
    for (const name of Object.keys(values)) {
      if (!(name in schema.attributes) && values[name] !== undefined) {
        ctx.out.push({ id: 'WECOM_UNKNOWN_ATTRIBUTE', field: label(name), value: values[name], limit: `only the attributes of ${schema.name}`, what: 'is not an attribute' });
      }
    }
  }
  return ctx.out.map((d) => formatProblem(d, options.kind ?? schema.name, options.path));
}

interface Ctx {
  readonly unresolved: (v: unknown) => boolean;
  readonly out: ProblemDetail[];
}

function checkObject(
  attrs: Readonly<Record<string, AttributeSchema>>,
  values: Readonly<Record<string, unknown>>,
  label: (name: string) => string,
  ctx: Ctx,
): void {
  for (const [name, attr] of Object.entries(attrs)) {
    const value = values[name];
    const field = label(name);
    if (value === undefined || value === null) {
      if (attr.required) ctx.out.push({ id: 'WECOM_REQUIRED', field, value, limit: 'a value', what: 'is missing' });
      continue;
    }
    if (ctx.unresolved(value)) continue;
    checkAttribute(attr, value, field, ctx);
  }
}

function checkAttribute(attr: AttributeSchema, value: unknown, field: string, ctx: Ctx): void {
  const t = attr.type;
  // An enum names its allowed values, which says more than the type would.
  if (!hasType(t, value) && typeof t === 'string' && attr.constraints?.oneOf) {
    checkValue(attr.constraints, value, field, ctx);
    return;
  }
  if (!hasType(t, value)) {
    ctx.out.push({ id: 'WECOM_TYPE', field, value: showValue(value), limit: `a value of type ${typeName(t)}`, what: `is ${showValue(value)}` });
    return;
  }
  if (isNested(t)) {
    const items = t.nesting === 'single' ? [value] : (value as unknown[]);
    items.forEach((item, i) => {
      if (ctx.unresolved(item)) return;
      const prefix = t.nesting === 'single' ? field : `${field}[${i}]`;
      checkObject(t.attributes, item as Record<string, unknown>, (n) => `${prefix}.${n}`, ctx);
    });
    return;
  }
  if (isCollection(t)) {
    checkCollection(attr, value as unknown[], field, ctx);
    return;
  }
  if (attr.constraints) checkValue(attr.constraints, value, field, ctx);
}

function checkCollection(attr: AttributeSchema, list: unknown[], field: string, ctx: Ctx): void {
  if (attr.items) checkItems(attr.items, list, field, ctx);
  const seen = new Map<string, number>();
  list.forEach((el, i) => {
    if (ctx.unresolved(el)) return;
    const elType = (attr.type as { element: 'string' | 'number' }).element;
    if (typeof el !== elType && !attr.constraints?.oneOf) {
      ctx.out.push({ id: 'WECOM_TYPE', field: `${field}[${i}]`, value: showValue(el), limit: `${elType} elements`, what: `is ${showValue(el)}` });
      return;
    }
    if (attr.constraints) checkValue(attr.constraints, el, `${field}[${i}]`, ctx);
    const key = attr.caseInsensitive && typeof el === 'string' ? el.toLowerCase() : String(el);
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, i);
    } else if (isUnordered(attr) || attr.unique) {
      const how = attr.caseInsensitive ? ' (case-insensitively)' : '';
      ctx.out.push({
        id: attr.unique?.id ?? 'WECOM_DUPLICATE', field: `${field}[${i}]`, value: el,
        limit: 'each value once', what: `repeats ${showValue(el)} from ${field}[${first}]${how}`,
      });
    }
  });
}

function checkItems(c: ItemsConstraint, list: unknown[], field: string, ctx: Ctx): void {
  const n = list.length;
  if ((c.min !== undefined && n < c.min) || (c.max !== undefined && n > c.max)) {
    const noun = c.noun ?? 'items';
    ctx.out.push({ id: c.id, field, value: n, limit: `${bounds(c.min, c.max)} ${noun}`, what: `has ${n} ${noun}` });
  }
}

/** Checks one scalar (or one element of a collection). Exported for constructs' own fields. */
export function checkValue(c: ValueConstraints, value: unknown, field: string, ctx: { out: ProblemDetail[] }): void {
  if (c.envVarName && typeof value === 'string' && !ENV_VAR_NAME_PATTERN.test(value)) {
    const secret = looksLikeSecret(value);
    ctx.out.push({
      id: secret ? c.envVarName.secretId : c.envVarName.id, field, value: secret ? redact(value) : value,
      limit: 'the NAME of an environment variable (^[A-Z_][A-Z0-9_]*$), never the secret itself',
      what: secret ? `looks like a secret (${redact(value)})` : `is ${showValue(value)}`,
    });
    return;
  }
  if (c.oneOf && !c.oneOf.values.includes(value as string | number)) {
    ctx.out.push({ id: c.oneOf.id, field, value, limit: `one of ${c.oneOf.values.map((v) => JSON.stringify(v)).join(', ')}`, what: `is ${showValue(value)}` });
  }
  if (c.length && typeof value === 'string') {
    const n = c.length.unit === 'chars' ? charCount(value) : utf8Bytes(value);
    if ((c.length.min !== undefined && n < c.length.min) || (c.length.max !== undefined && n > c.length.max)) {
      ctx.out.push({ id: c.length.id, field, value, limit: `${bounds(c.length.min, c.length.max)} ${c.length.unit}`, what: `${showValue(value)} has ${n} ${c.length.unit}` });
    }
  }
  if (c.pattern && typeof value === 'string' && !c.pattern.regex.test(value)) {
    ctx.out.push({ id: c.pattern.id, field, value, limit: c.pattern.allowed, what: `${showValue(value)} does not match ${c.pattern.regex.source}` });
  }
  if (c.range && typeof value === 'number') {
    const r = c.range;
    const bad = (r.min !== undefined && value < r.min) || (r.max !== undefined && value > r.max) || (r.integer && !Number.isInteger(value));
    if (bad) ctx.out.push({ id: r.id, field, value, limit: `${r.integer ? 'an integer ' : ''}${rangeText(r.min, r.max)}`, what: `is ${value}` });
  }
}

function bounds(min?: number, max?: number): string {
  if (min !== undefined && max !== undefined) return `${min}..${max}`;
  if (max !== undefined) return `at most ${max}`;
  return `at least ${min}`;
}

function rangeText(min?: number, max?: number): string {
  if (min === undefined && max === undefined) return 'any value';
  return `in ${min ?? '-∞'}..${max ?? '∞'}`;
}

function hasType(t: AttributeType, v: unknown): boolean {
  if (t === 'string') return typeof v === 'string';
  if (t === 'number') return typeof v === 'number' && Number.isFinite(v);
  if (t === 'bool') return typeof v === 'boolean';
  if (isCollection(t)) return Array.isArray(v);
  if (t.nesting === 'list') return Array.isArray(v);
  return typeof v === 'object' && !Array.isArray(v);
}

export function typeName(t: AttributeType): string {
  if (typeof t === 'string') return t;
  if (isCollection(t)) return t.collection === 'unordered' ? `list of ${t.element} (any order, each once)` : `list of ${t.element}`;
  return t.nesting === 'single' ? 'object' : 'list of objects';
}

/** Compares two values of an attribute as the engine's diff must: unordered lists as sets, userids case-insensitively. */
export function attributeValuesEqual(attr: AttributeSchema, a: unknown, b: unknown): boolean {
  const norm = (v: unknown): unknown => (attr.caseInsensitive && typeof v === 'string' ? v.toLowerCase() : v);
  if (isCollection(attr.type) && Array.isArray(a) && Array.isArray(b)) {
    if (isUnordered(attr)) return sameElements(attr, a, b);
    const xs = a.map(norm);
    const ys = b.map(norm);
    return xs.length === ys.length && xs.every((x, i) => x === ys[i]);
  }
  if (isNested(attr.type)) return JSON.stringify(a) === JSON.stringify(b);
  return norm(a) === norm(b);
}
