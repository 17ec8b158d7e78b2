import { ENDPOINTS } from '../../src/wecom';
import { Api, harness, ORG } from './helpers';
import type { Harness, Json } from './helpers';

const POST_ENDPOINTS = Object.values(ENDPOINTS).filter((e) => e.method === 'POST');
const GET_ENDPOINTS = Object.values(ENDPOINTS).filter((e) => e.method === 'GET');

/** Bodies that are not valid JSON or have the wrong shape or types. */
const GARBAGE: Array<[string, string]> = [
  ['empty body', ''],
  ['not JSON', '{bad json'],
  ['truncated JSON', '{"a": [1, 2'],
  ['JSON null', 'null'],
  ['JSON array', '[1,2,3]'],
  ['JSON string', '"hello"'],
  ['JSON number', '42'],
  ['binary', '\u0000\u0001\u00ff\ufffd'],
  ['wrong types everywhere', JSON.stringify({
    chatid: 1, userlist: 'zhangsan', name: [], owner: {}, msgtype: 5, text: 'x', rule_id: 3, rule_name: 7, word_list: 'a',
    semantics_list: ['1'], intercept_type: '1', applicable_range: [], chat_id_list: 'x', new_owner: 1, limit: '10', cursor: 5,
    status_filter: '0', owner_filter: [], chat_id: 9, need_name: true, scene: '1', config_id: 4, template_id: 5, tagid: '1',
    tagname: 3, partylist: ['x'], add_user_list: 'a', del_user_list: [1], extra_rule: 'x', link: 'x',
  })],
  ['nulls everywhere', JSON.stringify({ chatid: null, userlist: [null], rule_id: null, limit: null, tagid: null, chat_id_list: null, template_id: null })],
  ['deep nesting', '['.repeat(5000) + ']'.repeat(5000)],
];

describe('envelope', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });
  afterAll(() => h.running.close());

  it('answers HTTP 404 for paths outside the known API (no list or delete for app chats)', async () => {
    for (const path of ['appchat/list', 'appchat/delete', 'nope', 'cgi-bin/x']) {
      const res = await fetch(`${h.running.url}${path}?access_token=x`);
      expect(res.status).toBe(404);
      expect(((await res.json()) as Json).errcode).toBe(404);
    }
    expect((await fetch(`${h.running.origin}/elsewhere`)).status).toBe(404);
  });

  it.each(POST_ENDPOINTS.filter((e) => e.token).map((e) => [e.path]))('GET on POST endpoint %s answers 40058', async (path) => {
    const r = await h.api.get(path, {});
    expect(r.errcode).toBe(40058);
  });

  it.each(GET_ENDPOINTS.filter((e) => e.token).map((e) => [e.path]))('POST on GET endpoint %s answers 40058', async (path) => {
    const r = await h.api.post(path, {});
    expect(r.errcode).toBe(40058);
  });

  describe.each(POST_ENDPOINTS.map((e) => [e.path, e]))('garbage bodies on %s', (path, e) => {
    it.each(GARBAGE)('%s: HTTP 200 and an errcode envelope', async (_name, body) => {
      const query: Record<string, string> = e.token ? { access_token: await h.api.token() } : { key: ORG.robots.ops.key, type: 'file' };
      const res = await fetch(h.api.url(path, query), { method: 'POST', body });
      expect(res.status).toBe(200);
      const json = (await res.json()) as Json;
      expect(typeof json.errcode).toBe('number');
      expect(json.errcode).not.toBe(0);
      expect(json.errcode).not.toBe(-1); // -1 would mean a route crashed
      expect(json.errmsg).toMatch(/, hint: \[.+\], from ip: .+, more info at https:\/\/open\.work\.weixin\.qq\.com\/devtool\/query\?e=/);
    });
  });

  it.each(GET_ENDPOINTS.filter((e) => e.token).map((e) => [e.path]))('garbage query on %s never crashes', async (path) => {
    const queries: Array<Record<string, string>> = [{ id: 'x' }, { id: '1e99' }, { userid: '' }, { chatid: '%%%' }, { tagid: '-5' }, { department_id: 'abc' }];
    for (const q of queries) {
      const r = await h.api.get(path, q);
      expect(typeof r.errcode).toBe('number');
      expect(r.errcode).not.toBe(-1);
    }
  });

  it('answers 40206 for bodies over the JSON limit, after reading them', async () => {
    const big = JSON.stringify({ userlist: ['zhangsan', 'lisi'], name: 'x'.repeat(3 * 1024 * 1024) });
    const r = await h.api.post('appchat/create', big);
    expect(r.errcode).toBe(40206);
  });

  it('success errmsg is ok; directory writes say created/updated/deleted', async () => {
    expect((await h.api.get('department/get', { id: 1 })).errmsg).toBe('ok');
    const created = await h.api.post('tag/create', { tagname: 'envelope-tag' });
    expect(created).toMatchObject({ errcode: 0, errmsg: 'created' });
    expect((await h.api.post('tag/update', { tagid: created.tagid, tagname: 'envelope-tag2' })).errmsg).toBe('updated');
    expect((await h.api.get('tag/delete', { tagid: created.tagid })).errmsg).toBe('deleted');
  });
});

