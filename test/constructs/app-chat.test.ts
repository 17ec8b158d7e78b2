import { TerraformStack, Testing, Token } from '../../src/cdktf';
import { AppChat, Department, Tag, User, WecomProvider, defaultChatId } from '../../src/constructs';
import { WecomAppChat, WecomTerraformProvider } from '../../generated';
import { CHAT_ID_PATTERN, LIMITS } from '../../src/wecom/limits';
import { errors, errorsWithId, newStack, synthObject } from './helpers';

const users = (n: number) => Array.from({ length: n }, (_, i) => `u${i}`);

describe('new AppChat(scope, id, props)', () => {
  test('synthesizes wecom_app_chat with defaults made explicit', () => {
    const stack = newStack();
    new AppChat(stack, 'eng', { name: 'Engineering', owner: 'alice', members: { users: ['alice', 'bob'] } });
    expect(errors(stack)).toEqual([]);
    const json = Testing.synth(stack, true);
    expect(json).toHaveResourceWithProperties(WecomAppChat, {
      name: 'Engineering', owner: 'alice', members: ['alice', 'bob'], membership: 'authoritative', on_destroy: 'retain',
      chat_id: defaultChatId('proj/eng'),
    });
    expect(json).toHaveProviderWithProperties(WecomTerraformProvider, { corp_id: 'ww0123456789abcdef', corp_secret_env: 'WECOM_CORP_SECRET' });
  });

  test('exposes resolved props and the L1 as defaultChild', () => {
    const stack = newStack();
    const chat = new AppChat(stack, 'eng', {
      name: 'Eng', owner: 'Alice', members: { users: ['alice', 'bob', 'carol'], exclude: ['carol'] },
      membership: 'additive', onDestroy: 'archive',
    });
    expect(chat.node.defaultChild).toBe(chat.resource);
    expect(chat.resource).toBeInstanceOf(WecomAppChat);
    expect(chat.membership).toBe('additive');
    expect(chat.onDestroy).toBe('archive');
    expect(chat.archivePrefix).toBe('[archived] ');
    expect(chat.membersKnownAtSynth).toBe(true);
    expect(chat.knownMembers).toEqual(['alice', 'bob']);
    expect(Token.isUnresolved(chat.chatIdRef)).toBe(true);
    expect(errors(stack)).toEqual([]); // owner matches case-insensitively
    expect(synthObject(stack).resource.wecom_app_chat[chat.resource.friendlyUniqueId]).toMatchObject({
      archive_prefix: '[archived] ', exclude_members: ['carol'], membership: 'additive',
    });
  });

  test('departments and tags (ids or references) synthesize as sorted lists of ids', () => {
    const stack = newStack();
    const dept = Department.fromPath(stack, 'backend', '技术部/后端');
    const tag = new Tag(stack, 'oncall', { name: 'oncall' });
    const chat = new AppChat(stack, 'eng', { name: 'Eng', owner: 'alice', members: { users: ['alice'], departments: [dept, 7], tags: [tag, 3] } });
    expect(errors(stack)).toEqual([]); // 1 user is fine: the count is known only at plan time
    expect(chat.membersKnownAtSynth).toBe(false);
    expect(chat.knownMembers).toBeUndefined();
    const res = synthObject(stack).resource.wecom_app_chat[chat.resource.friendlyUniqueId];
    // ids known at synth sorted first, references after them in the order written
    expect(res.member_departments).toEqual([7, `\${data.wecom_department.${dept.resource.friendlyUniqueId}.department_id}`]);
    expect(res.member_tags).toEqual([3, `\${wecom_tag.${tag.resource.friendlyUniqueId}.tag_id}`]);
  });

  test('looked-up users synthesize as references and validate by their literal userid', () => {
    const stack = newStack();
    const alice = User.fromId(stack, 'alice', 'alice');
    const chat = new AppChat(stack, 'eng', { name: 'Eng', owner: alice, members: { users: [alice, 'bob'] } });
    expect(errors(stack)).toEqual([]);
    expect(chat.owner).toBe('alice');
    const res = synthObject(stack).resource.wecom_app_chat[chat.resource.friendlyUniqueId];
    expect(res.owner).toBe(`\${data.wecom_user.${alice.resource.friendlyUniqueId}.userid}`);
  });

  test('token userids are skipped by validation (checked later by the engine)', () => {
    const stack = newStack();
    const tokenUser = Token.asString({ resolve: () => 'x' } as any);
    new AppChat(stack, 'eng', { name: 'Eng', owner: tokenUser, members: { users: [tokenUser] } });
    expect(errors(stack)).toEqual([]);
  });
});

