// GetProviderSchema / GetMetadata: the schemas of src/schema, for every resource and data
// source the engine has a handler for (null_resource belongs to hashicorp/null, not to us).
import { DATA_SOURCE_SCHEMAS, PROVIDER_SCHEMA, RESOURCE_SCHEMAS } from '../../schema';
import { schemaMessage } from '../schema';

const SERVER_CAPABILITIES = { plan_destroy: false, get_provider_schema_optional: false, move_resource_state: false };

let cached: Record<string, unknown> | undefined;

export function getProviderSchema(): Record<string, unknown> {
  cached ??= {
    provider: schemaMessage(PROVIDER_SCHEMA),
    resource_schemas: Object.fromEntries(Object.values(RESOURCE_SCHEMAS).map((s) => [s.name, schemaMessage(s)])),
    data_source_schemas: Object.fromEntries(Object.values(DATA_SOURCE_SCHEMAS).map((s) => [s.name, schemaMessage(s)])),
    server_capabilities: SERVER_CAPABILITIES,
  };
  return cached;
}

export function getMetadata(): Record<string, unknown> {
  return {
    server_capabilities: SERVER_CAPABILITIES,
    resources: Object.keys(RESOURCE_SCHEMAS).map((type_name) => ({ type_name })),
    data_sources: Object.keys(DATA_SOURCE_SCHEMAS).map((type_name) => ({ type_name })),
  };
}
