// Every handler answers in the form state stores, and is given full values:
// - unordered collections (schema 'unordered') come back in the order state already holds when
//   the values are the same, else sorted, so both engines (and Terraform, through the provider)
//   see element-by-element equal lists where nothing changed, and state never churns because
//   WeCom or a user listed people differently;
// - a `sameAs` attribute equal to the one it stands for is stored as null (resolved_members of
//   a chat of named people), and handed to handlers filled in (expandSameAs). Once stored in
//   full (after drift) it stays in full: see compactSameAs.
import { containsUnknown } from '../config/expressions';
import { compactSameAs, expandSameAs, isUnordered, ObjectSchema, sameElements, sortedUnique } from '../../schema';
import type { ChangeDetails } from '../plan/model';
import type { Attrs, HandlerContext, ResourceHandler } from './types';

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

/** What a handler answered, as state stores it; `reference` as stored (prior state, or the plan applied). */
export function storedForm(schema: ObjectSchema, reference: Attrs | null | undefined, next: Attrs, keep?: (k: string) => boolean): Attrs {
  return compactSameAs(schema, orderedLike(schema, expandSameAs(schema, reference), next, keep), containsUnknown, reference);
}

/** The handler, given full values and answering in the stored form. */
export function inStoredForm(h: ResourceHandler): ResourceHandler {
  const s = h.schema;
  const full = (a: Attrs) => expandSameAs(s, a);
  const configured = (config: Attrs) => (k: string) => config[k] !== null && config[k] !== undefined;
  return {
    ...h,
    async plan(ctx, input) {
      const prior = input.prior && full(input.prior);
      const result = await h.plan(ctx, { ...input, prior, ...(input.state ? { state: full(input.state) } : {}) });
      return { ...result, after: storedForm(s, input.prior, result.after, configured(input.config)) };
    },
    async read(ctx, prior) {
      const now = await h.read(ctx, full(prior));
      return now && storedForm(s, prior, now);
    },
    async create(ctx, planned) { return storedForm(s, planned, await h.create(ctx, full(planned))); },
    async update(ctx, prior, planned) { return storedForm(s, planned, await h.update(ctx, full(prior), full(planned))); },
    delete: (ctx, prior) => h.delete(ctx, full(prior)),
    async import(ctx, id) { return storedForm(s, undefined, await h.import(ctx, id)); },
    ...(h.destroyNote ? { destroyNote: (prior: Attrs) => h.destroyNote!(full(prior)) } : {}),
    ...(h.forgetsOnDestroy ? { forgetsOnDestroy: (prior: Attrs) => h.forgetsOnDestroy!(full(prior)) } : {}),
    ...(h.driftDetails ? { driftDetails: (ctx: HandlerContext, state: Attrs, live: Attrs, details: ChangeDetails) => h.driftDetails!(ctx, full(state), full(live), details) } : {}),
    ...(h.allowedDrift ? { allowedDrift: (prior: Attrs, live: Attrs) => storedForm(s, prior, h.allowedDrift!(full(prior), full(live))) } : {}),
  };
}
