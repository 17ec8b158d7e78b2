import {
  appChatSchema, interceptRuleSchema, joinWaySchema, sameElements, sortedUnique, StateVersionError, upgradeAttributes, validateAttributes,
} from '../../src/schema';

const members = appChatSchema.attributes.members;
const departments = appChatSchema.attributes.member_departments;

describe('unordered collections: one order, each value once', () => {
  test('sortedUnique: code-point order for strings (as cty orders sets), numeric for numbers, first spelling wins', () => {
    expect(sortedUnique(members, ['wangwu', 'Zhaoliu', 'lisi', 'zhaoliu', 'LISI'])).toEqual(['Zhaoliu', 'lisi', 'wangwu']);
    expect(sortedUnique(departments, [10, 9, 100, 9])).toEqual([9, 10, 100]);
    expect(sortedUnique(interceptRuleSchema.attributes.word_list, ['微信', 'vx', 'VX'])).toEqual(['VX', 'vx', '微信']); // words are case-sensitive
  });

  test('sameElements: any order; userids case-insensitively', () => {
    expect(sameElements(members, ['a', 'B'], ['b', 'A'])).toBe(true);
    expect(sameElements(members, ['a', 'b'], ['a'])).toBe(false);
    expect(sameElements(departments, [1, 2], [2, 1])).toBe(true);
  });

  test('L1 input with a value twice is refused, naming both places', () => {
    const problems = validateAttributes(appChatSchema, { chat_id: 'eng', name: 'E', owner: 'a', members: ['a', 'b', 'A'], member_departments: [3, 3] });
    expect(problems.map((p) => [p.id, p.field])).toEqual([['WECOM_DUPLICATE', 'members[2]'], ['WECOM_DUPLICATE', 'member_departments[1]']]);
    expect(problems[0].message).toContain('repeats "A" from members[0] (case-insensitively)');
  });
});

describe('upgradeAttributes(schema, attrs, version)', () => {
  const v0 = { chat_id: 'eng', owner: 'zhangsan', members: ['wangwu', 'lisi', 'Zhaoliu'], member_departments: [5, 3], resolved_members: ['b', 'a'], added_members: [], exclude_members: null };

  test('0 -> 1 sorts every unordered collection and leaves everything else alone', () => {
    expect(upgradeAttributes(appChatSchema, v0, 0)).toEqual({ ...v0, members: ['Zhaoliu', 'lisi', 'wangwu'], member_departments: [3, 5], resolved_members: ['a', 'b'] });
    expect(v0.members).toEqual(['wangwu', 'lisi', 'Zhaoliu']); // not modified in place
  });

  test('ordered lists keep their order (a join way fills its groups in order)', () => {
    const jw = { chat_id_list: ['wr3', 'wr1'], scene: 2 };
    expect(upgradeAttributes(joinWaySchema, jw, 0)).toEqual(jw);
  });

  test('current version: unchanged; newer than ours: refused with the way out', () => {
    expect(upgradeAttributes(appChatSchema, v0, appChatSchema.version)).toBe(v0);
    expect(() => upgradeAttributes(appChatSchema, v0, appChatSchema.version + 1)).toThrow(StateVersionError);
    expect(() => upgradeAttributes(appChatSchema, v0, 9)).toThrow('wecom_app_chat: state schema version 9 is newer than this cdktf-wecom\'s (1); upgrade cdktf-wecom');
  });
});
