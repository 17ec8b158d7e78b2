// schemaToTerraformJson: the schemas in the shape of `terraform providers schema -json`
// (format_version "1.0"), so Terraform tooling and a future real provider share one source.

import { AttributeSchema, AttributeType, ObjectSchema, isCollection, isNested } from './types';

export type CtyType = string | [string, CtyType] | [string, Record<string, CtyType>];

export interface TfAttributeJson {
  type?: CtyType;
  nested_type?: { attributes: Record<string, TfAttributeJson>; nesting_mode: 'single' | 'list' };
  description: string;
  description_kind: 'plain';
  required?: true;
  optional?: true;
  computed?: true;
  sensitive?: true;
}

export interface TfSchemaJson {
  version: number;
  block: { attributes: Record<string, TfAttributeJson>; description: string; description_kind: 'plain' };
}

export interface TfProviderSchemasJson {
  format_version: '1.0';
  provider_schemas: Record<string, {
    provider: TfSchemaJson;
    resource_schemas: Record<string, TfSchemaJson>;
    data_source_schemas: Record<string, TfSchemaJson>;
  }>;
}

/** cty JSON type: "string", ["list","string"], ["object",{...}]. */
export function ctyType(t: AttributeType): CtyType {
  if (t === 'bool') return 'bool';
  if (typeof t === 'string') return t;
  if (isCollection(t)) return ['list', t.element]; // 'unordered' too: see CollectionType
  const obj: Record<string, CtyType> = {};
  for (const name of Object.keys(t.attributes).sort()) obj[name] = ctyType(t.attributes[name].type);
  return t.nesting === 'single' ? ['object', obj] : ['list', ['object', obj]];
}

function attributeJson(a: AttributeSchema, inProvider: boolean): TfAttributeJson {
  const out: TfAttributeJson = isNested(a.type)
    ? { nested_type: { attributes: attributesJson(a.type.attributes, inProvider), nesting_mode: a.type.nesting }, description: a.description, description_kind: 'plain' }
    : { type: ctyType(a.type), description: a.description, description_kind: 'plain' };
  if (a.required) out.required = true;
  if (a.optional || (!a.required && !a.computed)) out.optional = true;
  // A default makes a resource attribute computed: omitted in config, known in state.
  // Provider configuration has no state, so Terraform rejects computed provider attributes.
  if (a.computed || (a.default !== undefined && !inProvider)) out.computed = true;
  if (a.sensitive) out.sensitive = true;
  return out;
}

function attributesJson(attrs: Readonly<Record<string, AttributeSchema>>, inProvider: boolean): Record<string, TfAttributeJson> {
  const out: Record<string, TfAttributeJson> = {};
  for (const name of Object.keys(attrs).sort()) out[name] = attributeJson(attrs[name], inProvider);
  return out;
}

export function objectSchemaJson(s: ObjectSchema): TfSchemaJson {
  return { version: s.version, block: { attributes: attributesJson(s.attributes, s.kind === 'provider'), description: s.description, description_kind: 'plain' } };
}

export interface SchemaSet {
  readonly provider: ObjectSchema;
  readonly resources: readonly ObjectSchema[];
  readonly dataSources: readonly ObjectSchema[];
  /** Registry address, e.g. registry.terraform.io/cdktf-wecom/wecom. */
  readonly address: string;
}

export function schemaToTerraformJson(set: SchemaSet): TfProviderSchemasJson {
  const byName = (list: readonly ObjectSchema[]) => Object.fromEntries(
    [...list].sort((a, b) => a.name.localeCompare(b.name)).map((s) => [s.name, objectSchemaJson(s)]),
  );
  return {
    format_version: '1.0',
    provider_schemas: {
      [set.address]: {
        provider: objectSchemaJson(set.provider),
        resource_schemas: byName(set.resources),
        data_source_schemas: byName(set.dataSources),
      },
    },
  };
}
