import { AppChat, Department, InterceptRule } from '../../../src/constructs';
import { Policy } from '../../../src/policy';
import { findingsOf, newStack, synthJson, withBaseline } from '../helpers';

const ID = 'WECOM-BASE-005';
const PARENTS = { 3: 2, 4: 3, 9: 2, 12: 1, 16: 1 };
const rule = (stack: any, departments: any[], id = 'r') => new InterceptRule(stack, id, {
  name: `rule-${id}`, words: ['机密'], interceptType: 'warnOnly', appliesTo: { departments },
});
const chat = (stack: any, departments: any[], id = 'eng') => new AppChat(stack, id, {
  name: 'a-b', owner: 'lisi', members: { users: ['lisi'], departments },
});

describe(`InterceptCoverageRule (${ID})`, () => {
  test('departments covered directly, via a known ancestor, by the root, or elsewhere are compliant', () => {
    const stack = newStack();
    rule(stack, [2]);
    chat(stack, [2, 4], 'a'); // 4 -> 3 -> 2
    chat(stack, [16], 'b'); // covered elsewhere
    const d = Department.fromPath(stack, 'vip', '客服部/VIP客服');
    rule(stack, [d], 'r2');
    chat(stack, [d], 'c'); // the same lookup
    withBaseline(stack, { departmentParents: PARENTS, coveredDepartments: [16] });
    expect(findingsOf(stack, ID)).toEqual([]);
    const s2 = newStack('root');
    rule(s2, [1]);
    chat(s2, [12, 31]);
    withBaseline(s2);
    expect(findingsOf(s2, ID)).toEqual([]);
  });

  test('an uncovered department is a warning per department, naming path and rule', () => {
    const stack = newStack();
    rule(stack, [3]);
    chat(stack, [4, 9, 12]);
    chat(stack, [Department.fromPath(stack, 'x', '市场部')], 'lookup');
    withBaseline(stack, { departmentParents: PARENTS });
    expect(findingsOf(stack, ID).map((f) => f.message)).toEqual([
      `${ID} (warning) 'proj/eng': members.departments has department 9, which no intercept rule covers (directly or via an ancestor)`,
      `${ID} (warning) 'proj/eng': members.departments has department 12, which no intercept rule covers (directly or via an ancestor)`,
      `${ID} (warning) 'proj/lookup': members.departments has a looked-up department no intercept rule names (its ancestors are unknown at synth time)`,
    ]);
  });

  test('a chat without departments is not applicable', () => {
    const stack = newStack();
    new AppChat(stack, 'eng', { name: 'a-b', owner: 'a', members: { users: ['a', 'b'] } });
    withBaseline(stack);
    expect(findingsOf(stack, ID)).toEqual([]);
  });

  test('suppressed: no warning left, the suppression in the stack metadata', () => {
    const stack = newStack();
    chat(stack, [9]);
    Policy.suppress(stack, [{ id: ID, reason: 'QA chats carry no customer data (reviewed 2024-05).' }]);
    withBaseline(stack);
    const json = synthJson(stack);
    expect(json['//'].wecom_policy.warnings).toEqual([]);
    expect(json['//'].wecom_policy.suppressed).toEqual([expect.objectContaining({ rule: ID, path: 'proj/eng' })]);
  });
});
