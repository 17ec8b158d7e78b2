// Strict checks for /_sim/ request bodies (fault settings, clock, out-of-band changes): only
// known fields, each of the right type and range. A refused body throws InspectError 400 that
// names the field and what is allowed there, before anything changes.
import { isPlainObject } from './check';
import { InspectError } from './errors';

export interface Rule {
  /** What the field may hold, for the error: "a number in [0, 1]". */
  readonly allowed: string;
  readonly required?: boolean;
  check(v: unknown, field: string): void;
}
export type Fields = Readonly<Record<string, Rule>>;

const show = (v: unknown): string => {
  const text = JSON.stringify(v);
  return text === undefined ? String(v) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

/** Throws the 400 for `field`. */
export function refuse(field: string, allowed: string, ...got: [unknown?]): never {
  throw new InspectError(400, `${field} must be ${allowed}${got.length ? `; got ${show(got[0])}` : ''}`, field, allowed);
}

function leaf(allowed: string, ok: (v: unknown) => boolean): Rule {
  return { allowed, check: (v, field) => { if (!ok(v)) refuse(field, allowed, v); } };
}

const range = (min?: number, max?: number): string =>
  min !== undefined && max !== undefined ? ` in [${min}, ${max}]` : min !== undefined ? ` >= ${min}` : max !== undefined ? ` <= ${max}` : '';

export const rules = {
  /** A string (empty allowed). */
  text: leaf('a string', (v) => typeof v === 'string'),
  /** A non-empty string. */
  id: leaf('a non-empty string', (v) => typeof v === 'string' && v !== ''),
  bool: leaf('true or false', (v) => typeof v === 'boolean'),
  int: (min?: number, max?: number): Rule => leaf(`an integer${range(min, max)}`,
    (v) => typeof v === 'number' && Number.isSafeInteger(v) && (min === undefined || v >= min) && (max === undefined || v <= max)),
  number: (min?: number, max?: number): Rule => leaf(`a number${range(min, max)}`,
    (v) => typeof v === 'number' && Number.isFinite(v) && (min === undefined || v >= min) && (max === undefined || v <= max)),
  oneOf: <T>(values: readonly T[]): Rule => leaf(`one of ${values.map((x) => JSON.stringify(x)).join(', ')}`, (v) => values.includes(v as T)),
  arrayOf: (item: Rule, minItems = 0): Rule => ({
    allowed: `an array${minItems ? ` of at least ${minItems} item${minItems === 1 ? '' : 's'}` : ''}, each ${item.allowed}`,
    check(v, field) {
      if (!Array.isArray(v) || v.length < minItems) refuse(field, this.allowed, v);
      (v as unknown[]).forEach((x, i) => item.check(x, `${field}[${i}]`));
    },
  }),
  object: (fields: Fields): Rule => ({
    allowed: `an object with ${describeFields(fields)}`,
    check(v, field) {
      if (!isPlainObject(v)) refuse(field, this.allowed, v);
      checkBody(v, fields, `${field}.`);
    },
  }),
  /** Either of two rules (e.g. a number or a [min, max] pair). */
  either: (a: Rule, b: Rule, allowed = `${a.allowed} or ${b.allowed}`): Rule => ({
    allowed,
    check(v, field) {
      try { a.check(v, field); } catch { try { b.check(v, field); } catch { refuse(field, allowed, v); } }
    },
  }),
  required: (r: Rule): Rule => ({ ...r, required: true, check: r.check.bind(r) }),
};

function describeFields(fields: Fields): string {
  return Object.entries(fields).map(([k, r]) => `${k}${r.required ? '' : '?'}`).join(', ');
}

/** Unknown fields, missing required fields and wrong values all throw (400), naming the field. */
export function checkBody(body: Record<string, unknown>, fields: Fields, prefix = ''): void {
  for (const key of Object.keys(body)) {
    if (!Object.hasOwn(fields, key)) {
      const known = Object.keys(fields);
      const allowed = known.length ? `one of the known fields: ${describeFields(fields)}` : 'absent (this route takes no fields)';
      throw new InspectError(400, `unknown field ${prefix}${key}; ${known.length ? `known fields: ${describeFields(fields)}` : 'this route takes no fields'}`, `${prefix}${key}`, allowed);
    }
  }
  for (const [name, rule] of Object.entries(fields)) {
    const v = body[name];
    if (v === undefined) {
      if (rule.required) throw new InspectError(400, `${prefix}${name} is required: ${rule.allowed}`, `${prefix}${name}`, rule.allowed);
      continue;
    }
    rule.check(v, `${prefix}${name}`);
  }
}
