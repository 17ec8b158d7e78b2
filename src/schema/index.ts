// Registry of every schema, and the schema API (types, validation, Terraform JSON, names).

import { appChatSchema } from './app-chat';
import { customerGroupsDataSchema } from './data-customer-groups';
import { departmentDataSchema } from './data-department';
import { userDataSchema } from './data-user';
import { groupRobotSchema } from './group-robot';
import { groupWelcomeTemplateSchema } from './group-welcome-template';
import { interceptRuleSchema } from './intercept-rule';
import { joinWaySchema } from './join-way';
import { providerSchema } from './provider';
import { tagSchema } from './tag';
import { SchemaSet, TfProviderSchemasJson, schemaToTerraformJson as toJson } from './terraform-json';
import { DataSourceSchema, ObjectSchema, ResourceSchema } from './types';

export * from './types';
export * from './validate';
export * from './validation-ids';
export * from './names';
export * from './common';
export * from './order';
export * from './upgrade';
export { ctyType, objectSchemaJson } from './terraform-json';
export type { CtyType, TfAttributeJson, TfSchemaJson, TfProviderSchemasJson, SchemaSet } from './terraform-json';
export * from './provider';
export * from './app-chat';
export * from './group-robot';
export * from './intercept-rule';
export * from './join-way';
export * from './group-welcome-template';
export * from './tag';
export * from './data-department';
export * from './data-user';
export * from './data-customer-groups';

/** Provider source in required_providers, and its registry address in provider schemas. */
export const PROVIDER_SOURCE = 'cdktf-wecom/wecom';
/**
 * The version constraint the synthesized `required_providers.wecom` carries: cdktf-cli's schema
 * check requires one, and `terraform init` from a mirror (`cdktf-wecom terraform setup --mirror`,
 * which installs this package's version) must accept it.
 */
export const PROVIDER_VERSION_CONSTRAINT = '~> 0.1';
export const PROVIDER_ADDRESS = `registry.terraform.io/${PROVIDER_SOURCE}`;

export const PROVIDER_SCHEMA = providerSchema;

export const RESOURCE_SCHEMAS: Readonly<Record<string, ResourceSchema>> = Object.fromEntries(
  [appChatSchema, groupRobotSchema, interceptRuleSchema, joinWaySchema, groupWelcomeTemplateSchema, tagSchema].map((s) => [s.name, s]),
);

export const DATA_SOURCE_SCHEMAS: Readonly<Record<string, DataSourceSchema>> = Object.fromEntries(
  [departmentDataSchema, userDataSchema, customerGroupsDataSchema].map((s) => [s.name, s]),
);

/** Every schema: the provider first, then resources and data sources by name. */
export function allSchemas(): ObjectSchema[] {
  const sorted = <T extends ObjectSchema>(r: Readonly<Record<string, T>>) => Object.keys(r).sort().map((k) => r[k]);
  return [PROVIDER_SCHEMA, ...sorted(RESOURCE_SCHEMAS), ...sorted(DATA_SOURCE_SCHEMAS)];
}

/** A resource schema by Terraform type name (`wecom_app_chat`), or a data source with kind 'data'. */
export function getSchema(name: string, kind: 'resource' | 'data' = 'resource'): ObjectSchema | undefined {
  return kind === 'resource' ? RESOURCE_SCHEMAS[name] : DATA_SOURCE_SCHEMAS[name];
}

export const WECOM_SCHEMAS: SchemaSet = {
  provider: PROVIDER_SCHEMA,
  resources: Object.values(RESOURCE_SCHEMAS),
  dataSources: Object.values(DATA_SOURCE_SCHEMAS),
  address: PROVIDER_ADDRESS,
};

/** The `terraform providers schema -json` document for the wecom provider. */
export function schemaToTerraformJson(set: SchemaSet = WECOM_SCHEMAS): TfProviderSchemasJson {
  return toJson(set);
}
