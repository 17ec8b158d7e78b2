import { AppChat } from '../../src/constructs';
import { Construct } from 'constructs';
import { Policy, PolicySuppressionError, suppressionFor, suppressionProblems } from '../../src/policy';
import { findingsOf, newStack, withBaseline } from './helpers';

describe('Policy.suppress(construct, suppressions)', () => {
  test('reports every invalid suppression at once', () => {
    const stack = newStack();
    let err: PolicySuppressionError | undefined;
    try {
      Policy.suppress(stack, [
        { id: 'WECOM-BASE-001', reason: 'too short' },
        { id: 'not a rule', reason: 'A perfectly good reason here.' },
        { id: 'WECOM-BASE-003', reason: '' },
        { id: 'WECOM-BASE-004', reason: 'Fine: documented example only.' },
      ]);
    } catch (e) {
      err = e as PolicySuppressionError;
    }
    expect(err).toBeInstanceOf(PolicySuppressionError);
    expect(err!.code).toBe('WECOM_POLICY_SUPPRESSION');
    expect(err!.problems).toEqual([
      '[0] WECOM-BASE-001: reason "too short" has 9 characters; at least 10 are required (say why the rule does not apply here)',
      '[1] not a rule: id "not a rule" is not a rule id; expected one like WECOM-BASE-001',
      '[2] WECOM-BASE-003: reason "" has 0 characters; at least 10 are required (say why the rule does not apply here)',
    ]);
    expect(err!.message).toBe(`Policy.suppress 'proj': 3 invalid suppressions:\n  ${err!.problems.join('\n  ')}`);
    // nothing of a rejected call is recorded
    expect(suppressionFor(stack, 'WECOM-BASE-004')).toBeUndefined();
  });

  test('a missing reason or an empty list is rejected; whitespace does not count', () => {
    expect(suppressionProblems([])).toEqual(['no suppressions given; pass [{ id, reason }]']);
    expect(suppressionProblems([{ id: 'WECOM-BASE-001' } as any])).toEqual([
      '[0] WECOM-BASE-001: reason null has 0 characters; at least 10 are required (say why the rule does not apply here)',
    ]);
    expect(suppressionProblems([{ id: 'WECOM-BASE-001', reason: '   short   ' }])).toHaveLength(1);
  });

  test('covers the construct and its children, nearest scope first, and only the named rule', () => {
    const stack = newStack();
    const team = new Construct(stack, 'team');
    const chat = new AppChat(team, 'eng', { name: 'no convention', owner: 'a', members: { users: ['a', 'b'] } });
    Policy.suppress(team, [{ id: 'WECOM-BASE-001', reason: 'Team chats keep their historic names.' }]);
    Policy.suppress(chat, [{ id: 'WECOM-BASE-001', reason: 'This one is being renamed in Q3.' }]);
    expect(suppressionFor(chat.resource, 'WECOM-BASE-001')).toEqual({ id: 'WECOM-BASE-001', reason: 'This one is being renamed in Q3.', scope: 'proj/team/eng' });
    expect(suppressionFor(chat, 'WECOM-BASE-003')).toBeUndefined();
    const other = new AppChat(stack, 'other', { name: 'no convention either', owner: 'a', members: { users: ['a', 'b'] } });
    withBaseline(stack);
    const found = findingsOf(stack, 'WECOM-BASE-001');
    expect(found.map((f) => [f.path, f.suppression?.scope])).toEqual([['proj/team/eng', 'proj/team/eng'], ['proj/other', undefined]]);
    expect(other.node.path).toBe('proj/other');
  });
});
