// Our schema DSL as tfplugin6.Schema messages. Attribute flags come from the same
// objectSchemaJson that `terraform providers schema -json` output is built from, so the JSON
// document and what the provider tells Terraform cannot disagree.
import { objectSchemaJson, ObjectSchema, TfAttributeJson } from '../schema';

const NESTING = { single: 1, list: 2 } as const;

type AttributeMessage = Record<string, unknown>;

function attributeMessage(name: string, a: TfAttributeJson): AttributeMessage {
  return {
    name,
    ...(a.type !== undefined ? { type: Buffer.from(JSON.stringify(a.type)) } : {}),
    ...(a.nested_type ? {
      nested_type: {
        attributes: Object.entries(a.nested_type.attributes).map(([n, x]) => attributeMessage(n, x)),
        nesting: NESTING[a.nested_type.nesting_mode],
      },
    } : {}),
    description: a.description,
    description_kind: 0,
    required: !!a.required,
    optional: !!a.optional,
    computed: !!a.computed,
    sensitive: !!a.sensitive,
  };
}

/** tfplugin6.Schema for one provider, resource or data source schema. */
export function schemaMessage(s: ObjectSchema): Record<string, unknown> {
  const json = objectSchemaJson(s);
  return {
    version: json.version,
    block: {
      version: json.version,
      attributes: Object.entries(json.block.attributes).map(([n, a]) => attributeMessage(n, a)),
      description: json.block.description,
      description_kind: 0,
    },
  };
}
