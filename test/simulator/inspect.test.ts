import { DEFAULT_ORG } from '../../src/simulator';
import { harness, ORG } from './helpers';
import type { Harness } from './helpers';

const SECRETS = [...Object.values(DEFAULT_ORG.agents).map((a) => a.secret), ...Object.values(DEFAULT_ORG.robots).map((r) => r.key)];
const GET_ROUTES = ['', 'corp', 'chats', 'rules', 'join-ways', 'welcome-templates', 'tags', 'customer-groups', 'robots', 'users', 'departments', 'messages', 'calls', 'faults', 'clock'];

describe('inspection interface /_sim/', () => {
  let h: Harness;
  let logLines: string[];
  beforeEach(async () => {
    logLines = [];
    h = await harness({ log: (line) => logLines.push(line) });
  });
  afterEach(() => h.running.close());

  async function exercise(): Promise<string[]> {
    const tokens = [await h.api.token('main'), await h.api.token('other')];
    await h.api.post('appchat/create', { chatid: 'inspected', owner: 'lisi', userlist: ['lisi', 'wangwu'] });
    await h.api.post('appchat/send', { chatid: 'inspected', msgtype: 'text', text: { content: 'hello' } });
    await h.api.robot(ORG.robots.ops.key, { msgtype: 'text', text: { content: 'robot says' } });
    await h.api.robot('wrong-key', { msgtype: 'text', text: { content: 'x' } });
    await h.api.post('externalcontact/add_intercept_rule', { rule_name: 'r', word_list: ['w'], intercept_type: 1, applicable_range: { user_list: ['lisi'] } });
    await h.api.post('externalcontact/groupchat/add_join_way', { scene: 2, chat_id_list: [ORG.customerGroups[0]] });
    await h.api.post('externalcontact/group_welcome_template/add', { text: { content: 'hi' } });
    await h.api.getRaw('gettoken', { corpid: ORG.corpId, corpsecret: 'wrong-secret' });
    return tokens;
  }

  it('serves every view, with no secret, token or robot key anywhere (nor in the log)', async () => {
    const tokens = await exercise();
    const texts: string[] = [];
    for (const route of GET_ROUTES) {
      const r = await h.api.inspect(route);
      expect(r.status).toBe(200);
      texts.push(JSON.stringify(r.body));
    }
    const all = texts.join('\n') + logLines.join('\n');
    for (const s of [...SECRETS, ...tokens, 'wrong-key', 'wrong-secret']) expect(all).not.toContain(s);
    expect(logLines.length).toBeGreaterThan(5);
  });

  it('shows chats, messages per chat and per robot, calls with counts', async () => {
    await exercise();
    const chat = (await h.api.inspect('chats?chatid=inspected')).body;
    expect(chat).toMatchObject({ chatid: 'inspected', owner: 'lisi', createdBy: ORG.agents.main.agentid });
    expect((await h.api.inspect('chats?chatid=nope')).status).toBe(404);
    const byChat = (await h.api.inspect('messages?chatid=inspected')).body;
    expect(byChat).toHaveLength(1);
    const robots = (await h.api.inspect('robots')).body;
    const ops = robots.find((r: { name: string }) => r.name === ORG.robots.ops.name);
    expect(ops).toEqual({ name: ORG.robots.ops.name, chatid: ORG.robots.ops.chatid, fingerprint: expect.stringMatching(/^[0-9a-f]{8}$/), state: 'active' });
    const byRobot = (await h.api.inspect(`messages?robot=${ops.fingerprint}`)).body;
    expect(byRobot).toEqual([expect.objectContaining({ chatid: ORG.robots.ops.chatid, msgtype: 'text', content: { text: { content: 'robot says' } } })]);
    const calls = (await h.api.inspect('calls')).body;
    expect(calls.counts['appchat/create']).toEqual({ calls: 1, ok: 1, errors: {} });
    expect(calls.counts['webhook/send']).toEqual({ calls: 2, ok: 1, errors: { 93000: 1 } });
    expect(calls.log[0]).toMatchObject({ method: 'GET', path: 'gettoken', errcode: 0 });
    expect((await h.api.inspect('join-ways')).body[0]).toMatchObject({ scene: 2, createdBy: ORG.agents.main.agentid });
    expect((await h.api.inspect('reset-counters', {})).status).toBe(200);
    expect((await h.api.inspect('calls')).body).toEqual({ counts: {}, log: [] });
  });

  it('keeps the call log bounded', async () => {
    const token = await h.api.token();
    await Promise.all(Array.from({ length: 1100 }, () => fetch(h.api.url('department/get', { id: 1, access_token: token })).then((r) => r.json())));
    const calls = (await h.api.inspect('calls')).body;
    expect(calls.log).toHaveLength(1000);
    expect(calls.counts['department/get'].calls).toBe(1100);
  });

  it('answers 404 for unknown views, 405 for the wrong method, 400 for bad bodies', async () => {
    expect((await h.api.inspect('nope')).status).toBe(404);
    expect((await h.api.inspect('corp', {})).status).toBe(405);
    const res = await fetch(`${h.running.inspectUrl}oob/user`, { method: 'POST', body: '{bad' });
    expect(res.status).toBe(400);
    expect((await h.api.inspect('oob/user', { userid: 'ghost', status: 5 })).status).toBe(404);
    expect((await h.api.inspect('oob/user', { userid: 'lisi', status: 3 })).status).toBe(400);
  });

  it('advance-clock moves simulator time (tokens expire)', async () => {
    const token = await h.api.token();
    expect((await h.api.inspect('advance-clock', { seconds: 7200 })).status).toBe(200);
    expect((await h.api.getRaw('department/get', { id: 1, access_token: token })).errcode).toBe(42001);
  });
});

