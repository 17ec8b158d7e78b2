// Managed resources: UpgradeResourceState, ReadResource, PlanResourceChange,
// ApplyResourceChange, ImportResourceState. Each is a translation around the engine's handler
// (src/engine/resources) and the engine's own plan helpers; nothing here knows WeCom.
//
// Terraform compares values exactly where our schema compares them semantically (userids
// case-insensitively, null like an empty set). Where Terraform lets the provider choose (reads,
// computed values, apply results), a value the schema deems equal to the one Terraform already
// holds is answered with Terraform's spelling, so both engines see the same "no change".
import { splitProposed } from '../../engine/planner';
import { diffAttributes, valuesEqual } from '../../engine/plan/diff';
import { resourceHandler, ResourceHandler } from '../../engine/resources';
import type { Attrs } from '../../engine/resources/types';
import { splitUnknown } from '../../engine/values';
import { containsUnknown } from '../../engine/config/expressions';
import { ObjectSchema, upgradeAttributes } from '../../schema';
import { decodeObject, encodeObject, encodeRaw, UNKNOWN } from '../cty-msgpack';
import { errorDiagnostic, ProviderSession, warningDiagnostic } from '../session';

type Dynamic = { msgpack?: Buffer; json?: Buffer };
type Response = Record<string, unknown>;

const NULL_VALUE = (): Dynamic => ({ msgpack: encodeRaw(null) });

function handlerOf(type: unknown): ResourceHandler {
  const h = resourceHandler(String(type));
  if (!h || h.type === 'null_resource') throw new Error(`resource type ${String(type)} is not served by terraform-provider-wecom`);
  return h;
}

/** For each attribute: `kept`'s value where the schema deems it equal to `fresh`'s, else `fresh`'s. */
export function keepEquivalent(schema: ObjectSchema, kept: Attrs | null, fresh: Attrs): Attrs {
  if (!kept) return fresh;
  const out: Attrs = { ...fresh };
  for (const k of Object.keys(schema.attributes)) {
    if (!(k in kept)) continue;
    const a = kept[k];
    if (a === UNKNOWN || containsUnknown(a) || fresh[k] === UNKNOWN) continue;
    if (valuesEqual(schema, k, a, fresh[k])) out[k] = a ?? null;
  }
  return out;
}

/** Stored state is JSON of our attributes under `version`; Terraform wants msgpack of the current schema. */
export function upgradeResourceState(req: { type_name?: string; version?: number; raw_state?: { json?: Buffer } }): Response {
  const h = handlerOf(req.type_name);
  try {
    const json = req.raw_state?.json?.length ? JSON.parse(req.raw_state.json.toString('utf8')) as Attrs : {};
    return { upgraded_state: { msgpack: encodeObject(h.schema, upgradeAttributes(h.schema, json, Number(req.version ?? 0))) } };
  } catch (err) {
    return { diagnostics: [errorDiagnostic(err)] };
  }
}

export async function readResource(session: ProviderSession, req: { type_name?: string; current_state?: Dynamic; private?: Buffer }): Promise<Response> {
  const h = handlerOf(req.type_name);
  const prior = decodeObject(h.schema, req.current_state?.msgpack);
  if (!prior) return { new_state: NULL_VALUE() };
  try {
    const now = await h.read(session.context(h.type), prior);
    // Gone: Terraform drops it from state (and plans a create), as the engine's refresh does.
    return { new_state: now ? { msgpack: encodeObject(h.schema, keepEquivalent(h.schema, prior, now)) } : NULL_VALUE(), private: req.private };
  } catch (err) {
    return { new_state: req.current_state, diagnostics: [errorDiagnostic(err)] };
  }
}

export async function planResourceChange(session: ProviderSession, req: { type_name?: string; prior_state?: Dynamic; config?: Dynamic; prior_private?: Buffer }): Promise<Response> {
  const h = handlerOf(req.type_name);
  const prior = decodeObject(h.schema, req.prior_state?.msgpack);
  const config = decodeObject(h.schema, req.config?.msgpack);
  if (!config) return { planned_state: NULL_VALUE(), planned_private: req.prior_private }; // destroy
  try {
    const result = await h.plan(session.context(h.type), { config, prior });
    const { known, unknown } = splitProposed(h.schema, prior, result.after);
    const planned: Attrs = {};
    for (const k of Object.keys(h.schema.attributes)) {
      const v = result.after[k];
      // A list partly unknown (a reference among literals) must stay as config has it.
      planned[k] = unknown.has(k) ? (v !== UNKNOWN && v !== null && v !== undefined && containsUnknown(v) ? v : UNKNOWN) : (known[k] ?? null);
    }
    // Values the user did not set may keep the prior's spelling when the schema deems them equal.
    const unset = Object.fromEntries(Object.entries(prior ?? {}).filter(([k]) => config[k] === null || config[k] === undefined));
    const final = prior ? keepEquivalent(h.schema, unset, planned) : planned;
    const replace = prior ? diffAttributes(h.schema, prior, known, unknown).replacePaths : [];
    return {
      planned_state: { msgpack: encodeObject(h.schema, final) },
      requires_replace: replace.map((attribute_name) => ({ steps: [{ attribute_name }] })),
      planned_private: req.prior_private,
      diagnostics: (result.warnings ?? []).map(warningDiagnostic),
    };
  } catch (err) {
    return { diagnostics: [errorDiagnostic(err)] };
  }
}

export async function applyResourceChange(session: ProviderSession, req: { type_name?: string; prior_state?: Dynamic; planned_state?: Dynamic; planned_private?: Buffer }): Promise<Response> {
  const h = handlerOf(req.type_name);
  const prior = decodeObject(h.schema, req.prior_state?.msgpack);
  const planned = decodeObject(h.schema, req.planned_state?.msgpack);
  const unchanged = { new_state: prior ? req.prior_state : NULL_VALUE(), private: req.planned_private };
  if (session.stopping) {
    return { ...unchanged, diagnostics: [errorDiagnostic(new Error(`${h.type}: not started: Terraform asked the provider to stop (interrupt)`))] };
  }
  const ctx = session.context(h.type);
  try {
    if (!planned) {
      // Destroy; where WeCom cannot delete (app chats that are retained), the object is only forgotten.
      if (prior && !(h.forgetsOnDestroy?.(prior) ?? false)) await h.delete(ctx, prior);
      return { new_state: NULL_VALUE() };
    }
    // What only apply knows (ids WeCom assigns) reaches the handler as null, as in the engine.
    const plannedKnown = splitUnknown(planned).known;
    const attrs = prior ? await h.update(ctx, prior, plannedKnown) : await h.create(ctx, plannedKnown);
    const known = Object.fromEntries(Object.entries(planned).filter(([, v]) => v !== UNKNOWN && !containsUnknown(v)));
    return { new_state: { msgpack: encodeObject(h.schema, keepEquivalent(h.schema, known, attrs)) }, private: req.planned_private };
  } catch (err) {
    // Nothing was recorded for a failed create; a failed update or delete leaves the prior object.
    return { ...unchanged, diagnostics: [errorDiagnostic(err)] };
  }
}

export async function importResourceState(session: ProviderSession, req: { type_name?: string; id?: string }): Promise<Response> {
  const h = handlerOf(req.type_name);
  try {
    const attrs = await h.import(session.context(h.type), String(req.id ?? ''));
    return { imported_resources: [{ type_name: h.type, state: { msgpack: encodeObject(h.schema, attrs) } }] };
  } catch (err) {
    return { diagnostics: [errorDiagnostic(err)] };
  }
}
