// How constructs validate. One approach everywhere: every WeCom limit is checked by a validation
// registered with node.addValidation, so a synth reports ALL problems of ALL constructs at once
// (cdktf runs them before writing anything). The single exception throws in the constructor:
// a value that must never be written anywhere (a secret, or an env var name that goes into a
// shell command), with the value redacted.

import { Construct, IConstruct } from 'constructs';
import { TerraformStack, Token } from '../cdktf';
import {
  AttributeSchema, ObjectSchema, ProblemDetail, ValueConstraints, camelCase, checkValue, formatProblem,
  isNested, validateAttributes,
} from '../schema';

export type Check = () => ProblemDetail[];

/** True for values known only at apply time (references, lazies). */
export function isToken(v: unknown): boolean {
  // Token.isUnresolved(string) is a regex test for cdktf's `${TfToken[..]}` marker; a plain
  // substring test rules out almost every string first (a large stack checks 500,000 userids
  // several times over).
  if (typeof v === 'string') return v.includes('${TfToken[') && Token.isUnresolved(v);
  return Token.isUnresolved(v);
}

/**
 * Registers the schema checks of `attrs` (Terraform names) plus construct-level checks.
 * Messages read `<kind> '<path>': <field> ...; WeCom allows ... (<ID>)`.
 */
export function addWecomValidation(
  scope: Construct,
  kind: string,
  schema: ObjectSchema,
  attrs: () => Record<string, unknown>,
  options: { fieldNames?: Record<string, string>; checks?: Check; skipIds?: readonly string[] } = {},
): void {
  scope.node.addValidation({
    validate: () => {
      const path = scope.node.path;
      const fromSchema = validateAttributes(schema, attrs(), {
        path, kind, fieldNames: options.fieldNames, isUnresolved: isToken, reportUnknown: false,
      }).filter((p) => !options.skipIds?.includes(p.id));
      const custom = (options.checks?.() ?? []).map((d) => formatProblem(d, kind, path));
      return [...fromSchema, ...custom].map((p) => p.message);
    },
  });
}

/** L1 config (camelCase) -> attribute values (Terraform names), guided by the schema. */
export function attributesOf(schema: ObjectSchema, config: object): Record<string, unknown> {
  return pick(schema.attributes, config as Record<string, unknown>);
}

// Terraform name -> camelCase pairs per attribute table, computed once (pick runs per construct).
const fieldTables = new WeakMap<object, ReadonlyArray<readonly [string, string, AttributeSchema]>>();

function fieldsOf(attrs: Readonly<Record<string, AttributeSchema>>): ReadonlyArray<readonly [string, string, AttributeSchema]> {
  let table = fieldTables.get(attrs);
  if (!table) fieldTables.set(attrs, (table = Object.entries(attrs).map(([name, attr]) => [name, camelCase(name), attr] as const)));
  return table;
}

function pick(attrs: Readonly<Record<string, AttributeSchema>>, src: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, camel, attr] of fieldsOf(attrs)) {
    const v = src[camel];
    if (v === undefined) continue;
    const t = attr.type;
    if (isNested(t) && !isToken(v)) {
      out[name] = Array.isArray(v)
        ? v.map((item) => (isToken(item) ? item : pick(t.attributes, item as Record<string, unknown>)))
        : pick(t.attributes, v as Record<string, unknown>);
    } else {
      out[name] = v;
    }
  }
  return out;
}

/**
 * Throws at once when an env-var-name field holds something else: a secret must not reach any
 * output, and the name is spliced into shell commands. The value is redacted when secret-like.
 */
export function assertEnvVarName(scope: IConstruct, kind: string, field: string, value: string, c: ValueConstraints): void {
  if (isToken(value)) {
    throw new Error(`${kind} '${scope.node.path}': ${field} must be a literal environment variable name, not a reference`);
  }
  const out: ProblemDetail[] = [];
  checkValue(c, value, field, { out });
  if (out.length > 0) throw new Error(formatProblem(out[0], kind, scope.node.path).message);
}

// Constructs register with their stack when created, so stack-wide checks (duplicate chat ids,
// the stack's provider) cost a lookup instead of a walk of the whole tree per construct.
const registry = new WeakMap<IConstruct, Map<Function, IConstruct[]>>();

/** Records `c` as a construct of class `cls` in its stack; call from the constructor. */
export function registerInStack(c: IConstruct, cls: Function): void {
  const stack = TerraformStack.of(c);
  let byClass = registry.get(stack);
  if (!byClass) registry.set(stack, (byClass = new Map()));
  const list = byClass.get(cls) ?? [];
  list.push(c);
  byClass.set(cls, list);
}

/** Every registered construct of a class in the stack of `scope`, in creation order. */
export function constructsInStack<T extends IConstruct>(scope: IConstruct, cls: abstract new (...args: never[]) => T): T[] {
  return (registry.get(TerraformStack.of(scope))?.get(cls) ?? []) as T[];
}

// Index of key -> constructs per (class list, check id), rebuilt only when the list grew, so a
// stack-wide duplicate check costs a map lookup per construct (10,000 chats: 1.6 s -> 10 ms).
const keyIndexes = new WeakMap<IConstruct[], Map<string, { size: number; byKey: Map<string, IConstruct[]> }>>();

function keyIndex<T extends IConstruct>(list: T[], indexId: string, keyOf: (c: T) => string | undefined): Map<string, IConstruct[]> {
  let perId = keyIndexes.get(list);
  if (!perId) keyIndexes.set(list, (perId = new Map()));
  const cached = perId.get(indexId);
  if (cached && cached.size === list.length) return cached.byKey;
  const byKey = new Map<string, IConstruct[]>();
  for (const c of list) {
    const k = keyOf(c);
    if (k === undefined || isToken(k)) continue;
    const same = byKey.get(k);
    if (same) same.push(c);
    else byKey.set(k, [c]);
  }
  perId.set(indexId, { size: list.length, byKey });
  return byKey;
}

/**
 * Problems for a value another construct of the same class in the stack also uses
 * (chat ids, rule names, tag names are unique per corp). Keys must not change after construction.
 */
export function duplicatesInStack<T extends IConstruct>(
  self: T,
  cls: abstract new (...args: never[]) => T,
  keyOf: (c: T) => string | undefined,
  detail: { id: ProblemDetail['id']; field: string; limit: string },
): ProblemDetail[] {
  const key = keyOf(self);
  if (key === undefined || isToken(key)) return [];
  const same = keyIndex(constructsInStack(self, cls), detail.id, keyOf).get(key) ?? [];
  return same.filter((o) => o !== self).map((o) => ({
    id: detail.id, field: detail.field, value: key, limit: detail.limit,
    what: `${JSON.stringify(key)} is also used by '${o.node.path}'`,
  }));
}

/** Lower-cased userid for case-insensitive comparison; tokens are left alone. */
export function userKey(u: string): string {
  return isToken(u) ? u : u.toLowerCase();
}
