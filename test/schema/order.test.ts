import {
  appChatSchema, compactSameAs, expandSameAs, interceptRuleSchema, joinWaySchema, sameElements, sortedUnique, StateVersionError, upgradeAttributes, validateAttributes,
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

describe('sameAs: resolved_members is stored as null when it is exactly members', () => {
  test('compact: null only when the same elements (userids case-insensitively); expand: filled back, unknowns left alone', () => {
    const same = { members: ['Lisi', 'wangwu'], resolved_members: ['lisi', 'wangwu'] };
    expect(compactSameAs(appChatSchema, same)).toEqual({ members: ['Lisi', 'wangwu'], resolved_members: null });
    const more = { members: ['lisi'], resolved_members: ['lisi', 'zhaoliu'] };
    expect(compactSameAs(appChatSchema, more)).toBe(more);
    expect(compactSameAs(appChatSchema, { members: null, resolved_members: ['a', 'b'] }).resolved_members).toEqual(['a', 'b']);
    expect(expandSameAs(appChatSchema, { members: ['a', 'b'], resolved_members: null }).resolved_members).toEqual(['a', 'b']);
    // stored in full (after drift): stays in full, so a repair reads `+ "x"`, not a list going to null
    expect(compactSameAs(appChatSchema, same, undefined, { resolved_members: ['lisi'] }).resolved_members).toEqual(['lisi', 'wangwu']);
    expect(compactSameAs(appChatSchema, same, undefined, { resolved_members: null }).resolved_members).toBeNull();
    expect(expandSameAs(appChatSchema, { members: ['a', 'b'], resolved_members: null }, new Set(['resolved_members'])).resolved_members).toBeNull();
  });
});

describe('upgradeAttributes(schema, attrs, version)', () => {
  const v0 = { chat_id: 'eng', owner: 'zhangsan', members: ['wangwu', 'lisi', 'Zhaoliu'], member_departments: [5, 3], resolved_members: ['b', 'a'], added_members: [], exclude_members: null };

  test('0 -> 1 sorts every unordered collection and leaves everything else alone', () => {
    expect(upgradeAttributes(appChatSchema, v0, 0)).toEqual({ ...v0, members: ['Zhaoliu', 'lisi', 'wangwu'], member_departments: [3, 5], resolved_members: ['a', 'b'] });
    expect(v0.members).toEqual(['wangwu', 'lisi', 'Zhaoliu']); // not modified in place
  });

  test('0 -> 1 stores resolved_members equal to members as null', () => {
    const named = { ...v0, member_departments: null, resolved_members: ['zhaoliu', 'wangwu', 'lisi'] };
    expect(upgradeAttributes(appChatSchema, named, 0).resolved_members).toBeNull();
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
