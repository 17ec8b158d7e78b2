import { Testing } from '../../src/cdktf';
import { Department, Tag, User } from '../../src/constructs';
import { WecomTag } from '../../generated';
import { LIMITS } from '../../src/wecom/limits';
import { errors, errorsWithId, newStack } from './helpers';

describe('new Tag(scope, id, props)', () => {
  test('synthesizes wecom_tag; tagId is a reference unless given', () => {
    const stack = newStack();
    const alice = User.fromId(stack, 'alice', 'alice');
    const tag = new Tag(stack, 'oncall', { name: 'oncall', users: [alice, 'bob'], departments: [Department.fromId(stack, 'd', 5)] });
    expect(errors(stack)).toEqual([]);
    expect(tag.users).toEqual(['alice', 'bob']);
    expect(tag.tagId).toBeLessThan(0); // number token
    expect(Testing.synth(stack, true)).toHaveResourceWithProperties(WecomTag, {
      tag_name: 'oncall', departments: [5], users: [`\${data.wecom_user.${alice.resource.friendlyUniqueId}.userid}`, 'bob'],
    });
    expect(new Tag(newStack(), 't', { name: 'x', tagId: 42 }).tagId).toBe(42);
  });

  test('name length and uniqueness', () => {
    const stack = newStack();
    new Tag(stack, 'long', { name: 't'.repeat(LIMITS.TAG_NAME_MAX + 1) });
    new Tag(stack, 'a', { name: 'dup' });
    new Tag(stack, 'b', { name: 'dup' });
    expect(errorsWithId(stack, 'WECOM_TAG_NAME')[0]).toContain(`Tag 'proj/long': name "`);
    expect(errorsWithId(stack, 'WECOM_TAG_NAME')[0]).toContain(`; WeCom allows 1..${LIMITS.TAG_NAME_MAX} chars (WECOM_TAG_NAME)`);
    expect(errorsWithId(stack, 'WECOM_TAG_NAME_DUPLICATE')).toHaveLength(2);
    expect(errorsWithId(stack, 'WECOM_TAG_NAME_DUPLICATE')[0]).toBe(
      `Tag 'proj/a': name "dup" is also used by 'proj/b'; WeCom allows one tag per name in a corp (WECOM_TAG_NAME_DUPLICATE)`,
    );
  });

  test('department and tag ids are positive integers', () => {
    const stack = newStack();
    new Tag(stack, 't', { name: 'x', departments: [0, 1.5], tagId: -3 });
    expect(errorsWithId(stack, 'WECOM_DEPARTMENT_ID')).toEqual([
      `Tag 'proj/t': departments[0] is 0; WeCom allows an integer in 1..∞ (WECOM_DEPARTMENT_ID)`,
      `Tag 'proj/t': departments[1] is 1.5; WeCom allows an integer in 1..∞ (WECOM_DEPARTMENT_ID)`,
    ]);
    expect(errorsWithId(stack, 'WECOM_TAG_ID')).toEqual([`Tag 'proj/t': tagId is -3; WeCom allows an integer in 1..∞ (WECOM_TAG_ID)`]);
  });
});
