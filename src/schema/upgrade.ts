// State written under an older schema version, brought to the current one. Both engines call
// this: the native engine when it reads state, terraform-provider-wecom in UpgradeResourceState.
import { compactSameAs, isUnordered, sortedUnique } from './order';
import type { ObjectSchema } from './types';

type Attrs = Record<string, unknown>;

/**
 * One step per version: STEPS[v] turns version v into v + 1. Written as a function of the schema
 * so a step covers every resource whose schema has the shape it changes.
 */
const STEPS: ReadonlyArray<(schema: ObjectSchema, attrs: Attrs) => Attrs> = [
  // 0 -> 1: sets became unordered lists, kept in their one sorted order; a `sameAs` attribute
  // equal to the one it stands for (resolved_members of a chat of named people) is stored as null.
  (schema, attrs) => {
    const out = { ...attrs };
    for (const [k, a] of Object.entries(schema.attributes)) {
      if (isUnordered(a) && Array.isArray(out[k])) out[k] = sortedUnique(a, out[k] as unknown[]);
    }
    return compactSameAs(schema, out);
  },
];

export class StateVersionError extends Error {
  readonly code = 'WECOM_STATE_VERSION';
  constructor(type: string, version: number, current: number) {
    super(`${type}: state schema version ${version} is newer than this cdktf-wecom's (${current}); upgrade cdktf-wecom`);
    this.name = 'StateVersionError';
  }
}

/** Attributes stored under `version`, as the current schema stores them; `what` names the object in errors. */
export function upgradeAttributes(schema: ObjectSchema, attrs: Attrs, version: number, what = schema.name): Attrs {
  if (version > schema.version) throw new StateVersionError(what, version, schema.version);
  let out = attrs;
  for (let v = version; v < schema.version; v++) out = STEPS[v](schema, out);
  return out;
}
