import { AppChat } from '../../../src/constructs';
import { ChatNamingRule, DEFAULT_NAMING_PATTERN, Policy } from '../../../src/policy';
import { findingsOf, newStack, synthJson, withBaseline } from '../helpers';

const ID = 'WECOM-BASE-001';
const chat = (stack: any, name: string, id = 'eng') => new AppChat(stack, id, { name, owner: 'lisi', members: { users: ['lisi', 'wangwu'] } });

describe(`ChatNamingRule (${ID})`, () => {
  test('a name of two parts joined by one hyphen is compliant', () => {
    const stack = newStack();
    chat(stack, '技术部-值班');
    chat(stack, 'payments-研发', 'pay');
    withBaseline(stack);
    expect(findingsOf(stack, ID)).toEqual([]);
  });

  test('a name without the convention is a warning naming path and rule', () => {
    const stack = newStack();
    chat(stack, '随便聊聊');
    withBaseline(stack);
    const [f, ...rest] = findingsOf(stack, ID);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ ruleId: ID, level: 'warning', path: 'proj/eng' });
    expect(f.message).toBe(`${ID} (warning) 'proj/eng': name "随便聊聊" does not match /${DEFAULT_NAMING_PATTERN}/u`);
  });

  test('the pattern is configurable (string or RegExp)', () => {
    const stack = newStack();
    chat(stack, 'demo-shop-研发');
    chat(stack, 'ops', 'ops');
    withBaseline(stack, { namingPattern: /^[a-z0-9-]+-[^-]+$/u });
    expect(findingsOf(stack, ID).map((f) => f.path)).toEqual(['proj/ops']);
    expect(new ChatNamingRule({ pattern: '^x$' }).pattern.source).toBe('^x$');
  });

  test('a suppression keeps the finding, marked suppressed and visible in cdk.tf.json', () => {
    const stack = newStack();
    const c = chat(stack, 'legacy chat');
    Policy.suppress(c, [{ id: ID, reason: 'Name predates the convention; renaming confuses people.' }]);
    withBaseline(stack);
    const json = synthJson(stack);
    const [f] = findingsOf(stack, ID);
    expect(f.suppression).toEqual({ id: ID, reason: 'Name predates the convention; renaming confuses people.', scope: 'proj/eng' });
    const resource = json.resource.wecom_app_chat[c.resource.friendlyUniqueId];
    expect(resource['//'].wecom_policy.suppressed).toEqual([expect.objectContaining({ rule: ID, path: 'proj/eng', reason: f.suppression!.reason })]);
    expect(json['//'].wecom_policy.warnings).toEqual([]);
  });
});
