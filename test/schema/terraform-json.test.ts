import * as fs from 'fs';
import * as path from 'path';
import { PROVIDER_ADDRESS, ctyType, schemaToTerraformJson } from '../../src/schema';

describe('schemaToTerraformJson()', () => {
  const doc = schemaToTerraformJson();
  const p = doc.provider_schemas[PROVIDER_ADDRESS];

  test('has the `terraform providers schema -json` shape', () => {
    expect(doc.format_version).toBe('1.0');
    expect(Object.keys(doc.provider_schemas)).toEqual(['registry.terraform.io/cdktf-wecom/wecom']);
    expect(Object.keys(p).sort()).toEqual(['data_source_schemas', 'provider', 'resource_schemas']);
    expect(Object.keys(p.resource_schemas)).toEqual([
      'wecom_app_chat', 'wecom_group_robot', 'wecom_group_welcome_template', 'wecom_intercept_rule', 'wecom_join_way', 'wecom_tag',
    ]);
    expect(Object.keys(p.data_source_schemas)).toEqual(['wecom_customer_groups', 'wecom_department', 'wecom_user']);
    for (const s of [p.provider, ...Object.values(p.resource_schemas), ...Object.values(p.data_source_schemas)]) {
      // 1: member-like sets became unordered lists (state upgraded on read)
      const upgraded = ['wecom_app_chat', 'wecom_intercept_rule', 'wecom_tag'].some((t) => s === p.resource_schemas[t]);
      expect(s.version).toBe(upgraded ? 1 : 0);
      expect(s.block.description_kind).toBe('plain');
    }
  });

  test('attributes carry cty types and flags', () => {
    const chat = p.resource_schemas.wecom_app_chat.block.attributes;
    expect(chat.chat_id).toEqual(expect.objectContaining({ type: 'string', required: true, description_kind: 'plain' }));
    // unordered collections are Terraform lists: compared element by element, not re-sorted as cty sets are
    expect(chat.members).toEqual(expect.objectContaining({ type: ['list', 'string'], optional: true }));
    expect(chat.member_departments.type).toEqual(['list', 'number']);
    expect(chat.resolved_members).toEqual(expect.objectContaining({ type: ['list', 'string'], computed: true }));
    expect(chat.resolved_members.optional).toBeUndefined();
    // a default makes a resource attribute optional + computed
    expect(chat.membership).toEqual(expect.objectContaining({ optional: true, computed: true }));
    expect(p.resource_schemas.wecom_join_way.block.attributes.chat_id_list.type).toEqual(['list', 'string']);
    expect(p.resource_schemas.wecom_join_way.block.attributes.auto_create_room.type).toBe('bool');
    // attribute names are sorted, as terraform prints them
    expect(Object.keys(chat)).toEqual([...Object.keys(chat)].sort());
  });

  test('provider attributes are never computed; nested attributes use nested_type', () => {
    for (const a of Object.values(p.provider.block.attributes)) expect(a.computed).toBeUndefined();
    const link = p.resource_schemas.wecom_group_welcome_template.block.attributes.link;
    expect(link.nested_type?.nesting_mode).toBe('single');
    expect(link.nested_type?.attributes.title).toEqual(expect.objectContaining({ type: 'string', required: true }));
    const groups = p.data_source_schemas.wecom_customer_groups.block.attributes.groups;
    expect(groups.nested_type?.nesting_mode).toBe('list');
    expect(groups.computed).toBe(true);
  });

  test('ctyType', () => {
    expect(ctyType('bool')).toBe('bool');
    expect(ctyType({ collection: 'unordered', element: 'number' })).toEqual(['list', 'number']);
    expect(ctyType({ nesting: 'list', attributes: { b: { type: 'string', description: '' }, a: { type: 'number', description: '' } } }))
      .toEqual(['list', ['object', { a: 'number', b: 'string' }]]);
  });

  test('generated/provider-schema.json is this document', () => {
    const file = path.join(__dirname, '..', '..', 'generated', 'provider-schema.json');
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(doc);
  });
});