describe('default chatId', () => {
  test('same path gives the same id; it matches WeCom\'s chatid pattern', () => {
    const a = new AppChat(newStack(), 'eng', { name: 'E', owner: 'a', members: { users: ['a', 'b'] } });
    const b = new AppChat(newStack(), 'eng', { name: 'Other name', owner: 'a', members: { users: ['a', 'b'] } });
    expect(a.chatId).toBe(b.chatId);
    expect(a.chatId).toMatch(CHAT_ID_PATTERN);
    expect(a.chatId).toHaveLength(LIMITS.CHAT_ID_MAX);
    expect(a.chatId).toBe(defaultChatId('proj/eng'));
  });

  test('a different project (stack name) gives a different id', () => {
    const a = new AppChat(newStack('projA'), 'eng', { name: 'E', owner: 'a', members: { users: ['a', 'b'] } });
    const b = new AppChat(newStack('projB'), 'eng', { name: 'E', owner: 'a', members: { users: ['a', 'b'] } });
    expect(a.chatId).not.toBe(b.chatId);
  });

  test('an explicit chatId wins', () => {
    const chat = new AppChat(newStack(), 'eng', { chatId: 'engchat', name: 'E', owner: 'a', members: { users: ['a', 'b'] } });
    expect(chat.chatId).toBe('engchat');
  });
});

