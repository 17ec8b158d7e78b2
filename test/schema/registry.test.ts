import {
  AttributeSchema, DATA_SOURCE_SCHEMAS, PROVIDER_SCHEMA, RESOURCE_SCHEMAS, VALIDATION_IDS, allSchemas, appChatSchema,
  getSchema, interceptRuleSchema, isCollection, isNested, joinWaySchema, l1ClassName, l1FileName, tagSchema,
} from '../../src/schema';
import { LIMITS } from '../../src/wecom/limits';

function walk(attrs: Readonly<Record<string, AttributeSchema>>, fn: (name: string, a: AttributeSchema) => void, prefix = ''): void {
  for (const [name, a] of Object.entries(attrs)) {
    fn(prefix + name, a);
    if (isNested(a.type)) walk(a.type.attributes, fn, `${prefix}${name}.`);
  }
}

describe('schema registry', () => {
  test('names every resource, data source and the provider', () => {
    expect(Object.keys(RESOURCE_SCHEMAS).sort()).toEqual([
      'wecom_app_chat', 'wecom_group_robot', 'wecom_group_welcome_template', 'wecom_intercept_rule', 'wecom_join_way', 'wecom_tag',
    ]);
    expect(Object.keys(DATA_SOURCE_SCHEMAS).sort()).toEqual(['wecom_customer_groups', 'wecom_department', 'wecom_user']);
    expect(PROVIDER_SCHEMA.name).toBe('wecom');
    expect(getSchema('wecom_app_chat')).toBe(appChatSchema);
    expect(getSchema('wecom_user', 'data')?.kind).toBe('data');
    expect(allSchemas()).toHaveLength(10);
  });

  test('every attribute is described and is required, optional or computed', () => {
    for (const s of allSchemas()) {
      expect(s.description.length).toBeGreaterThan(10);
      walk(s.attributes, (name, a) => {
        expect(`${s.name}.${name}: ${a.description}`).toMatch(/: \S/);
        expect([a.required, a.optional, a.computed].some(Boolean)).toBe(true);
        if (a.required) expect(a.optional || a.computed).toBeFalsy();
      });
    }
  });

  test('every resource and data source has a computed id; secrets are never attributes', () => {
    for (const s of allSchemas().filter((x) => x.kind !== 'provider')) expect(s.attributes.id?.computed).toBe(true);
    for (const s of allSchemas()) {
      walk(s.attributes, (name) => expect(name).not.toMatch(/secret$|key$|token$|password/));
    }
  });

  test('every validation id used by a schema is in the catalogue', () => {
    const used = new Set<string>();
    for (const s of allSchemas()) {
      walk(s.attributes, (_, a) => {
        const c = a.constraints;
        [a.items?.id, a.unique?.id, c?.length?.id, c?.pattern?.id, c?.range?.id, c?.oneOf?.id, c?.envVarName?.id, c?.envVarName?.secretId]
          .forEach((id) => id && used.add(id));
      });
    }
    for (const id of used) expect(Object.keys(VALIDATION_IDS)).toContain(id);
  });

  test('limits come from LIMITS', () => {
    expect(appChatSchema.attributes.name.constraints?.length?.max).toBe(LIMITS.CHAT_NAME_MAX);
    expect(appChatSchema.attributes.resolved_members.items).toMatchObject({ min: LIMITS.CHAT_MEMBERS_MIN, max: LIMITS.CHAT_MEMBERS_MAX });
    expect(interceptRuleSchema.attributes.word_list.items?.max).toBe(LIMITS.RULE_WORDS_MAX);
    expect(interceptRuleSchema.attributes.word_list.constraints?.length?.max).toBe(LIMITS.RULE_WORD_MAX);
    expect(joinWaySchema.attributes.chat_id_list.items?.max).toBe(LIMITS.JOIN_WAY_CHATS_MAX);
    expect(tagSchema.attributes.tag_name.constraints?.length?.max).toBe(LIMITS.TAG_NAME_MAX);
  });

  test('member lists are case-insensitive unordered lists; join way chats are an ordered list', () => {
    for (const name of ['members', 'exclude_members', 'resolved_members']) {
      const a = appChatSchema.attributes[name];
      expect(isCollection(a.type) && a.type.collection).toBe('unordered');
      expect(a.caseInsensitive).toBe(true);
    }
    const jw = joinWaySchema.attributes.chat_id_list.type;
    expect(isCollection(jw) && jw.collection).toBe('list');
  });

  test('replacement and defaults', () => {
    expect(appChatSchema.attributes.chat_id.forceNew).toBe(true);
    expect(joinWaySchema.attributes.scene.forceNew).toBe(true);
    expect(appChatSchema.attributes.membership.default).toBe('authoritative');
    expect(appChatSchema.attributes.on_destroy.default).toBe('retain');
  });

  test('L1 names', () => {
    expect(l1ClassName(appChatSchema)).toBe('WecomAppChat');
    expect(l1FileName(appChatSchema)).toBe('app-chat');
    expect(l1ClassName(DATA_SOURCE_SCHEMAS.wecom_department)).toBe('DataWecomDepartment');
    expect(l1FileName(DATA_SOURCE_SCHEMAS.wecom_department)).toBe('data-department');
    expect(l1ClassName(PROVIDER_SCHEMA)).toBe('WecomTerraformProvider');
  });
});
