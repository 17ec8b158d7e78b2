// Literal attribute values handed to cdktf already resolved (used by the generated L1 classes'
// toTerraform(); see docs/benchmarks.md, "Synthesis").
//
// Why: app.synth() resolves every synthesized value three times: stack.prepareStack() resolves
// each element once to find cross-stack references, stack.toTerraform() resolves each element
// again and then the whole merged document a third time. cdktf's resolve() costs a context object,
// a path join and three regex tests per string (array elements and object keys included), so a
// stack of 10,000 app chats x 50 userids made 3.75 million string resolutions and spent most of
// its synth time there. Values made only of literals (no token anywhere, checked here with one
// cheap walk) have nothing to resolve, so the attributes of such an element go to cdktf as one
// IResolvable:
//
//   - resolve() returns nothing and registers a post-processor (the public
//     IResolveContext.registerPostProcessor hook), which puts the value in place afterwards, so
//     cdktf does not walk it;
//   - in the per-element pass (not preparing) the post-processor returns a second, final token
//     instead of the value. stack.toTerraform() deep-merges the elements (deepMerge keeps
//     resolvables as they are) and resolves the merged document, where the final token yields the
//     value, again without a walk.
//
// The synthesized JSON is byte-for-byte the same (test/constructs/pre-resolved.test.ts). What
// differs is only the intermediate form: resolving one element's toTerraform() by hand (rather
// than through stack.toTerraform() / app.synth()) leaves the final token in place; it serializes
// to the value (toJSON), which is also what JSON.stringify of an unresolved toTerraform() shows.
// Values with any token, class instance, function, encoded number or odd number keep cdktf's own
// path; so does everything when the stack has raw overrides under resource/data, which cdktf
// would deep-merge INTO these values.

import { IConstruct } from 'constructs';
import { IPostProcessor, IResolvable, IResolveContext, TerraformStack, Token } from '../cdktf';

/** Returned by copyPlain for anything cdktf's resolve() might change. */
const NOT_PLAIN: unique symbol = Symbol('not plain');

// The strings cdktf treats as map tokens (tokens/token.js), read once: cdktf exports Token
// through a getter.
const STRING_MAP_TOKEN_VALUE = Token.STRING_MAP_TOKEN_VALUE;
const ANY_MAP_TOKEN_VALUE = Token.ANY_MAP_TOKEN_VALUE;

/** True when cdktf's resolve() returns `s` unchanged: no token marker, no encoded number. */
export function isPlainString(s: string): boolean {
  return !s.includes('TfToken[') // ${TfToken[..]} (string), #{TfToken[..]} (list), &{TfToken[..]} (map)
    && !holdsNumberToken(s)
    && s !== STRING_MAP_TOKEN_VALUE && s !== ANY_MAP_TOKEN_VALUE;
}

const NUMBER_TOKEN_REGEX = /[-|\d|.+]+(e[-|\d|.|e|E|+]+)/g;

/**
 * True when a substring of `s` may decode to a number token: cdktf replaces each match of its
 * NUMBER_TOKEN_REGEX whose parseFloat() is an encoded token double and keeps the rest literally
 * (hex chat ids hold such matches, "8e4", all the time).
 */
function holdsNumberToken(s: string): boolean {
  if (!mayHoldEncodedNumber(s)) return false;
  NUMBER_TOKEN_REGEX.lastIndex = 0;
  for (let m = NUMBER_TOKEN_REGEX.exec(s); m; m = NUMBER_TOKEN_REGEX.exec(s)) {
    if (Token.isUnresolved(parseFloat(m[0]))) return true;
  }
  return false;
}

// cdktf looks up every match of NUMBER_TOKEN_REGEX = /[-|\d|.\+]+(e[-|\d|.|e|E|\+]+)/g in a string
// as a possible encoded number token. A match exists exactly when some 'e' has a character of the
// first class right before it and one of the second class right after it; checked by hand, as
// the regex is tried at every offset (test/constructs/pre-resolved.test.ts compares the two).
const BEFORE_E = new Set('-|.+0123456789'.split('').map((c) => c.charCodeAt(0)));
const AFTER_E = new Set('-|.+eE0123456789'.split('').map((c) => c.charCodeAt(0)));

/** True when cdktf's NUMBER_TOKEN_REGEX matches somewhere in `s`. */
export function mayHoldEncodedNumber(s: string): boolean {
  for (let i = s.indexOf('e', 1); i !== -1; i = s.indexOf('e', i + 1)) {
    if (BEFORE_E.has(s.charCodeAt(i - 1)) && AFTER_E.has(s.charCodeAt(i + 1))) return true;
  }
  return false;
}

/**
 * What cdktf's resolve() would return for `v` when that is just a copy (undefined object entries
 * and array elements dropped), or NOT_PLAIN. Encoded number tokens are doubles of magnitude
 * ~1e289 and up, so any smaller finite number is a plain number. Arrays and objects are copied
 * only when something is dropped: toTerraform() builds them fresh on every call.
 */
