import { createHash } from 'crypto';
import { NullProvider } from '@cdktf/provider-null/lib/provider';
import { Resource as NullResource } from '@cdktf/provider-null/lib/resource';
import { Testing } from '../../src/cdktf';
import { AppChat, GroupRobot, MESSAGE_ENV } from '../../src/constructs';
import { WecomGroupRobot } from '../../generated';
import { LIMITS } from '../../src/wecom/limits';
import { errors, errorsWithId, newStack, synthObject } from './helpers';

const KEY = '693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa'.replace(/x/g, 'a');

describe('new GroupRobot(scope, id, props)', () => {
  test('synthesizes wecom_group_robot with the env var name, referencing the chat', () => {
    const stack = newStack();
    const chat = new AppChat(stack, 'eng', { name: 'Eng', owner: 'a', members: { users: ['a', 'b'] } });
    const robot = new GroupRobot(stack, 'bot', { chat, webhookKeyEnv: 'ENG_ROBOT_KEY', name: 'CI bot' });
    expect(robot.chatId).toBe(chat.chatId);
    expect(robot.node.defaultChild).toBe(robot.resource);
    expect(Testing.synth(stack, true)).toHaveResourceWithProperties(WecomGroupRobot, {
      webhook_key_env: 'ENG_ROBOT_KEY', name: 'CI bot', chat_id: `\${wecom_app_chat.${chat.resource.friendlyUniqueId}.chat_id}`,
    });
  });

  test('a webhook key given as the env name throws at once, redacted', () => {
    const stack = newStack();
    expect(() => new GroupRobot(stack, 'bot', { webhookKeyEnv: KEY })).toThrow(
      `GroupRobot 'proj/bot': webhookKeyEnv looks like a secret (<redacted ${KEY.length} chars>); WeCom allows the NAME of an environment variable (^[A-Z_][A-Z0-9_]*$), never the secret itself (WECOM_SECRET_IN_CONFIG)`,
    );
    try {
      new GroupRobot(newStack(), 'bot', { webhookKeyEnv: KEY });
    } catch (e) {
      expect((e as Error).message).not.toContain(KEY);
    }
  });

  test('a webhook URL is rejected as a secret', () => {
    const url = `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${KEY}`;
    expect(() => new GroupRobot(newStack(), 'bot', { webhookKeyEnv: url })).toThrow(/WECOM_SECRET_IN_CONFIG/);
  });

  test('a lower-case or shell-unsafe name throws WECOM_ENV_NAME', () => {
    expect(() => new GroupRobot(newStack(), 'bot', { webhookKeyEnv: 'key; rm -rf /' })).toThrow(
      `GroupRobot 'proj/bot': webhookKeyEnv is "key; rm -rf /"; WeCom allows the NAME of an environment variable (^[A-Z_][A-Z0-9_]*$), never the secret itself (WECOM_ENV_NAME)`,
    );
  });
});

