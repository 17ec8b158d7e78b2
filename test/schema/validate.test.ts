import {
  ObjectSchema, appChatSchema, attributeValuesEqual, groupRobotSchema, interceptRuleSchema, looksLikeSecret,
  validateAttributes,
} from '../../src/schema';
import { LIMITS } from '../../src/wecom/limits';

const chat = (over: Record<string, unknown> = {}) => ({ chat_id: 'eng', name: 'Eng', owner: 'alice', members: ['alice', 'bob'], ...over });

describe('validateAttributes(schema, values, options)', () => {
  test('valid values give no problems', () => {
    expect(validateAttributes(appChatSchema, chat())).toEqual([]);
  });

  test('returns every problem at once, each naming field, value and limit', () => {
    const problems = validateAttributes(appChatSchema, chat({ chat_id: 'bad id', name: 'n'.repeat(LIMITS.CHAT_NAME_MAX + 1), owner: undefined }), { path: 'proj/eng', kind: 'AppChat' });
    expect(problems.map((p) => p.id)).toEqual(['WECOM_CHAT_ID', 'WECOM_CHAT_NAME', 'WECOM_REQUIRED']);
    expect(problems[1]).toMatchObject({ field: 'name', value: 'n'.repeat(LIMITS.CHAT_NAME_MAX + 1), limit: `1..${LIMITS.CHAT_NAME_MAX} chars` });
    expect(problems[2].message).toBe(`AppChat 'proj/eng': owner is missing; WeCom allows a value (WECOM_REQUIRED)`);
  });

  test('without a path the message starts with the schema name', () => {
    const [p] = validateAttributes(appChatSchema, chat({ name: '' }));
    expect(p.message).toBe(`wecom_app_chat: name "" has 0 chars; WeCom allows 1..${LIMITS.CHAT_NAME_MAX} chars (WECOM_CHAT_NAME)`);
  });

  test('item counts, element constraints and set duplicates (case-insensitive userids)', () => {
    const members = Array.from({ length: LIMITS.CHAT_MEMBERS_MAX + 1 }, (_, i) => `u${i}`);
    const ids = validateAttributes(appChatSchema, chat({ members: [...members, 'U0', 'bad id'] })).map((p) => p.id);
    expect(ids).toEqual(['WECOM_CHAT_MEMBERS', 'WECOM_DUPLICATE', 'WECOM_USER_ID']);
  });

  test('computed attributes are validated when given (the engine checks resolved members)', () => {
    const [p] = validateAttributes(appChatSchema, chat({ resolved_members: ['alice'] }));
    expect(p).toMatchObject({ id: 'WECOM_CHAT_MEMBERS', field: 'resolved_members', value: 1, limit: `${LIMITS.CHAT_MEMBERS_MIN}..${LIMITS.CHAT_MEMBERS_MAX} members` });
  });

  test('references ("${...}") are skipped by default, and by a custom predicate', () => {
    expect(validateAttributes(appChatSchema, chat({ owner: '${data.wecom_user.a.userid}', members: ['${data.wecom_user.a.userid}', 'b c'] })).map((p) => p.field)).toEqual(['members[1]']);
    expect(validateAttributes(appChatSchema, chat({ name: 'TOKEN' }), { isUnresolved: (v) => v === 'TOKEN' })).toEqual([]);
  });

  test('types, enums and unknown attributes', () => {
    const problems = validateAttributes(appChatSchema, chat({ name: 5, membership: 'sometimes', members: 'alice', extra: 1 }));
    expect(problems.map((p) => [p.id, p.field])).toEqual([
      ['WECOM_TYPE', 'name'], ['WECOM_TYPE', 'members'], ['WECOM_ENUM', 'membership'], ['WECOM_UNKNOWN_ATTRIBUTE', 'extra'],
    ]);
    expect(validateAttributes(appChatSchema, chat({ extra: 1 }), { reportUnknown: false })).toEqual([]);
  });

  test('field names can be mapped to the caller\'s names', () => {
    const [p] = validateAttributes(interceptRuleSchema, { rule_name: 'r', word_list: [], intercept_type: 1 }, { fieldNames: { word_list: 'words' } });
    expect(p.field).toBe('words');
    expect(p.message).toContain('words has 0 words');
  });

  test('nested attributes', () => {
    const schema: ObjectSchema = {
      kind: 'resource', name: 'x', version: 0, description: '',
      attributes: {
        link: { type: { nesting: 'single', attributes: { url: { type: 'string', required: true, description: '' } } }, optional: true, description: '' },
        rows: { type: { nesting: 'list', attributes: { n: { type: 'number', required: true, description: '' } } }, optional: true, description: '' },
      },
    };
    expect(validateAttributes(schema, { link: {}, rows: [{ n: 1 }, {}] }).map((p) => p.field)).toEqual(['link.url', 'rows[1].n']);
  });

  test('env var names: a secret-looking value is reported redacted', () => {
    const key = 'a1b2c3d4-e5f6-4a5b-8c9d-0e1f2a3b4c5d';
    const [p] = validateAttributes(groupRobotSchema, { webhook_key_env: key });
    expect(p.id).toBe('WECOM_SECRET_IN_CONFIG');
    expect(p.message).not.toContain(key);
    expect(p.value).toBe(`<redacted ${key.length} chars>`);
    expect(validateAttributes(groupRobotSchema, { webhook_key_env: 'robot_key' })[0].id).toBe('WECOM_ENV_NAME');
  });
});

describe('looksLikeSecret(value)', () => {
  test.each([
    ['ENG_ROBOT_KEY', false], ['robot_key', false], ['https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x', true],
    ['a1b2c3d4-e5f6-4a5b-8c9d-0e1f2a3b4c5d', true], ['Zx9kQ2mN7pL4vB8cR1tY6uI3oP5aS0dF', true], ['my env', false],
  ])('%s -> %s', (v, expected) => expect(looksLikeSecret(v)).toBe(expected));
});

describe('attributeValuesEqual(attr, a, b)', () => {
  test('sets compare unordered and userids case-insensitively', () => {
    expect(attributeValuesEqual(appChatSchema.attributes.members, ['Alice', 'bob'], ['BOB', 'alice'])).toBe(true);
    expect(attributeValuesEqual(appChatSchema.attributes.members, ['alice'], ['alice', 'bob'])).toBe(false);
    expect(attributeValuesEqual(appChatSchema.attributes.owner, 'Alice', 'alice')).toBe(true);
    expect(attributeValuesEqual(appChatSchema.attributes.name, 'Eng', 'eng')).toBe(false);
  });
});
