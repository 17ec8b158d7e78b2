// Every typed method sends the documented method, path and body, and unwraps the answer.
import { ENDPOINTS } from '../../src/wecom/endpoints';
import { makeClient, ok, err, scriptedServer, Scripted, tokenAction, Seen, Action } from './helpers/scripted-server';

const ANSWERS: Record<string, (req: Seen) => Action> = {
  'appchat/create': (r) => ok({ chatid: r.body.chatid }),
  'appchat/get': () => ok({ chat_info: { chatid: 'c1', name: 'n', owner: 'a', userlist: ['a', 'b'], chat_type: 0 } }),
  'webhook/upload_media': () => ok({ type: 'file', media_id: 'M1', created_at: '1700000000' }),
  'externalcontact/add_intercept_rule': () => ok({ rule_id: 'R1' }),
  'externalcontact/get_intercept_rule_list': () => ok({ rule_list: [{ rule_id: 'R1', rule_name: 'r', create_time: 1 }] }),
  'externalcontact/get_intercept_rule': () => ok({ rule: { rule_id: 'R1', rule_name: 'r', word_list: ['w'], extra_rule: { semantics_list: [] }, intercept_type: 1, applicable_range: { user_list: ['a'], department_list: [] } } }),
  'externalcontact/groupchat/list': (r) => ok(r.body.cursor === 'p2'
    ? { group_chat_list: [{ chat_id: 'g3', status: 0 }], next_cursor: '' }
    : { group_chat_list: [{ chat_id: 'g1', status: 0 }, { chat_id: 'g2', status: 0 }], next_cursor: 'p2' }),
  'externalcontact/groupchat/get': () => ok({ group_chat: { chat_id: 'g1', name: 'G', owner: 'a', create_time: 1, notice: '', member_list: [], admin_list: [] } }),
  'externalcontact/groupchat/transfer': () => ok({ failed_chat_list: [{ chat_id: 'g2', errcode: 90500, errmsg: 'owner not resigned' }] }),
  'externalcontact/groupchat/onjob_transfer': () => ok({ failed_chat_list: [] }),
  'externalcontact/groupchat/add_join_way': () => ok({ config_id: 'J1' }),
  'externalcontact/groupchat/get_join_way': () => ok({ join_way: { config_id: 'J1', scene: 2, chat_id_list: ['g1'], qr_code: 'https://qr' } }),
  'externalcontact/group_welcome_template/add': () => ok({ template_id: 'T1' }),
  'externalcontact/group_welcome_template/get': () => ok({ text: { content: 'hi %NICKNAME%' } }),
  'department/list': () => ok({ department: [{ id: 1, name: 'root', parentid: 0, order: 1 }] }),
  'department/simplelist': (r) => ok({ department_id: r.query.id === '2' ? [{ id: 2, parentid: 1, order: 1 }, { id: 3, parentid: 2, order: 1 }] : [{ id: 1, parentid: 0, order: 1 }] }),
  'department/get': () => ok({ department: { id: 2, name: 'eng', parentid: 1, order: 1 } }),
  'user/get': () => ok({ userid: 'alice', name: 'Alice', department: [1], status: 1 }),
  'user/simplelist': (r) => ok({ userlist: r.query.department_id === '3' ? [{ userid: 'Bob', name: 'B', department: [3] }] : [{ userid: 'alice', name: 'A', department: [2] }, { userid: 'bob', name: 'B', department: [2] }] }),
  'user/list_id': (r) => ok(r.body.cursor ? { next_cursor: '', dept_user: [{ userid: 'b', department: 2 }] } : { next_cursor: 'n2', dept_user: [{ userid: 'a', department: 1 }] }),
  'tag/create': (r) => ok({ tagid: r.body.tagid ?? 7 }),
  'tag/get': () => ok({ tagname: 't', userlist: [{ userid: 'a', name: 'A' }], partylist: [2] }),
  'tag/addtagusers': () => ok({ invalidlist: 'x1|x2', invalidparty: [9] }),
  'tag/deltagusers': () => ok(),
  'tag/list': () => ok({ taglist: [{ tagid: 7, tagname: 't' }] }),
};

