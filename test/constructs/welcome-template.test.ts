import { Testing } from '../../src/cdktf';
import { WelcomeTemplate } from '../../src/constructs';
import { WecomGroupWelcomeTemplate } from '../../generated';
import { LIMITS } from '../../src/wecom/limits';
import { errors, errorsWithId, newStack } from './helpers';

describe('new WelcomeTemplate(scope, id, props)', () => {
  test('synthesizes nested content with WeCom field names', () => {
    const stack = newStack();
    const t = new WelcomeTemplate(stack, 'hello', {
      text: '欢迎 %NICKNAME%',
      link: { title: 'Guide', url: 'https://example.com', picUrl: 'https://example.com/p.png', description: 'Read me' },
      miniprogram: { title: 'App', picMediaId: 'm1', appId: 'wx1', page: '/index' },
      agentId: 1000002,
    });
    expect(errors(stack)).toEqual([]);
    expect(t.notify).toBe(true);
    expect(Testing.synth(stack, true)).toHaveResourceWithProperties(WecomGroupWelcomeTemplate, {
      text: { content: '欢迎 %NICKNAME%' },
      link: { title: 'Guide', url: 'https://example.com', picurl: 'https://example.com/p.png', desc: 'Read me' },
      miniprogram: { title: 'App', pic_media_id: 'm1', appid: 'wx1', page: '/index' },
      agentid: 1000002, notify: true,
    });
  });

  test('text bytes limit (UTF-8 bytes, not characters)', () => {
    const stack = newStack();
    const n = Math.floor(LIMITS.WELCOME_TEXT_MAX_BYTES / 3) + 1; // 3 bytes each
    new WelcomeTemplate(stack, 't', { text: '欢'.repeat(n) });
    expect(errorsWithId(stack, 'WECOM_WELCOME_TEXT')[0]).toMatch(
      new RegExp(`^WelcomeTemplate 'proj/t': text\\.content ".*" has ${n * 3} bytes; WeCom allows at most ${LIMITS.WELCOME_TEXT_MAX_BYTES} bytes \\(WECOM_WELCOME_TEXT\\)$`),
    );
  });

  test('not all content empty', () => {
    const stack = newStack();
    new WelcomeTemplate(stack, 'empty', {});
    new WelcomeTemplate(stack, 'blank', { text: '' });
    expect(errorsWithId(stack, 'WECOM_WELCOME_EMPTY')).toEqual([
      `WelcomeTemplate 'proj/empty': text/image/link/miniprogram are all empty; WeCom allows some content (WECOM_WELCOME_EMPTY)`,
      `WelcomeTemplate 'proj/blank': text/image/link/miniprogram are all empty; WeCom allows some content (WECOM_WELCOME_EMPTY)`,
    ]);
  });

  test('image needs mediaId or picUrl; link needs title and url', () => {
    const stack = newStack();
    new WelcomeTemplate(stack, 't', { image: {}, link: { title: 'x' } as any });
    expect(errorsWithId(stack, 'WECOM_REQUIRED')).toEqual([
      `WelcomeTemplate 'proj/t': link.url is missing; WeCom allows a value (WECOM_REQUIRED)`,
      `WelcomeTemplate 'proj/t': image has neither mediaId nor picUrl; WeCom allows mediaId or picUrl (WECOM_REQUIRED)`,
    ]);
  });
});
