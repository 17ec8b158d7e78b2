import { GroupRobot } from '../../../src/constructs';
import { Policy } from '../../../src/policy';
import { findingsOf, newStack, synthError, synthJson, withBaseline } from '../helpers';

const ID = 'WECOM-BASE-006';

describe(`NoMentionAllRule (${ID})`, () => {
  test('announcements mentioning people are compliant', () => {
    const stack = newStack();
    const bot = new GroupRobot(stack, 'bot', { webhookKeyEnv: 'K' });
    bot.announce('a', { text: '发版', mentions: ['lisi'] });
    bot.announce('b', { markdown: '请 <@lisi> 处理' });
    withBaseline(stack);
    expect(findingsOf(stack, ID)).toEqual([]);
  });

  test('@all in mentions or <@all> in markdown is an error on the announcement', () => {
    const stack = newStack();
    const bot = new GroupRobot(stack, 'bot', { webhookKeyEnv: 'K' });
    bot.announce('a', { text: '全员注意', mentions: ['@all'] });
    bot.announce('b', { markdown: '<@all> 全员注意' });
    withBaseline(stack);
    expect(findingsOf(stack, ID).map((f) => f.message)).toEqual([
      `${ID} (error) 'proj/bot/a': announcement 'a' mentions @all`,
      `${ID} (error) 'proj/bot/b': announcement 'b' mentions @all`,
    ]);
    expect(synthError(stack)).toMatch(/'proj\/bot\/a'[\s\S]*'proj\/bot\/b'/);
  });

  test('allowMentionAll makes them compliant', () => {
    const stack = newStack();
    new GroupRobot(stack, 'bot', { webhookKeyEnv: 'K' }).announce('a', { text: 'x', mentions: ['@all'] });
    withBaseline(stack, { allowMentionAll: true });
    expect(findingsOf(stack, ID)).toEqual([]);
  });

  test('a suppression on the robot covers its announcements and shows on the null_resource', () => {
    const stack = newStack();
    const bot = new GroupRobot(stack, 'bot', { webhookKeyEnv: 'K' });
    const a = bot.announce('page', { text: '故障', mentions: ['@all'] });
    Policy.suppress(bot, [{ id: ID, reason: 'The incident robot pages everyone by design.' }]);
    withBaseline(stack);
    const json = synthJson(stack);
    expect(json.resource.null_resource[a.resource.friendlyUniqueId]['//'].wecom_policy.suppressed).toEqual([
      expect.objectContaining({ rule: ID, path: 'proj/bot/page', reason: 'The incident robot pages everyone by design.' }),
    ]);
  });
});
