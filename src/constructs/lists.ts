// Unordered attributes (members, departments, words...) are synthesized in their one order
// (src/schema/order.ts), each value once, so state and configuration match element by element.
// Constructs keep what the user wrote (duplicates dropped) for their own properties and for
// validation messages, whose indexes must point into the list as written.
import { AttributeSchema, compareElements, elementKey } from '../schema';
import { isToken } from './validation';

/** The items in the order given, each once (userids case-insensitively). */
export function eachOnce<T>(attr: AttributeSchema, items: readonly T[], known: (item: T) => unknown = (item) => item): T[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    const k = isToken(known(i)) ? `token:${String(known(i))}` : elementKey(attr, known(i));
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * The items as synthesized: each once, sorted by the value known at synth (a looked-up user
 * sorts by its userid); items only known at plan time (references) follow in the order given.
 */
export function unorderedForSynth<T>(attr: AttributeSchema, items: readonly T[], known: (item: T) => unknown = (item) => item): T[] {
  const once = eachOnce(attr, items, known);
  const now = once.filter((i) => !isToken(known(i))).sort((a, b) => compareElements(known(a), known(b)));
  return [...now, ...once.filter((i) => isToken(known(i)))];
}