describe('out-of-band changes', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(() => h.running.close());

  it('oob/appchat changes any chat without quota; the API sees it', async () => {
    const r = await h.api.inspect('oob/appchat', { chatid: ORG.appChats.opsRoom, name: '改名', owner: 'sunqi', add_user_list: ['sunqi'], del_user_list: ['zhaoliu'] });
    expect(r.status).toBe(200);
    const info = (await h.api.get('appchat/get', { chatid: ORG.appChats.opsRoom })).chat_info;
    expect(info).toMatchObject({ name: '改名', owner: 'sunqi', userlist: ['zhangsan', 'lisi', 'wangwu', 'sunqi'] });
    expect((await h.api.inspect('oob/appchat', { chatid: ORG.appChats.opsRoom, owner: 'ghost' })).status).toBe(400);
    expect((await h.api.inspect('oob/appchat', { chatid: 'nope' })).status).toBe(404);
  });

  it('oob/intercept-rule edits and deletes (then 41071)', async () => {
    const { rule_id: ruleId } = await h.api.post('externalcontact/add_intercept_rule', { rule_name: 'r', word_list: ['w'], intercept_type: 1, applicable_range: { user_list: ['lisi'] } });
    await h.api.inspect('oob/intercept-rule', { rule_id: ruleId, action: 'edit', word_list: ['changed'] });
    expect((await h.api.post('externalcontact/get_intercept_rule', { rule_id: ruleId })).rule.word_list).toEqual(['changed']);
    await h.api.inspect('oob/intercept-rule', { rule_id: ruleId, action: 'delete' });
    expect((await h.api.post('externalcontact/get_intercept_rule', { rule_id: ruleId })).errcode).toBe(41071);
  });

  it('oob/robot disables, enables, removes and adds robots', async () => {
    const text = { msgtype: 'text', text: { content: 'x' } };
    await h.api.inspect('oob/robot', { robot: ORG.robots.release.name, action: 'disable' });
    expect((await h.api.robot(ORG.robots.release.key, text)).errcode).toBe(93004);
    await h.api.inspect('oob/robot', { robot: ORG.robots.release.name, action: 'enable' });
    expect((await h.api.robot(ORG.robots.release.key, text)).errcode).toBe(0);
    await h.api.inspect('oob/robot', { robot: ORG.robots.release.name, action: 'remove' });
    expect((await h.api.robot(ORG.robots.release.key, text)).errcode).toBe(93000);
    expect((await h.api.inspect('oob/robot', { robot: '新机器人', action: 'add', key: 'new-robot-key', chatid: 'inspected' })).status).toBe(200);
    expect((await h.api.robot('new-robot-key', text)).errcode).toBe(0);
  });

  it('oob/user: leaving the company affects chats and customer groups', async () => {
    await h.api.inspect('oob/user', { userid: 'ZHOUBA', status: 5 });
    expect((await h.api.get('user/get', { userid: 'zhouba' })).status).toBe(5);
    expect((await h.api.post('appchat/create', { userlist: ['zhouba', 'lisi'] })).errcode).toBe(86216);
    const resigned = await h.api.post('externalcontact/groupchat/list', { limit: 100, status_filter: 1 });
    expect(resigned.group_chat_list.map((g: { chat_id: string }) => g.chat_id)).toContain(ORG.customerGroups[0]);
    expect((await h.api.inspect('oob/user', { userid: 'newbie', action: 'add', name: '新人', department: [30] })).status).toBe(200);
    expect((await h.api.get('user/get', { userid: 'newbie' })).name).toBe('新人');
  });

  it('oob/join-way, oob/tag and oob/customer-group', async () => {
    const { config_id: configId } = await h.api.post('externalcontact/groupchat/add_join_way', { scene: 1, chat_id_list: [ORG.customerGroups[0]] });
    await h.api.inspect('oob/join-way', { config_id: configId, action: 'edit', remark: 'by hand' });
    expect((await h.api.post('externalcontact/groupchat/get_join_way', { config_id: configId })).join_way.remark).toBe('by hand');
    await h.api.inspect('oob/join-way', { config_id: configId, action: 'delete' });
    expect((await h.api.post('externalcontact/groupchat/get_join_way', { config_id: configId })).errcode).toBe(40058);
    await h.api.inspect('oob/tag', { tagid: ORG.tags.duty, action: 'rename', tagname: '值班表' });
    expect((await h.api.get('tag/get', { tagid: ORG.tags.duty })).tagname).toBe('值班表');
    await h.api.inspect('oob/tag', { tagid: ORG.tags.duty, action: 'delete' });
    expect((await h.api.get('tag/get', { tagid: ORG.tags.duty })).errcode).toBe(40068);
    await h.api.inspect('oob/customer-group', { chat_id: ORG.customerGroups[1], name: '新群名', add_members: ['wmNewExternal'], remove_members: ['zhangsan'] });
    const g = (await h.api.post('externalcontact/groupchat/get', { chat_id: ORG.customerGroups[1] })).group_chat;
    expect(g.name).toBe('新群名');
    expect(g.member_list.map((m: { userid: string }) => m.userid)).toContain('wmNewExternal');
  });
});