describe('robot.announce(id, props)', () => {
  test('declares a null_resource with a content hash trigger and the robot send contract', () => {
    const stack = newStack();
    const robot = new GroupRobot(stack, 'bot', { webhookKeyEnv: 'ENG_ROBOT_KEY' });
    const a = robot.announce('welcome', { markdown: '# Hello\n`rm -rf /` $(whoami) "quoted"' });
    const body = { msgtype: 'markdown', markdown: { content: '# Hello\n`rm -rf /` $(whoami) "quoted"' } };
    const json = JSON.stringify(body);
    expect(a.sha256).toBe(createHash('sha256').update(json).digest('hex'));
    const synth = Testing.synth(stack, true);
    expect(synth).toHaveResourceWithProperties(NullResource, {
      triggers: { message_sha256: a.sha256 },
      depends_on: [`wecom_group_robot.${robot.resource.friendlyUniqueId}`],
      provisioner: [{
        'local-exec': {
          command: `cdktf-wecom robot send --key-env ENG_ROBOT_KEY --message-env ${MESSAGE_ENV}`,
          environment: { [MESSAGE_ENV]: Buffer.from(json).toString('base64') },
        },
      }],
    });
    expect(synth).toHaveProvider(NullProvider);
    // the content reaches the command only through the environment
    expect(synth).not.toContain('whoami');
  });

  test('text with mentions; @all is visible to rule packs', () => {
    const robot = new GroupRobot(newStack(), 'bot', { webhookKeyEnv: 'K' });
    const a = robot.announce('deploy', { text: 'deploying', mentions: ['@all', 'alice'] });
    expect(a.message).toEqual({ msgtype: 'text', text: { content: 'deploying', mentioned_list: ['@all', 'alice'] } });
    expect(robot.announcements.map((x) => [x.id, x.mentionsAll])).toEqual([['deploy', true]]);
    const decoded = JSON.parse(Buffer.from(
      (a.resource.provisioners![0] as any).environment[MESSAGE_ENV], 'base64').toString('utf8'));
    expect(decoded).toEqual(a.message);
  });

  test('changing content changes the trigger; same content keeps it', () => {
    const r1 = new GroupRobot(newStack(), 'bot', { webhookKeyEnv: 'K' });
    const r2 = new GroupRobot(newStack(), 'bot', { webhookKeyEnv: 'K' });
    expect(r1.announce('a', { text: 'x' }).sha256).toBe(r2.announce('a', { text: 'x' }).sha256);
    expect(r1.announce('b', { text: 'x', mentions: ['@all'] }).sha256).not.toBe(r2.announce('b', { text: 'x' }).sha256);
  });

  test('adds one null provider per stack, and none when the stack has one', () => {
    const stack = newStack();
    const robot = new GroupRobot(stack, 'bot', { webhookKeyEnv: 'K' });
    robot.announce('a', { text: 'x' });
    new GroupRobot(stack, 'bot2', { webhookKeyEnv: 'K2' }).announce('b', { text: 'y' });
    expect(stack.node.findAll().filter((c) => c instanceof NullProvider)).toHaveLength(1);
    const own = newStack();
    new NullProvider(own, 'mine');
    new GroupRobot(own, 'bot', { webhookKeyEnv: 'K' }).announce('a', { text: 'x' });
    expect(own.node.findAll().filter((c) => c instanceof NullProvider)).toHaveLength(1);
  });

  test('the webhook key never appears in synthesized output', () => {
    process.env.ENG_ROBOT_KEY = KEY;
    try {
      const stack = newStack();
      new GroupRobot(stack, 'bot', { webhookKeyEnv: 'ENG_ROBOT_KEY' }).announce('a', { markdown: 'hi' });
      expect(Testing.synth(stack, true)).not.toContain(KEY);
      expect(Testing.synthHcl(stack, true)).not.toContain(KEY);
    } finally {
      delete process.env.ENG_ROBOT_KEY;
    }
  });

  test('message validation: one of markdown/text, byte limits, mentions', () => {
    const stack = newStack();
    const robot = new GroupRobot(stack, 'bot', { webhookKeyEnv: 'K' });
    robot.announce('none', {});
    robot.announce('both', { text: 'a', markdown: 'b' });
    robot.announce('big', { markdown: '字'.repeat(LIMITS.ROBOT_MARKDOWN_MAX_BYTES) });
    robot.announce('bigtext', { text: 'x'.repeat(LIMITS.TEXT_CONTENT_MAX_BYTES + 1) });
    robot.announce('md-mention', { markdown: 'x', mentions: ['alice'] });
    robot.announce('bad-mention', { text: 'x', mentions: ['not valid!'] });
    const msgs = errors(stack);
    expect(msgs).toEqual([
      `GroupRobot 'proj/bot': announce('none') has neither markdown nor text; WeCom allows exactly one of markdown and text (WECOM_ROBOT_MESSAGE)`,
      `GroupRobot 'proj/bot': announce('both') has both markdown and text; WeCom allows exactly one of markdown and text (WECOM_ROBOT_MESSAGE)`,
      `GroupRobot 'proj/bot': announce('big').markdown has ${3 * LIMITS.ROBOT_MARKDOWN_MAX_BYTES} bytes; WeCom allows 1..${LIMITS.ROBOT_MARKDOWN_MAX_BYTES} bytes (WECOM_ROBOT_MESSAGE)`,
      `GroupRobot 'proj/bot': announce('bigtext').text has ${LIMITS.TEXT_CONTENT_MAX_BYTES + 1} bytes; WeCom allows 1..${LIMITS.TEXT_CONTENT_MAX_BYTES} bytes (WECOM_ROBOT_MESSAGE)`,
      `GroupRobot 'proj/bot': announce('md-mention').mentions are given for a markdown message; WeCom allows mentions on text messages only (write <@userid> in markdown) (WECOM_ROBOT_MENTIONS)`,
      `GroupRobot 'proj/bot': announce('bad-mention').mentions[0] "not valid!" is not a userid; WeCom allows userids or "@all" (WECOM_ROBOT_MENTIONS)`,
    ]);
    expect(errorsWithId(stack, 'WECOM_ROBOT_MESSAGE')).toHaveLength(4);
  });

  test('synthObject: announcements are children of the robot', () => {
    const stack = newStack();
    const robot = new GroupRobot(stack, 'bot', { webhookKeyEnv: 'K' });
    const a = robot.announce('hello', { text: 'x' });
    expect(a.resource.node.path).toBe('proj/bot/hello');
    expect(Object.keys(synthObject(stack).resource.null_resource)).toEqual([a.resource.friendlyUniqueId]);
  });
});
