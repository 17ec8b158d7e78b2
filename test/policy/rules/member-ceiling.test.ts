import { AppChat } from '../../../src/constructs';
import { Policy } from '../../../src/policy';
import { findingsOf, newStack, synthError, synthJson, withBaseline } from '../helpers';

const ID = 'WECOM-BASE-003';
const users = (n: number) => Array.from({ length: n }, (_, i) => `u${i}`);

describe(`MemberCeilingRule (${ID})`, () => {
  test('a chat at the ceiling is compliant; departments make the count unknown (not applicable)', () => {
    const stack = newStack();
    new AppChat(stack, 'eng', { name: 'a-b', owner: 'u0', members: { users: users(500) } });
    new AppChat(stack, 'dept', { name: 'a-c', owner: 'u0', members: { users: ['u0'], departments: [2] } });
    withBaseline(stack);
    expect(findingsOf(stack, ID)).toEqual([]);
  });

  test('a chat over the ceiling is an error naming path, rule and counts', () => {
    const stack = newStack();
    new AppChat(stack, 'eng', { name: 'a-b', owner: 'u0', members: { users: users(30) } });
    new AppChat(stack, 'dept', { name: 'a-c', owner: 'u0', members: { users: users(30), departments: [2] } });
    withBaseline(stack, { maxMembers: 20 });
    expect(findingsOf(stack, ID).map((f) => f.message)).toEqual([
      `${ID} (error) 'proj/eng': has 30 members; the ceiling is 20`,
      `${ID} (error) 'proj/dept': has at least 30 members; the ceiling is 20`,
    ]);
    expect(synthError(stack)).toContain(`${ID} (error) 'proj/eng'`);
  });

  test('suppressed: synthesis succeeds and the chat resource carries the suppression', () => {
    const stack = newStack();
    const c = new AppChat(stack, 'all-hands', { name: '全员-大群', owner: 'u0', members: { users: users(30) } });
    Policy.suppress(c, [{ id: ID, reason: 'The all-hands chat is meant to be large.' }]);
    withBaseline(stack, { maxMembers: 20 });
    const json = synthJson(stack);
    expect(json.resource.wecom_app_chat[c.resource.friendlyUniqueId]['//'].wecom_policy.suppressed).toEqual([
      expect.objectContaining({ rule: ID, reason: 'The all-hands chat is meant to be large.', path: 'proj/all-hands' }),
    ]);
  });
});
