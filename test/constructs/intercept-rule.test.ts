import { Testing } from '../../src/cdktf';
import { Department, InterceptRule } from '../../src/constructs';
import { WecomInterceptRule } from '../../generated';
import { LIMITS } from '../../src/wecom/limits';
import { errors, errorsWithId, newStack } from './helpers';

const base = { name: 'no-phones', words: ['a'], interceptType: 'warnAndBlock' as const, appliesTo: { users: ['alice'] } };

describe('new InterceptRule(scope, id, props)', () => {
  test('maps friendly names to WeCom codes', () => {
    const stack = newStack();
    const dept = Department.fromId(stack, 'root', 1);
    const rule = new InterceptRule(stack, 'rule', {
      name: 'no-phones', words: ['微信', 'vx'], semantics: ['phone', 'redPacket'], interceptType: 'warnOnly',
      appliesTo: { users: ['alice'], departments: [dept] },
    });
    expect(errors(stack)).toEqual([]);
    expect(rule.node.defaultChild).toBe(rule.resource);
    expect(rule.interceptType).toBe('warnOnly');
    expect(Testing.synth(stack, true)).toHaveResourceWithProperties(WecomInterceptRule, {
      rule_name: 'no-phones', word_list: ['vx', '微信'], semantics_list: [1, 3], intercept_type: 2,
      applicable_users: ['alice'], applicable_departments: [1],
    });
  });

  test('word count, word length, duplicate words', () => {
    const stack = newStack();
    new InterceptRule(stack, 'many', { ...base, words: Array.from({ length: LIMITS.RULE_WORDS_MAX + 1 }, (_, i) => `w${i}`) });
    new InterceptRule(stack, 'none', { ...base, name: 'n2', words: [] });
    new InterceptRule(stack, 'long', { ...base, name: 'n3', words: ['x'.repeat(LIMITS.RULE_WORD_MAX + 1), ''] });
    new InterceptRule(stack, 'dup', { ...base, name: 'n4', words: ['a', 'b', 'a'] });
    expect(errorsWithId(stack, 'WECOM_RULE_WORDS')).toEqual([
      `InterceptRule 'proj/many': words has ${LIMITS.RULE_WORDS_MAX + 1} words; WeCom allows 1..${LIMITS.RULE_WORDS_MAX} words (WECOM_RULE_WORDS)`,
      `InterceptRule 'proj/none': words has 0 words; WeCom allows 1..${LIMITS.RULE_WORDS_MAX} words (WECOM_RULE_WORDS)`,
    ]);
    expect(errorsWithId(stack, 'WECOM_RULE_WORD')).toEqual([
      `InterceptRule 'proj/long': words[0] "${'x'.repeat(LIMITS.RULE_WORD_MAX + 1)}" has ${LIMITS.RULE_WORD_MAX + 1} chars; WeCom allows 1..${LIMITS.RULE_WORD_MAX} chars (WECOM_RULE_WORD)`,
      `InterceptRule 'proj/long': words[1] "" has 0 chars; WeCom allows 1..${LIMITS.RULE_WORD_MAX} chars (WECOM_RULE_WORD)`,
    ]);
    // duplicates are dropped at synth (the L1 input would be refused: test/schema/order.test.ts)
    expect(errorsWithId(stack, 'WECOM_RULE_WORD_DUPLICATE')).toEqual([]);
    const dup = stack.node.findChild('dup') as InterceptRule;
    expect(dup.words).toEqual(['a', 'b']);
  });

  test('rule name length and uniqueness in the stack', () => {
    const stack = newStack();
    new InterceptRule(stack, 'long', { ...base, name: '规'.repeat(LIMITS.RULE_NAME_MAX + 1) });
    new InterceptRule(stack, 'a', { ...base, name: 'same' });
    new InterceptRule(stack, 'b', { ...base, name: 'same' });
    expect(errorsWithId(stack, 'WECOM_RULE_NAME')[0]).toContain(`InterceptRule 'proj/long': name "`);
    expect(errorsWithId(stack, 'WECOM_RULE_NAME')[0]).toContain(`has ${LIMITS.RULE_NAME_MAX + 1} chars; WeCom allows 1..${LIMITS.RULE_NAME_MAX} chars`);
    expect(errorsWithId(stack, 'WECOM_RULE_NAME_DUPLICATE')).toEqual([
      `InterceptRule 'proj/a': name "same" is also used by 'proj/b'; WeCom allows one rule per name in a corp (WECOM_RULE_NAME_DUPLICATE)`,
      `InterceptRule 'proj/b': name "same" is also used by 'proj/a'; WeCom allows one rule per name in a corp (WECOM_RULE_NAME_DUPLICATE)`,
    ]);
  });

  test('applicable range: not empty, at most the limits', () => {
    const stack = newStack();
    new InterceptRule(stack, 'empty', { ...base, appliesTo: {} });
    new InterceptRule(stack, 'big', {
      ...base, name: 'big',
      appliesTo: {
        users: Array.from({ length: LIMITS.RULE_RANGE_USERS_MAX + 1 }, (_, i) => `u${i}`),
        departments: Array.from({ length: LIMITS.RULE_RANGE_DEPTS_MAX + 1 }, (_, i) => i + 1),
      },
    });
    expect(errorsWithId(stack, 'WECOM_RULE_RANGE')).toEqual([
      `InterceptRule 'proj/empty': appliesTo is empty; WeCom allows some users or departments (WECOM_RULE_RANGE)`,
      `InterceptRule 'proj/big': appliesTo.users has ${LIMITS.RULE_RANGE_USERS_MAX + 1} users; WeCom allows at most ${LIMITS.RULE_RANGE_USERS_MAX} users (WECOM_RULE_RANGE)`,
      `InterceptRule 'proj/big': appliesTo.departments has ${LIMITS.RULE_RANGE_DEPTS_MAX + 1} departments; WeCom allows at most ${LIMITS.RULE_RANGE_DEPTS_MAX} departments (WECOM_RULE_RANGE)`,
    ]);
  });

  test('unknown semantics and intercept type (from untyped callers)', () => {
    const stack = newStack();
    new InterceptRule(stack, 'r', { ...base, semantics: ['fax' as any], interceptType: 'block' as any });
    expect(errorsWithId(stack, 'WECOM_RULE_SEMANTICS')).toEqual([
      `InterceptRule 'proj/r': semantics[0] is "fax"; WeCom allows one of 1, 2, 3 (WECOM_RULE_SEMANTICS)`,
    ]);
    expect(errorsWithId(stack, 'WECOM_RULE_INTERCEPT_TYPE')).toHaveLength(1);
  });
});
