// Every handler's answers with unordered collections (schema 'unordered') in one order: the
// order state already holds when the values are the same, else sorted. Both engines (and so
// Terraform, through the provider) then see element-by-element equal lists where nothing
// changed, and state never churns because WeCom or a user listed people differently.
import { containsUnknown } from '../config/expressions';
import { isUnordered, ObjectSchema, sameElements, sortedUnique } from '../../schema';
import type { Attrs, ResourceHandler } from './types';

/**
 * `next` with each unordered collection in `reference`'s order when it holds the same values;
 * otherwise sorted, except where `keep(k)` (a configured value Terraform requires as written).
 */
export function orderedLike(schema: ObjectSchema, reference: Attrs | null | undefined, next: Attrs, keep: (k: string) => boolean = () => false): Attrs {
  let out: Attrs | undefined;
  for (const [k, attr] of Object.entries(schema.attributes)) {
    const v = next[k];
    if (!isUnordered(attr) || !Array.isArray(v) || containsUnknown(v)) continue;
    const ref = reference?.[k];
    const ordered = Array.isArray(ref) && !containsUnknown(ref) && sameElements(attr, ref, v) ? ref : keep(k) ? v : sortedUnique(attr, v);
    if (ordered !== v) (out ??= { ...next })[k] = ordered;
  }
  return out ?? next;
}

/** The handler, answering in that order. */
export function ordered(h: ResourceHandler): ResourceHandler {
  const s = h.schema;
  const configured = (config: Attrs) => (k: string) => config[k] !== null && config[k] !== undefined;
  return {
    ...h,
    async plan(ctx, input) {
      const result = await h.plan(ctx, input);
      return { ...result, after: orderedLike(s, input.prior, result.after, configured(input.config)) };
    },
    async read(ctx, prior) {
      const now = await h.read(ctx, prior);
      return now && orderedLike(s, prior, now);
    },
    async create(ctx, planned) { return orderedLike(s, planned, await h.create(ctx, planned)); },
    async update(ctx, prior, planned) { return orderedLike(s, planned, await h.update(ctx, prior, planned)); },
    async import(ctx, id) { return orderedLike(s, undefined, await h.import(ctx, id)); },
  };
}
