// Terraform expressions that cdktf writes into cdk.tf.json. The engine supports references
// (`${type.name.attr}`, `${data.type.name.attr}`, optionally indexed `[0]`), whole or embedded in
// strings and lists. Anything else (functions, operators, for-expressions, variables) is an error
// that names the expression, rather than a value silently taken literally.

export interface Reference {
  /** `wecom_app_chat.eng` or `data.wecom_department.backend` */
  readonly address: string;
  readonly attribute: string;
  /** Optional list index or map key after the attribute. */
  readonly index?: number | string;
  /** The exact text between `${` and `}`. */
  readonly text: string;
}

export class UnsupportedExpressionError extends Error {
  readonly code = 'WECOM_UNSUPPORTED_EXPRESSION';
  constructor(readonly expression: string, readonly where: string, reason: string) {
    super(`${where}: expression \${${expression}} is not supported by the cdktf-wecom engine (${reason}). ` +
      'Supported: references to resource or data source attributes, e.g. ${wecom_app_chat.eng.chat_id}.');
    this.name = 'UnsupportedExpressionError';
  }
}

const IDENT = '[A-Za-z_][A-Za-z0-9_-]*';
const REF = new RegExp(
  `^(?:(data)\\.)?(${IDENT})\\.(${IDENT})\\.(${IDENT})(?:\\[(?:(\\d+)|"([^"]*)")\\]|\\.(${IDENT}))?$`,
);
/** `${terraform.workspace}`: cdktf writes it into cross-stack remote state blocks. */
export const WORKSPACE_REF = 'terraform.workspace';
/** The only workspace the engine works in, as cdktf's default. */
export const DEFAULT_WORKSPACE = 'default';

/** Splits a string into literal parts and `${...}` expressions; `$${` is an escaped literal. */
export function splitTemplate(s: string, where: string): Array<string | Reference> {
  const parts: Array<string | Reference> = [];
  let literal = '';
  let i = 0;
  while (i < s.length) {
    if (s.startsWith('$${', i)) { literal += '${'; i += 3; continue; }
    if (s.startsWith('%{', i)) throw new UnsupportedExpressionError(s.slice(i + 2, s.indexOf('}', i)), where, 'template directives');
    if (s.startsWith('${', i)) {
      const end = findClose(s, i + 2);
      if (end < 0) throw new UnsupportedExpressionError(s.slice(i + 2), where, 'unterminated ${');
      if (literal) { parts.push(literal); literal = ''; }
      parts.push(parseReference(s.slice(i + 2, end).trim(), where));
      i = end + 1;
      continue;
    }
    literal += s[i++];
  }
  if (literal || parts.length === 0) parts.push(literal);
  return parts;
}

function findClose(s: string, from: number): number {
  let depth = 0;
  for (let j = from; j < s.length; j++) {
    if (s[j] === '{') depth++;
    else if (s[j] === '}') { if (depth === 0) return j; depth--; }
  }
  return -1;
}

export function parseReference(text: string, where: string): Reference {
  if (text === WORKSPACE_REF) return { address: 'terraform', attribute: 'workspace', text };
  const m = REF.exec(text);
  if (!m) {
    const reason = /\(/.test(text) ? 'function calls' : /^var\.|^local\.|^module\./.test(text) ? 'variables, locals and modules'
      : /[+\-*/?:<>=!&|]/.test(text) ? 'operators and conditionals' : 'not a resource attribute reference';
    throw new UnsupportedExpressionError(text, where, reason);
  }
  const [, data, type, name, attribute, idx, key, member] = m;
  return {
    address: data ? `data.${type}.${name}` : `${type}.${name}`,
    attribute,
    // `outputs.NAME` (remote state) is a map key, like `outputs["NAME"]`.
    index: idx !== undefined ? Number(idx) : key ?? member,
    text,
  };
}

/** Every reference anywhere inside a config value (strings, lists, objects). */
export function collectReferences(value: unknown, where: string, out: Reference[] = []): Reference[] {
  if (typeof value === 'string') {
    if (value.includes('${') || value.includes('%{')) {
      for (const p of splitTemplate(value, where)) if (typeof p !== 'string') out.push(p);
    }
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => collectReferences(v, `${where}[${i}]`, out));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) collectReferences(v, `${where}.${k}`, out);
  }
  return out;
}

/** Marker for a value not known until apply (Terraform's "known after apply"). */
export const UNKNOWN: unique symbol = Symbol('unknown');
export type Unknown = typeof UNKNOWN;

export type Lookup = (ref: Reference) => unknown | Unknown;

/**
 * Replaces references with values from `lookup`. A whole-string reference keeps the value's
 * type (a list stays a list); an embedded one is stringified. Unknown anywhere makes the
 * containing string unknown; a list that is a whole reference to a list is spliced in.
 */
export function resolveValue(value: unknown, lookup: Lookup, where: string): unknown {
  if (typeof value === 'string') {
    if (!value.includes('${') && !value.includes('%{')) return value.replace(/\$\$\{/g, '${');
    const parts = splitTemplate(value, where);
    if (parts.length === 1 && typeof parts[0] !== 'string') return lookup(parts[0]);
    let out = '';
    for (const p of parts) {
      if (typeof p === 'string') { out += p; continue; }
      const v = lookup(p);
      if (v === UNKNOWN) return UNKNOWN;
      out += typeof v === 'string' ? v : JSON.stringify(v);
    }
    return out;
  }
  if (Array.isArray(value)) return value.map((v, i) => resolveValue(v, lookup, `${where}[${i}]`));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = resolveValue(v, lookup, `${where}.${k}`);
    return out;
  }
  return value;
}

/** True when a resolved value still contains an unknown anywhere. */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value && typeof value === 'object') return Object.values(value).some(containsUnknown);
  return false;
}