function copyPlain(v: unknown, depth: number): unknown {
  switch (typeof v) {
    case 'string': return isPlainString(v) ? v : NOT_PLAIN;
    case 'number': return Number.isFinite(v) && Math.abs(v) < 1e200 ? v : NOT_PLAIN;
    case 'boolean': return v;
    case 'undefined': return undefined;
    case 'object': {
      if (v === null) return null;
      if (depth > 50) return NOT_PLAIN;
      if (Array.isArray(v)) {
        let out: unknown[] | undefined;
        for (let i = 0; i < v.length; i++) {
          const x: unknown = v[i];
          const c = copyPlain(x, depth + 1);
          if (c === NOT_PLAIN) return NOT_PLAIN;
          if (out === undefined && (c !== x || c === undefined)) out = v.slice(0, i).filter(() => true); // first change; filter drops holes
          if (out !== undefined && c !== undefined) out.push(c);
        }
        return out ?? v;
      }
      // Plain objects only: tokens, constructs, dates, dynamic blocks and other class instances
      // are cdktf's business.
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) return NOT_PLAIN;
      const src = v as Record<string, unknown>;
      let out: Record<string, unknown> | undefined;
      for (const k of Object.keys(src)) {
        if (!isPlainString(k)) return NOT_PLAIN;
        const x = src[k];
        const c = copyPlain(x, depth + 1);
        if (c === NOT_PLAIN) return NOT_PLAIN;
        if (out === undefined && c !== x) {
          out = {};
          for (const k2 of Object.keys(src)) {
            if (k2 === k) break;
            out[k2] = src[k2];
          }
        }
        if (out !== undefined && c !== undefined) out[k] = c;
      }
      return out ?? v;
    }
    default: return NOT_PLAIN;
  }
}

/** A value that holds no token, handed to cdktf as a token that resolves without a walk. */
class PreResolved implements IResolvable, IPostProcessor {
  public readonly creationStack: string[] = [];

  /** `final`: the token as it sits in the merged document, resolved by the last pass. */
  public constructor(private readonly value: unknown, private readonly final: boolean) {}

  public resolve(context: IResolveContext): unknown {
    context.registerPostProcessor(this);
    return undefined;
  }

  public postProcess(_input: unknown, context: IResolveContext): unknown {
    return this.final || context.preparing ? this.value : new PreResolved(this.value, true);
  }

  /** JSON.stringify (and the policy's secret scan) sees the value itself. */
  public toJSON(): unknown {
    return this.value;
  }

  public toString(): string {
    return Token.asString(this);
  }
}

// CDKTF_WECOM_PRE_RESOLVE=0 hands every value to cdktf as it is (a way out should a cdktf
// upgrade change the passes described above; the tests compare both ways).
let enabled = process.env.CDKTF_WECOM_PRE_RESOLVE !== '0';

/** Turns pre-resolution on or off for elements synthesized from now on; returns the old setting. */
export function setPreResolve(on: boolean): boolean {
  const was = enabled;
  enabled = on;
  return was;
}

/**
 * `fn()` with pre-resolution off, for callers that only inspect an unresolved toTerraform()
 * (the policy's secret scan): the wrapping would be work thrown away.
 */
export function withoutPreResolve<T>(fn: () => T): T {
  const was = setPreResolve(false);
  try {
    return fn();
  } finally {
    setPreResolve(was);
  }
}

/** cdktf keeps stack overrides in a protected field and deep-merges them into the document. */
function stackOverrides(element: IConstruct): Record<string, unknown> {
  return (TerraformStack.of(element) as unknown as { rawOverrides?: Record<string, unknown> }).rawOverrides ?? {};
}

/**
 * `fragment` (a resource's or data source's toTerraform()) with the attributes of its element
 * pre-resolved: all of them when they are all literals, else each literal list or object
 * attribute (e.g. the userids of a chat whose owner is a reference).
 */
export function preResolveFragment<T>(fragment: T, element: IConstruct): T {
  if (!enabled) return fragment;
  const overrides = stackOverrides(element);
  for (const kind of ['resource', 'data'] as const) {
    const byType = (fragment as Record<string, Record<string, Record<string, unknown>> | undefined>)[kind];
    if (!byType || overrides[kind] !== undefined) continue;
    for (const byId of Object.values(byType)) {
      for (const [id, attrs] of Object.entries(byId)) {
        if (!attrs || typeof attrs !== 'object' || Object.getPrototypeOf(attrs) !== Object.prototype) continue;
        const all = copyPlain(attrs, 0);
        if (all !== NOT_PLAIN) {
          byId[id] = new PreResolved(all, false);
          continue;
        }
        const record = attrs as Record<string, unknown>;
        for (const [name, v] of Object.entries(record)) {
          if (typeof v !== 'object' || v === null) continue; // scalars cost cdktf no more than a token
          const c = copyPlain(v, 1);
          if (c !== NOT_PLAIN && c !== undefined) record[name] = new PreResolved(c, false);
        }
      }
    }
  }
  // `moved: undefined, import: undefined`: resolve() drops them, but only after resolving each key.
  const top = fragment as Record<string, unknown>;
  for (const k of Object.keys(top)) if (top[k] === undefined) delete top[k];
  return fragment;
}
