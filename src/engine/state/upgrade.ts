// Instances in state carry the schema version they were written under; the engine reads them as
// the current schema stores them (src/schema/upgrade.ts) and writes the current version.
import { DATA_SOURCE_SCHEMAS, RESOURCE_SCHEMAS, upgradeAttributes } from '../../schema';
import { resourceAddress, StateResource } from './format';

function schemaOf(mode: 'managed' | 'data', type: string) {
  return mode === 'managed' ? RESOURCE_SCHEMAS[type] : DATA_SOURCE_SCHEMAS[type];
}

/** The schema version the engine writes for this type (0 for types that are not ours, e.g. null_resource). */
export function schemaVersionOf(mode: 'managed' | 'data', type: string): number {
  return schemaOf(mode, type)?.version ?? 0;
}

/** The first instance's attributes, upgraded to the current schema (a newer version is refused). */
export function currentAttributes(r: StateResource): Record<string, unknown> {
  const inst = r.instances[0];
  const schema = schemaOf(r.mode, r.type);
  return schema ? upgradeAttributes(schema, inst.attributes, inst.schema_version ?? 0, resourceAddress(r)) : inst.attributes;
}
