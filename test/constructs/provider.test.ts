import { TerraformStack, Testing } from '../../src/cdktf';
import { AppChat, WecomProvider } from '../../src/constructs';
import { WecomTerraformProvider } from '../../generated';
import { DEFAULT_RATE_LIMITS, LIMITS } from '../../src/wecom/limits';
import { errors, errorsWithId, newStack } from './helpers';

describe('new WecomProvider(scope, id, props)', () => {
  test('synthesizes the provider with defaults explicit and source cdktf-wecom/wecom', () => {
    const stack = newStack('proj', false);
    const p = new WecomProvider(stack, 'wecom', { corpId: 'ww1', apiBase: 'http://127.0.0.1:8080/cgi-bin/', maxChatMembers: 500 });
    expect(errors(stack)).toEqual([]);
    expect(p.node.defaultChild).toBe(p.provider);
    const json = Testing.synth(stack, true);
    expect(json).toHaveProviderWithProperties(WecomTerraformProvider, {
      corp_id: 'ww1', corp_secret_env: 'WECOM_CORP_SECRET', api_base: 'http://127.0.0.1:8080/cgi-bin/',
      chat_creates_per_day: DEFAULT_RATE_LIMITS.chatCreatesPerDay, chat_updates_per_hour: DEFAULT_RATE_LIMITS.chatUpdatesPerHour,
      robot_messages_per_minute: DEFAULT_RATE_LIMITS.robotMessagesPerMinute, max_chat_members: 500,
    });
    expect(JSON.parse(json).terraform.required_providers.wecom).toEqual({ source: 'cdktf-wecom/wecom', version: '~> 0.1' });
  });

  test('a secret given as corpSecretEnv throws, redacted', () => {
    const secret = 'Zx9kQ2mN7pL4vB8cR1tY6uI3oP5aS0dF';
    expect(() => new WecomProvider(newStack('proj', false), 'wecom', { corpId: 'ww1', corpSecretEnv: secret })).toThrow(
      `WecomProvider 'proj/wecom': corpSecretEnv looks like a secret (<redacted ${secret.length} chars>)`,
    );
  });

  test('bad corp id, api base and rate limits', () => {
    const stack = newStack('proj', false);
    new WecomProvider(stack, 'wecom', {
      corpId: 'ww-1', apiBase: 'https://x/cgi-bin/?access_token=abc', chatCreatesPerDay: 0, maxChatMembers: LIMITS.CHAT_MEMBERS_MAX + 1,
    });
    expect(errorsWithId(stack, 'WECOM_CORP_ID')[0]).toContain(`WecomProvider 'proj/wecom': corpId "ww-1" does not match`);
    expect(errorsWithId(stack, 'WECOM_API_BASE')[0]).toContain('apiBase');
    expect(errorsWithId(stack, 'WECOM_RATE_LIMIT')).toEqual([
      `WecomProvider 'proj/wecom': chatCreatesPerDay is 0; WeCom allows an integer in 1..∞ (WECOM_RATE_LIMIT)`,
      `WecomProvider 'proj/wecom': maxChatMembers is ${LIMITS.CHAT_MEMBERS_MAX + 1}; WeCom allows an integer in ${LIMITS.CHAT_MEMBERS_MIN}..${LIMITS.CHAT_MEMBERS_MAX} (WECOM_RATE_LIMIT)`,
    ]);
  });

  test('WecomProvider.of finds the default provider; aliased providers can be passed explicitly', () => {
    const stack = new TerraformStack(Testing.app(), 'proj');
    const other = new WecomProvider(stack, 'other', { corpId: 'ww2', alias: 'other', maxChatMembers: 100 });
    const main = new WecomProvider(stack, 'main', { corpId: 'ww1' });
    expect(WecomProvider.of(stack)).toBe(main);
    const chat = new AppChat(stack, 'eng', { name: 'E', owner: 'u0', members: { users: Array.from({ length: 101 }, (_, i) => `u${i}`) }, provider: other });
    expect(errorsWithId(stack, 'WECOM_CHAT_MEMBERS')[0]).toContain('WeCom allows 2..100 users');
    const res = JSON.parse(Testing.synth(stack)).resource.wecom_app_chat[chat.resource.friendlyUniqueId];
    expect(res.provider).toBe('wecom.other');
  });

  test('missing provider is reported by cdktf', () => {
    const stack = newStack('proj', false);
    new AppChat(stack, 'eng', { name: 'E', owner: 'a', members: { users: ['a', 'b'] } });
    expect(() => Testing.synth(stack, true)).toThrow(/wecom/);
  });
});
