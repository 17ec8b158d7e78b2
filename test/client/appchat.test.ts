import { WecomApiError } from '../../src/client';
import { remainingDelta } from '../../src/client/endpoints/appchat';
import { err, makeClient, ok, scriptedServer, Scripted, tokenAction, Action, Seen } from './helpers/scripted-server';

/** A one-chat WeCom: create applies, then (optionally) drops the answer. */
function chatServer(opts: { dropFirstCreate?: boolean; dropFirstUpdate?: boolean; owner?: string; ownedByOther?: boolean } = {}) {
  let chat: { chatid: string; name: string; owner: string; userlist: string[]; chat_type: 0 } | undefined;
  const handler = (req: Seen, n: number): Action => {
    const b = req.body;
    switch (req.path) {
      case 'gettoken': return tokenAction(n);
      case 'appchat/create':
        if (chat) return err(86215, 'chatid already exists');
        chat = { chatid: b.chatid, name: b.name, owner: opts.owner ?? b.owner, userlist: b.userlist, chat_type: 0 };
        return opts.dropFirstCreate && n === 1 ? { reset: true } : ok({ chatid: b.chatid });
      case 'appchat/get':
        if (opts.ownedByOther) return err(86008);
        return chat ? ok({ chat_info: chat }) : err(86003);
      case 'appchat/update': {
        if (!chat) return err(86003);
        const del: string[] = b.del_user_list ?? [];
        const add: string[] = b.add_user_list ?? [];
        if (del.some((u) => !chat!.userlist.includes(u)) || add.some((u) => chat!.userlist.includes(u))) return err(86216);
        chat.userlist = [...chat.userlist.filter((u) => !del.includes(u)), ...add];
        if (b.name) chat.name = b.name;
        if (b.owner) chat.owner = b.owner;
        return opts.dropFirstUpdate && n === 1 ? { reset: true } : ok();
      }
      default: return err(40058);
    }
  };
  return { handler, get chat() { return chat; }, set chat(c) { chat = c; } };
}

const CREATE = { chatid: 'proj1', name: 'Project 1', owner: 'alice', userlist: ['alice', 'bob', 'carol'] };

describe('appChats.create', () => {
  let server: Scripted;
  afterEach(async () => { await server?.close(); });

  test('lost answer + 86215 on the retry + matching chat: adopted', async () => {
    const sim = chatServer({ dropFirstCreate: true });
    server = await scriptedServer(sim.handler);
    const { client, events } = makeClient(server);
    await expect(client.appChats.create(CREATE)).resolves.toEqual({ chatid: 'proj1', adopted: true });
    expect(server.count('appchat/create')).toBe(2);
    expect(server.count('appchat/get')).toBe(1);
    expect(client.stats().adoptions).toBe(1);
    expect(events.some((e) => e.type === 'retry')).toBe(true);
    await client.close();
  });

  test('members compare case-insensitively and in any order', async () => {
    const sim = chatServer({ dropFirstCreate: true });
    server = await scriptedServer(sim.handler);
    const { client } = makeClient(server);
    await expect(client.appChats.create({ ...CREATE, userlist: ['Carol', 'alice', 'BOB'] })).resolves.toMatchObject({ adopted: true });
    await client.close();
  });

  test('86215 on a retry but the chat differs: WECOM_CHAT_CONFLICT naming the difference', async () => {
    const sim = chatServer({ dropFirstCreate: true, owner: 'bob' }); // "someone" made bob owner
    server = await scriptedServer(sim.handler);
    const { client } = makeClient(server);
    const e = await client.appChats.create(CREATE).catch((x) => x);
    expect(e.code).toBe('WECOM_CHAT_CONFLICT');
    expect(e.message).toMatch(/owner is 'bob', requested 'alice'/);
    expect(e.cause).toBeInstanceOf(WecomApiError);
    await client.close();
  });

  test('86215 on a retry and the chat belongs to another app (86008): WECOM_CHAT_CONFLICT', async () => {
    const sim = chatServer({ dropFirstCreate: true, ownedByOther: true });
    server = await scriptedServer(sim.handler);
    const { client } = makeClient(server);
    await expect(client.appChats.create(CREATE)).rejects.toMatchObject({ code: 'WECOM_CHAT_CONFLICT', message: expect.stringMatching(/another app \(86008\)/) });
    await client.close();
  });

  test('86215 on the first attempt is a plain WecomApiError (no adoption)', async () => {
    const sim = chatServer();
    sim.chat = { chatid: 'proj1', name: 'Project 1', owner: 'alice', userlist: ['alice', 'bob', 'carol'], chat_type: 0 };
    server = await scriptedServer(sim.handler);
    const { client } = makeClient(server);
    await expect(client.appChats.create(CREATE)).rejects.toMatchObject({ code: 'WECOM_API_ERROR', errcode: 86215, attempts: 1 });
    expect(server.count('appchat/get')).toBe(0);
    await client.close();
  });

  test('without a chatid a lost answer cannot be checked: WECOM_OUTCOME_UNKNOWN', async () => {
    const sim = chatServer({ dropFirstCreate: true });
    server = await scriptedServer(sim.handler);
    const { client } = makeClient(server);
    const { chatid: _drop, ...noId } = CREATE;
    await expect(client.appChats.create(noId)).rejects.toMatchObject({ code: 'WECOM_OUTCOME_UNKNOWN', endpoint: 'appchat/create' });
    expect(server.count('appchat/create')).toBe(1);
    await client.close();
  });
});

