// Declarative field-type checks for request bodies: each route lists its fields once and this
// turns wrong types into 40058 and missing required fields into the route's missing-field code.
// Lengths, ranges and cross-field rules stay in the routes (their errcodes differ per area).
import { fail } from './errors';

type Kind = 'string' | 'int' | 'bool' | 'object' | 'array' | 'any';

export interface FieldSpec {
  readonly kind: Kind;
  /** Errcode when the field is absent, null or an empty string; absent = optional. */
  readonly missing?: number;
  readonly of?: FieldSpec;
  readonly fields?: Fields;
}
export type Fields = Readonly<Record<string, FieldSpec>>;

export const f = {
  str: (missing?: number): FieldSpec => ({ kind: 'string', missing }),
  int: (missing?: number): FieldSpec => ({ kind: 'int', missing }),
  bool: (missing?: number): FieldSpec => ({ kind: 'bool', missing }),
  any: (missing?: number): FieldSpec => ({ kind: 'any', missing }),
  obj: (fields: Fields, missing?: number): FieldSpec => ({ kind: 'object', fields, missing }),
  arr: (of: FieldSpec, missing?: number): FieldSpec => ({ kind: 'array', of, missing }),
  strs: (missing?: number): FieldSpec => ({ kind: 'array', of: { kind: 'string' }, missing }),
  ints: (missing?: number): FieldSpec => ({ kind: 'array', of: { kind: 'int' }, missing }),
};

const KIND_TEXT: Record<Kind, string> = {
  string: 'a string', int: 'an integer', bool: 'a boolean', object: 'an object', array: 'an array', any: 'a value',
};

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function kindOk(kind: Kind, v: unknown): boolean {
  switch (kind) {
    case 'string': return typeof v === 'string';
    case 'int': return typeof v === 'number' && Number.isSafeInteger(v);
    case 'bool': return typeof v === 'boolean';
    case 'object': return isPlainObject(v);
    case 'array': return Array.isArray(v);
    case 'any': return true;
  }
}

function checkValue(spec: FieldSpec, v: unknown, path: string): void {
  if (v === undefined || v === null || (spec.kind === 'string' && v === '')) {
    if (spec.missing !== undefined) fail(spec.missing, `${path} missing`);
    if (v === null) fail(40058, `invalid parameter: ${path} must be ${KIND_TEXT[spec.kind]}`);
    return;
  }
  if (!kindOk(spec.kind, v)) fail(40058, `invalid parameter: ${path} must be ${KIND_TEXT[spec.kind]}`);
  if (spec.kind === 'object' && spec.fields) checkFields(spec.fields, v as Record<string, unknown>, `${path}.`);
  if (spec.kind === 'array' && spec.of) {
    (v as unknown[]).forEach((item, i) => {
      if (item === undefined || item === null) fail(40058, `invalid parameter: ${path}[${i}] is null`);
      checkValue(spec.of as FieldSpec, item, `${path}[${i}]`);
    });
  }
}

/** Throws 40058 / the missing-field code for the first field that does not match. */
export function checkFields(fields: Fields, body: Record<string, unknown>, prefix = ''): void {
  for (const [name, spec] of Object.entries(fields)) checkValue(spec, body[name], `${prefix}${name}`);
}
