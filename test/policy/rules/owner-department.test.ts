import { AppChat, User } from '../../../src/constructs';
import { Policy } from '../../../src/policy';
import { findingsOf, newStack, synthError, synthJson, withBaseline } from '../helpers';

const ID = 'WECOM-BASE-002';
const DIRECTORY = {
  userDepartments: { zhangsan: [2], LiSi: [3], sunqi: [12], zhouba: [16] },
  departmentParents: { 3: 2, 6: 2, 12: 1, 16: 1 },
};
const chat = (stack: any, owner: any, id = 'eng') => new AppChat(stack, id, { name: 'a-b', owner, members: { users: [owner, 'wangwu'] } });

describe(`OwnerDepartmentRule (${ID})`, () => {
  test('owners in an allowed department or below it are compliant (userids case-insensitive)', () => {
    const stack = newStack();
    chat(stack, 'zhangsan', 'a');
    chat(stack, 'lisi', 'b'); // department 3, below 2
    chat(stack, User.fromId(stack, 'sunqi-user', 'sunqi'), 'c'); // a looked-up user: its literal userid is used
    withBaseline(stack, { ...DIRECTORY, ownerDepartments: [2, 12] });
    expect(findingsOf(stack, ID)).toEqual([]);
  });

  test('an owner from another department is an error naming path and rule, and stops synthesis', () => {
    const stack = newStack();
    chat(stack, 'zhouba');
    withBaseline(stack, { ...DIRECTORY, ownerDepartments: [2, 12] });
    const [f] = findingsOf(stack, ID);
    expect(f.message).toBe(`${ID} (error) 'proj/eng': owner "zhouba" is in departments 16; owners must be in departments 2, 12`);
    expect(synthError(stack)).toContain(f.message);
  });

  test('an owner missing from userDepartments is not applicable by default, non-compliant when asked', () => {
    const a = newStack();
    chat(a, 'stranger');
    withBaseline(a, { ...DIRECTORY, ownerDepartments: [2] });
    expect(findingsOf(a, ID)).toEqual([]);
    const b = newStack();
    chat(b, 'stranger');
    withBaseline(b, { ...DIRECTORY, ownerDepartments: [2], unknownOwner: 'non-compliant' });
    expect(findingsOf(b, ID).map((f) => f.detail)).toEqual(['owner "stranger" has no known departments; owners must be in departments 2']);
  });

  test('without ownerDepartments the rule is not applicable', () => {
    const stack = newStack();
    chat(stack, 'zhouba');
    withBaseline(stack, DIRECTORY);
    expect(findingsOf(stack, ID)).toEqual([]);
  });

  test('suppressed on a parent scope: synthesis succeeds and the suppression is in the stack metadata', () => {
    const stack = newStack();
    const c = chat(stack, 'zhouba');
    Policy.suppress(stack, [{ id: ID, reason: 'Customer service owns its chats until the Q3 re-org.' }]);
    withBaseline(stack, { ...DIRECTORY, ownerDepartments: [2] });
    const json = synthJson(stack);
    expect(json['//'].wecom_policy.suppressed).toEqual([{
      rule: ID, level: 'error', path: 'proj/eng', reason: 'Customer service owns its chats until the Q3 re-org.',
      message: `${ID} (error) 'proj/eng': owner "zhouba" is in departments 16; owners must be in departments 2`,
    }]);
    expect(json.resource.wecom_app_chat[c.resource.friendlyUniqueId]['//'].wecom_policy.suppressed[0].rule).toBe(ID);
  });
});