describe('appChats.update after a lost answer', () => {
  let server: Scripted;
  afterEach(async () => { await server?.close(); });

  test('the delta landed: re-read, success, no second update (which would answer 86216)', async () => {
    const sim = chatServer({ dropFirstUpdate: true });
    sim.chat = { chatid: 'proj1', name: 'P', owner: 'alice', userlist: ['alice', 'bob', 'carol'], chat_type: 0 };
    server = await scriptedServer(sim.handler);
    const { client, events } = makeClient(server);
    await client.appChats.update({ chatid: 'proj1', add_user_list: ['dave'], del_user_list: ['carol'] });
    expect(server.count('appchat/update')).toBe(1);
    expect(server.count('appchat/get')).toBe(1);
    expect(sim.chat.userlist).toEqual(['alice', 'bob', 'dave']);
    expect(events).toContainEqual({ type: 'reconcile', endpoint: 'appchat/update', outcome: 'applied' });
    expect(client.stats().reconciles).toBe(1);
    await client.close();
  });

  test('the delta did not land: re-read and send what is missing', async () => {
    const sim = chatServer();
    sim.chat = { chatid: 'proj1', name: 'P', owner: 'alice', userlist: ['alice', 'bob', 'carol'], chat_type: 0 };
    server = await scriptedServer((req, n) => req.path === 'appchat/update' && n === 1 ? { reset: true } : sim.handler(req, n));
    const { client } = makeClient(server);
    await client.appChats.update({ chatid: 'proj1', name: 'P2', del_user_list: ['carol'] });
    expect(server.count('appchat/update')).toBe(2);
    expect(server.seen.filter((s) => s.path === 'appchat/update')[1].body).toEqual({ chatid: 'proj1', name: 'P2', del_user_list: ['carol'] });
    expect(sim.chat).toMatchObject({ name: 'P2', userlist: ['alice', 'bob'] });
    await client.close();
  });
});

describe('remainingDelta(req, info)', () => {
  const info = { chatid: 'c', name: 'N', owner: 'a', userlist: ['a', 'b', 'c'], chat_type: 0 as const };
  test('nothing remains when every part is reflected', () => {
    expect(remainingDelta({ chatid: 'c', name: 'N', add_user_list: ['B'], del_user_list: ['z'] }, info)).toBeUndefined();
  });
  test('keeps only the missing parts', () => {
    expect(remainingDelta({ chatid: 'c', owner: 'b', add_user_list: ['b', 'd'], del_user_list: ['c', 'z'] }, info))
      .toEqual({ chatid: 'c', owner: 'b', add_user_list: ['d'], del_user_list: ['c'] });
  });
});