describe('typed endpoints', () => {
  let server: Scripted;
  beforeAll(async () => {
    server = await scriptedServer((req, n) => req.path === 'gettoken' ? tokenAction(n) : (ANSWERS[req.path] ?? (() => ok()))(req));
  });
  afterAll(async () => { await server.close(); });
  const last = (path: string) => server.seen.filter((s) => s.path === path).at(-1)!;

  test('every endpoint in ENDPOINTS is reachable through a typed method with its method and path', async () => {
    const { client } = makeClient(server);
    const KEY = 'robot-key-123456';
    await client.appChats.create({ chatid: 'c1', name: 'n', owner: 'a', userlist: ['a', 'b'] });
    await client.appChats.update({ chatid: 'c1', add_user_list: ['c'] });
    expect(await client.appChats.get('c1')).toMatchObject({ chatid: 'c1', userlist: ['a', 'b'] });
    await client.appChats.send({ chatid: 'c1', msgtype: 'text', text: { content: 'hi' } });
    await client.robots.send(KEY, { msgtype: 'text', text: { content: 'hi', mentioned_list: ['@all'] } });
    expect(await client.robots.uploadMedia(KEY, 'file', 'a.txt', Buffer.from('hello world'))).toEqual({ media_id: 'M1', created_at: '1700000000' });
    expect(await client.interceptRules.add({ rule_name: 'r', word_list: ['w'], intercept_type: 1, applicable_range: { user_list: ['a'] } })).toBe('R1');
    expect(await client.interceptRules.list()).toHaveLength(1);
    expect((await client.interceptRules.get('R1')).word_list).toEqual(['w']);
    await client.interceptRules.update({ rule_id: 'R1', add_applicable_range: { department_list: [2] } });
    await client.interceptRules.delete('R1');
    const chats: string[] = [];
    for await (const g of client.customerGroups.listAll({ status_filter: 0 }, 2)) chats.push(g.chat_id);
    expect(chats).toEqual(['g1', 'g2', 'g3']);
    expect((await client.customerGroups.get('g1', true)).name).toBe('G');
    expect(await client.customerGroups.transfer({ chat_id_list: ['g1', 'g2'], new_owner: 'b' })).toEqual([{ chat_id: 'g2', errcode: 90500, errmsg: 'owner not resigned' }]);
    expect(await client.customerGroups.onjobTransfer({ chat_id_list: ['g1'], new_owner: 'b' })).toEqual([]);
    expect(await client.joinWays.add({ scene: 2, chat_id_list: ['g1'], state: 's' })).toBe('J1');
    expect((await client.joinWays.get('J1')).qr_code).toBe('https://qr');
    await client.joinWays.update('J1', { scene: 2, chat_id_list: ['g1', 'g2'] });
    await client.joinWays.delete('J1');
    expect(await client.welcomeTemplates.add({ text: { content: 'hi %NICKNAME%' } })).toBe('T1');
    await client.welcomeTemplates.edit({ template_id: 'T1', text: { content: 'hello' } });
    expect(await client.welcomeTemplates.get('T1')).toEqual({ text: { content: 'hi %NICKNAME%' } });
    await client.welcomeTemplates.delete('T1');
    expect(await client.departments.list(1)).toHaveLength(1);
    expect(await client.departments.simpleList()).toEqual([{ id: 1, parentid: 0, order: 1 }]);
    expect((await client.departments.get(2)).name).toBe('eng');
    expect(await client.users.get('alice')).toEqual({ userid: 'alice', name: 'Alice', department: [1], status: 1 });
    expect(await client.users.simpleList(2)).toHaveLength(2);
    const ids: string[] = [];
    for await (const u of client.users.listAllIds(1)) ids.push(u.userid);
    expect(ids).toEqual(['a', 'b']);
    expect(await client.tags.create('t')).toEqual({ tagid: 7, adopted: false });
    await client.tags.update(7, 't2');
    expect(await client.tags.get(7)).toEqual({ tagname: 't', userlist: [{ userid: 'a', name: 'A' }], partylist: [2] });
    expect(await client.tags.addUsers({ tagid: 7, userlist: ['a', 'x1', 'x2'], partylist: [9] })).toEqual({ invalidUsers: ['x1', 'x2'], invalidParties: [9] });
    expect(await client.tags.delUsers({ tagid: 7, userlist: ['a'] })).toEqual({ invalidUsers: [], invalidParties: [] });
    await client.tags.delete(7);
    expect(await client.tags.list()).toEqual([{ tagid: 7, tagname: 't' }]);

    for (const spec of Object.values(ENDPOINTS)) {
      const s = last(spec.path);
      expect([spec.path, s?.method]).toEqual([spec.path, spec.method]);
      if (spec.token) expect(s.query.access_token).toBeDefined();
      else expect(s.query.access_token).toBeUndefined();
    }
    expect(last('webhook/send').query).toEqual({ key: KEY });
    expect(last('webhook/upload_media').query).toEqual({ key: KEY, type: 'file' });
    expect(last('webhook/upload_media').headers['content-type']).toMatch(/^multipart\/form-data/);
    expect(last('webhook/upload_media').raw).toContain('name="media"; filename="a.txt"');
    expect(last('externalcontact/groupchat/update_join_way').body).toEqual({ scene: 2, chat_id_list: ['g1', 'g2'], config_id: 'J1' });
    expect(last('tag/delete').query.tagid).toBe('7');
    expect(last('appchat/get').query.chatid).toBe('c1');
    expect(client.stats().calls['gettoken']).toBe(1);
    await client.close();
  });

  test('users.inDepartmentTree walks the subtree, one simplelist per department, users once', async () => {
    const { client } = makeClient(server);
    const users = await client.users.inDepartmentTree(2);
    expect(users.map((u) => u.userid).sort()).toEqual(['Bob', 'alice']);
    await client.close();
  });

  test('tags.create with a tagid adopts its own tag after a lost answer', async () => {
    let created = false;
    const s = await scriptedServer((req, n) => {
      if (req.path === 'gettoken') return tokenAction(n);
      if (req.path === 'tag/create') { if (created) return err(40071, 'tagname exists'); created = true; return { reset: true }; }
      if (req.path === 'tag/get') return ok({ tagname: 'ops', userlist: [], partylist: [] });
      return ok();
    });
    const { client } = makeClient(s);
    await expect(client.tags.create('ops', 42)).resolves.toEqual({ tagid: 42, adopted: true });
    await client.close();
    await s.close();
  });

  test('a delete whose answer was lost and whose repeat says "not found" succeeded', async () => {
    const s = await scriptedServer((req, n) => req.path === 'gettoken' ? tokenAction(n) : n === 1 ? { reset: true } : err(41071, 'rule has been deleted'));
    const { client } = makeClient(s);
    await expect(client.interceptRules.delete('R1')).resolves.toBeUndefined();
    await client.close();
    await s.close();
  });
});