describe('AppChat validation', () => {
  test('too many members names path, field, value and limit', () => {
    const stack = newStack();
    new AppChat(stack, 'eng', { name: 'Eng', owner: 'u0', members: { users: users(LIMITS.CHAT_MEMBERS_MAX + 1) } });
    expect(errorsWithId(stack, 'WECOM_CHAT_MEMBERS')).toEqual([
      `AppChat 'proj/eng': members has ${LIMITS.CHAT_MEMBERS_MAX + 1} users; WeCom allows ${LIMITS.CHAT_MEMBERS_MIN}..${LIMITS.CHAT_MEMBERS_MAX} users (WECOM_CHAT_MEMBERS)`,
    ]);
  });

  test('too few members when members are explicit (exclusions counted)', () => {
    const stack = newStack();
    new AppChat(stack, 'eng', { name: 'Eng', owner: 'a', members: { users: ['a', 'b'], exclude: ['B'] } });
    expect(errorsWithId(stack, 'WECOM_CHAT_MEMBERS')).toEqual([
      `AppChat 'proj/eng': members has 1 users; WeCom allows ${LIMITS.CHAT_MEMBERS_MIN}..${LIMITS.CHAT_MEMBERS_MAX} users (WECOM_CHAT_MEMBERS)`,
    ]);
  });

  test('with departments, only explicit users above the maximum are reported', () => {
    const stack = newStack();
    new AppChat(stack, 'eng', { name: 'Eng', owner: 'u0', members: { users: users(LIMITS.CHAT_MEMBERS_MAX + 1), departments: [2] } });
    expect(errorsWithId(stack, 'WECOM_CHAT_MEMBERS')).toEqual([
      `AppChat 'proj/eng': members has ${LIMITS.CHAT_MEMBERS_MAX + 1} users; WeCom allows at most ${LIMITS.CHAT_MEMBERS_MAX} users (WECOM_CHAT_MEMBERS)`,
    ]);
  });

  test('the provider\'s maxChatMembers override applies', () => {
    const stack = newStack('proj', false);
    new WecomProvider(stack, 'wecom', { corpId: 'ww1', maxChatMembers: 500 });
    new AppChat(stack, 'eng', { name: 'Eng', owner: 'u0', members: { users: users(501) } });
    expect(errorsWithId(stack, 'WECOM_CHAT_MEMBERS')[0]).toContain('WeCom allows 2..500 users');
  });

  test('owner not among explicit members', () => {
    const stack = newStack();
    new AppChat(stack, 'eng', { name: 'Eng', owner: 'carol', members: { users: ['a', 'b'] } });
    expect(errorsWithId(stack, 'WECOM_CHAT_OWNER')).toEqual([
      `AppChat 'proj/eng': owner "carol" is not among members.users; WeCom allows an owner who is one of members.users (WECOM_CHAT_OWNER)`,
    ]);
  });

  test('owner excluded, even with departments', () => {
    const stack = newStack();
    new AppChat(stack, 'eng', { name: 'Eng', owner: 'carol', members: { departments: [2], exclude: ['Carol'] } });
    expect(errorsWithId(stack, 'WECOM_CHAT_OWNER')[0]).toContain(`owner "carol" is in members.exclude`);
  });

  test('owner may come from a department (not checkable at synth time)', () => {
    const stack = newStack();
    new AppChat(stack, 'eng', { name: 'Eng', owner: 'carol', members: { departments: [2] } });
    expect(errors(stack)).toEqual([]);
  });

  test('chatId charset and length', () => {
    const stack = newStack();
    new AppChat(stack, 'a', { chatId: 'eng-chat', name: 'E', owner: 'a', members: { users: ['a', 'b'] } });
    new AppChat(stack, 'b', { chatId: 'x'.repeat(LIMITS.CHAT_ID_MAX + 1), name: 'E', owner: 'a', members: { users: ['a', 'b'] } });
    const msgs = errorsWithId(stack, 'WECOM_CHAT_ID');
    expect(msgs).toHaveLength(2);
    expect(msgs[0]).toBe(`AppChat 'proj/a': chatId "eng-chat" does not match ^[0-9a-zA-Z]{1,32}$; WeCom allows at most ${LIMITS.CHAT_ID_MAX} characters of [0-9a-zA-Z] (WECOM_CHAT_ID)`);
    expect(msgs[1]).toContain(`AppChat 'proj/b': chatId "${'x'.repeat(LIMITS.CHAT_ID_MAX + 1)}" does not match`);
  });

  test('name length in characters, not bytes', () => {
    const stack = newStack();
    new AppChat(stack, 'ok', { name: '群'.repeat(LIMITS.CHAT_NAME_MAX), owner: 'a', members: { users: ['a', 'b'] } });
    new AppChat(stack, 'long', { name: '群'.repeat(LIMITS.CHAT_NAME_MAX + 1), owner: 'a', members: { users: ['a', 'b'] } });
    new AppChat(stack, 'empty', { name: '', owner: 'a', members: { users: ['a', 'b'] } });
    const msgs = errorsWithId(stack, 'WECOM_CHAT_NAME');
    expect(msgs).toHaveLength(2);
    expect(msgs[0]).toMatch(new RegExp(`^AppChat 'proj/long': name ".*" has ${LIMITS.CHAT_NAME_MAX + 1} chars; WeCom allows 1\\.\\.${LIMITS.CHAT_NAME_MAX} chars \\(WECOM_CHAT_NAME\\)$`));
    expect(msgs[1]).toContain(`AppChat 'proj/empty': name "" has 0 chars`);
  });

  test('archive prefix + name must fit', () => {
    const stack = newStack();
    new AppChat(stack, 'eng', { name: 'n'.repeat(LIMITS.CHAT_NAME_MAX - 2), owner: 'a', members: { users: ['a', 'b'] }, onDestroy: 'archive' });
    expect(errorsWithId(stack, 'WECOM_CHAT_ARCHIVE_NAME')[0]).toContain(`AppChat 'proj/eng': archivePrefix "[archived] " + name has`);
  });

  test('userid pattern (index as written); case-insensitive duplicates are dropped, the rest synthesized sorted', () => {
    const stack = newStack();
    new AppChat(stack, 'eng', { name: 'E', owner: 'a', members: { users: ['zed', 'b c', 'a', 'A'] } });
    expect(errorsWithId(stack, 'WECOM_USER_ID')).toEqual([
      `AppChat 'proj/eng': members.users[1] "b c" does not match ^[0-9A-Za-z_\\-@.]{1,64}$; WeCom allows 1..${LIMITS.USERID_MAX_BYTES} bytes of [0-9A-Za-z_-@.] (WECOM_USER_ID)`,
    ]);
    expect(errorsWithId(stack, 'WECOM_DUPLICATE')).toEqual([]);
    const ok = newStack();
    const chat = new AppChat(ok, 'eng', { name: 'E', owner: 'a', members: { users: ['zed', 'a', 'Bob', 'A', 'bob'], exclude: ['y', 'x', 'Y'] } });
    expect(chat.users).toEqual(['zed', 'a', 'Bob']);
    const res = synthObject(ok).resource.wecom_app_chat[chat.resource.friendlyUniqueId];
    expect(res.members).toEqual(['Bob', 'a', 'zed']);
    expect(res.exclude_members).toEqual(['x', 'y']);
  });

  test('duplicate chat ids in one stack are reported on both chats', () => {
    const stack = newStack();
    new AppChat(stack, 'a', { chatId: 'same', name: 'E', owner: 'a', members: { users: ['a', 'b'] } });
    new AppChat(stack, 'b', { chatId: 'same', name: 'E', owner: 'a', members: { users: ['a', 'b'] } });
    expect(errorsWithId(stack, 'WECOM_CHAT_ID_DUPLICATE')).toEqual([
      `AppChat 'proj/a': chatId "same" is also used by 'proj/b'; WeCom allows one app chat per chatid (WECOM_CHAT_ID_DUPLICATE)`,
      `AppChat 'proj/b': chatId "same" is also used by 'proj/a'; WeCom allows one app chat per chatid (WECOM_CHAT_ID_DUPLICATE)`,
    ]);
  });

  test('synth reports all problems at once and writes nothing', () => {
    const stack = newStack();
    new AppChat(stack, 'a', { chatId: 'bad-id', name: '', owner: 'z', members: { users: ['a'] } });
    new AppChat(stack, 'b', { name: 'ok', owner: 'q', members: { users: ['a', 'b'] } });
    let message = '';
    try {
      Testing.synth(stack, true);
    } catch (e) {
      message = (e as Error).message;
    }
    for (const id of ['WECOM_CHAT_ID', 'WECOM_CHAT_NAME', 'WECOM_CHAT_MEMBERS']) expect(message).toContain(`(${id})`);
    expect(message).toContain(`AppChat 'proj/b': owner "q"`);
  });
});

