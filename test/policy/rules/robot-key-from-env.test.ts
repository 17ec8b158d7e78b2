import { AppChat, GroupRobot, WecomProvider } from '../../../src/constructs';
import { TerraformOutput } from '../../../src/cdktf';
import { Policy, scanForSecrets } from '../../../src/policy';
import { findingsOf, newStack, synthError, synthJson, withBaseline } from '../helpers';

const ID = 'WECOM-BASE-004';
const KEY = '5100b07a-0000-4000-8000-000000000001';

describe(`RobotKeyFromEnvRule (${ID})`, () => {
  test('a robot with an env var name and no key-like literal is compliant', () => {
    const stack = newStack();
    const chat = new AppChat(stack, 'ops', { name: 'ops-告警', owner: 'a', members: { users: ['a', 'b'] } });
    new GroupRobot(stack, 'bot', { chat, webhookKeyEnv: 'WECOM_ROBOT_OPS_KEY' }).announce('hi', { markdown: '# 上线' });
    withBaseline(stack);
    expect(findingsOf(stack, ID)).toEqual([]);
  });

  test('key-like literals anywhere in the config are errors, value redacted; encoded announcement bodies too', () => {
    const stack = newStack();
    const chat = new AppChat(stack, 'ops', { name: `ops-${KEY}`.slice(0, 50), owner: 'a', members: { users: ['a', 'b'] } });
    new GroupRobot(stack, 'bot', { chat, webhookKeyEnv: 'K' }).announce('leak', { text: `key is ${KEY}` });
    new TerraformOutput(stack, 'url', { value: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${KEY}` });
    withBaseline(stack);
    const found = findingsOf(stack, ID);
    expect(found.map((f) => f.path)).toEqual(['proj/ops/Resource', 'proj/bot/leak', 'proj/url']);
    expect(found[1].detail).toMatch(/environment\.WECOM_MESSAGE_B64 holds a webhook key \(UUID-shaped\), encoded/);
    expect(found[2].detail).toMatch(/^attribute output\.url\.value holds a webhook URL/);
    for (const f of found) expect(f.message).not.toContain(KEY);
    const err = synthError(stack);
    expect(err).toContain(`${ID} (error) 'proj/url'`);
    expect(err).not.toContain(KEY);
  });

  test('provider attributes are scanned too', () => {
    const stack = newStack('p2');
    new WecomProvider(stack, 'other', { corpId: 'ww1', alias: 'other', apiBase: 'https://example.com/cgi-bin/?access_token=abc' });
    withBaseline(stack);
    expect(findingsOf(stack, ID).map((f) => f.path)).toEqual(['p2/other/Resource']);
  });

  test('suppressed: synthesis succeeds, the finding is in the report and the output metadata', () => {
    const stack = newStack();
    const out = new TerraformOutput(stack, 'doc', { value: `example key format: ${KEY}` });
    Policy.suppress(out, [{ id: ID, reason: 'Documentation example of the key format, not a real key.' }]);
    withBaseline(stack);
    const json = synthJson(stack);
    expect(json['//'].wecom_policy.suppressed.map((s: any) => s.path)).toEqual(['proj/doc']);
    expect(Policy.report(stack)!.findings).toEqual([expect.objectContaining({ ruleId: ID, suppressed: expect.objectContaining({ scope: 'proj/doc' }) })]);
  });

  test('scanForSecrets finds keys, webhook URLs and credentials; plain values pass', () => {
    expect(scanForSecrets({ a: ['x', { b: KEY }] })).toEqual([{ path: 'a[1].b', kind: 'a webhook key (UUID-shaped)', length: KEY.length }]);
    expect(scanForSecrets({ u: 'https://h/cgi-bin/gettoken?corpsecret=zzz' })).toHaveLength(1);
    expect(scanForSecrets({ chat_id: 'c80ea39f98141e44bdfb009ea4ae95a4', name: 'payments-研发', members: ['a-b', 'c'] })).toEqual([]);
  });
});