describe('tokens', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness({ tokenTtlSeconds: 60 });
  });
  afterEach(() => h.running.close());

  const corpid = ORG.corpId;
  const secret = ORG.agents.main.secret;

  it('gettoken answers a token and expires_in; the same token while valid', async () => {
    const a = await h.api.getRaw('gettoken', { corpid, corpsecret: secret });
    expect(a).toMatchObject({ errcode: 0, errmsg: 'ok', expires_in: 60 });
    expect(a.access_token.length).toBeGreaterThan(32);
    h.clock.advance(10_000);
    const b = await h.api.getRaw('gettoken', { corpid, corpsecret: secret });
    expect(b.access_token).toBe(a.access_token);
    expect(b.expires_in).toBe(50);
    const other = await h.api.getRaw('gettoken', { corpid, corpsecret: ORG.agents.other.secret });
    expect(other.access_token).not.toBe(a.access_token);
  });

  it('gettoken errors: 40013 bad corpid, 40001 bad secret, 41002/41004 missing', async () => {
    expect((await h.api.getRaw('gettoken', { corpid: 'wwnope', corpsecret: secret })).errcode).toBe(40013);
    expect((await h.api.getRaw('gettoken', { corpid, corpsecret: 'nope' })).errcode).toBe(40001);
    expect((await h.api.getRaw('gettoken', { corpsecret: secret })).errcode).toBe(41002);
    expect((await h.api.getRaw('gettoken', { corpid })).errcode).toBe(41004);
  });

  it('41001 without a token, 40014 for an unknown one', async () => {
    expect((await h.api.getRaw('department/get', { id: 1 })).errcode).toBe(41001);
    expect((await h.api.getRaw('department/get', { id: 1, access_token: 'forged' })).errcode).toBe(40014);
    expect((await h.api.postRaw('appchat/create', {}, {})).errcode).toBe(41001);
  });

  it('a token expires mid-run (42001) and a new one is issued', async () => {
    const token = await h.api.token();
    expect((await h.api.getRaw('department/get', { id: 1, access_token: token })).errcode).toBe(0);
    h.clock.advance(61_000);
    expect((await h.api.getRaw('department/get', { id: 1, access_token: token })).errcode).toBe(42001);
    const fresh = await h.api.getRaw('gettoken', { corpid, corpsecret: secret });
    expect(fresh.access_token).not.toBe(token);
    expect((await h.api.getRaw('department/get', { id: 1, access_token: fresh.access_token })).errcode).toBe(0);
  });

  it('expiredTokenErrcode 40014 answers 40014 for expired tokens', async () => {
    const h2 = await harness({ tokenTtlSeconds: 5, expiredTokenErrcode: 40014 });
    try {
      const token = await h2.api.token();
      h2.clock.advance(5_000);
      expect((await h2.api.getRaw('department/get', { id: 1, access_token: token })).errcode).toBe(40014);
    } finally {
      await h2.running.close();
    }
  });

  it('revocation in-process and over /_sim/revoke-tokens answers 40014', async () => {
    const token = await h.api.token();
    expect(h.running.sim.revokeTokens()).toBe(1);
    expect((await h.api.getRaw('department/get', { id: 1, access_token: token })).errcode).toBe(40014);
    const api = new Api(h.running);
    const t2 = await api.token('main');
    const t3 = await api.token('other');
    expect((await api.inspect('revoke-tokens', { agentid: ORG.agents.main.agentid })).body).toEqual({ revoked: 1 });
    expect((await api.getRaw('department/get', { id: 1, access_token: t2 })).errcode).toBe(40014);
    expect((await api.getRaw('department/get', { id: 1, access_token: t3 })).errcode).toBe(0);
  });

  it('gettoken is rate limited per secret per minute', async () => {
    const h2 = await harness({ limits: { tokenPerMinute: 3 } });
    try {
      for (let i = 0; i < 3; i++) expect((await h2.api.getRaw('gettoken', { corpid, corpsecret: secret })).errcode).toBe(0);
      expect((await h2.api.getRaw('gettoken', { corpid, corpsecret: secret })).errcode).toBe(45009);
      expect((await h2.api.getRaw('gettoken', { corpid, corpsecret: ORG.agents.other.secret })).errcode).toBe(0);
      h2.clock.advance(61_000);
      expect((await h2.api.getRaw('gettoken', { corpid, corpsecret: secret })).errcode).toBe(0);
    } finally {
      await h2.running.close();
    }
  });
});

describe('permissions', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });
  afterAll(() => h.running.close());

  it('48002 for app chats and customer contact without permission, and user/list_id without contacts sync', async () => {
    expect((await h.api.post('appchat/create', { userlist: ['zhangsan', 'lisi'] }, 'restricted')).errcode).toBe(48002);
    expect((await h.api.get('externalcontact/get_intercept_rule_list', {}, 'restricted')).errcode).toBe(48002);
    expect((await h.api.post('externalcontact/groupchat/list', { limit: 10 }, 'contactSync')).errcode).toBe(48002);
    expect((await h.api.post('user/list_id', { limit: 10 }, 'main')).errcode).toBe(48002);
    expect((await h.api.post('user/list_id', { limit: 10 }, 'contactSync')).errcode).toBe(0);
  });
});

describe('per-API rate limits', () => {
  it('45009 past the per-minute limit, blocked 60 s, then open again', async () => {
    const h = await harness({ limits: { perApiPerMinute: 3, perApiPerHour: 5 } });
    try {
      for (let i = 0; i < 3; i++) expect((await h.api.get('department/get', { id: 1 })).errcode).toBe(0);
      const over = await h.api.get('department/get', { id: 1 });
      expect(over.errcode).toBe(45009);
      expect(over.errmsg).toMatch(/^api freq out of limit/);
      expect((await h.api.get('department/list', {})).errcode).toBe(0); // per API
      h.clock.advance(61_000);
      expect((await h.api.get('department/get', { id: 1 })).errcode).toBe(0);
      expect((await h.api.get('department/get', { id: 1 })).errcode).toBe(0);
      expect((await h.api.get('department/get', { id: 1 })).errcode).toBe(45009); // hour limit 5
      h.clock.advance(3_600_000);
      expect((await h.api.get('department/get', { id: 1 })).errcode).toBe(0);
    } finally {
      await h.running.close();
    }
  });
});