test('app.synth() fails with the validation messages', () => {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'proj');
  new WecomProvider(stack, 'wecom', { corpId: 'ww1' });
  new AppChat(stack, 'eng', { name: 'Eng', owner: 'a', members: { users: ['a'] } });
  expect(() => app.synth()).toThrow(/AppChat 'proj\/eng': members has 1 users/);
});

test('Testing.synthScope renders a chat', () => {
  const json = Testing.synthScope((scope) => {
    new AppChat(scope, 'eng', { chatId: 'eng', name: 'Eng', owner: 'a', members: { departments: [2] } });
  });
  expect(json).toHaveResourceWithProperties(WecomAppChat, { chat_id: 'eng', member_departments: [2] });
  expect(Object.values(JSON.parse(json).resource.wecom_app_chat)[0]).not.toHaveProperty('members');
});

test('stack-wide checks stay linear: validating 1000 chats reads each chat id a few times, not once per other chat', () => {
  const stack = newStack();
  let reads = 0;
  for (let i = 0; i < 1000; i++) {
    const chat = new AppChat(stack, `c${i}`, { name: `chat ${i}`, owner: 'a', members: { users: ['a', 'b'] } });
    const id = chat.chatId;
    Object.defineProperty(chat, 'chatId', { get: () => { reads++; return id; } });
  }
  expect(errors(stack)).toEqual([]);
  // The duplicate-id check indexes the stack once; a pairwise check would read 1,000,000 times.
  expect(reads).toBeGreaterThanOrEqual(1000);
  expect(reads).toBeLessThanOrEqual(5 * 1000);
});

test('ownerSuccessors synthesizes owner_successors, in order; a bad userid is named', () => {
  const stack = newStack();
  new AppChat(stack, 'succ', { name: '继承-测试', owner: 'lisi', ownerSuccessors: ['wangwu', 'zhaoliu'], members: { users: ['lisi', 'zhangsan'] } });
  expect(errors(stack)).toEqual([]);
  const chat = Object.values(synthObject(stack).resource.wecom_app_chat)[0] as Record<string, unknown>;
  expect(chat.owner_successors).toEqual(['wangwu', 'zhaoliu']);
  const bad = newStack();
  new AppChat(bad, 'succ', { name: '继承-测试', owner: 'lisi', ownerSuccessors: ['not a userid!'], members: { users: ['lisi', 'zhangsan'] } });
  expect(errors(bad).join('\n')).toMatch(/ownerSuccessors/);
});
