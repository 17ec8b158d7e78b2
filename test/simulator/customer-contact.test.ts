import { harness, ORG } from './helpers';
import type { Harness } from './helpers';

const P = 'externalcontact/';
const G = ORG.customerGroups;

describe('customer groups', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(() => h.running.close());

  const list = (body: unknown) => h.api.post(`${P}groupchat/list`, body);

  it('groupchat/list pages with a cursor', async () => {
    const ids: string[] = [];
    let cursor = '';
    for (let i = 0; i < 10; i++) {
      const r = await list({ limit: 3, ...(cursor ? { cursor } : {}) });
      expect(r.errcode).toBe(0);
      ids.push(...r.group_chat_list.map((g: { chat_id: string }) => g.chat_id));
      cursor = r.next_cursor;
      if (!cursor) break;
    }
    expect(ids).toEqual([...G]);
  });

  it('filters by status (owner left: 1) and owner', async () => {
    const left = await list({ limit: 100, status_filter: 1 });
    expect(left.group_chat_list).toEqual([{ chat_id: G[7], status: 1 }, { chat_id: G[8], status: 1 }]);
    const zhouba = await list({ limit: 100, owner_filter: { userid_list: ['ZHOUBA'] } });
    expect(zhouba.group_chat_list.map((g: { chat_id: string }) => g.chat_id)).toEqual([G[0], G[1], G[2]]);
    expect(zhouba.next_cursor).toBe('');
  });

  it.each([
    ['40063 without limit', {}, 40063],
    ['40058 limit 0', { limit: 0 }, 40058],
    ['40058 limit 1001', { limit: 1001 }, 40058],
    ['40058 status_filter 4', { limit: 10, status_filter: 4 }, 40058],
    ['40058 owner_filter over 100', { limit: 10, owner_filter: { userid_list: Array.from({ length: 101 }, () => 'lisi') } }, 40058],
    ['40058 bad cursor', { limit: 10, cursor: '!!!' }, 40058],
  ])('groupchat/list %s', async (_name, body, code) => {
    expect((await list(body)).errcode).toBe(code);
  });

  it('groupchat/get returns members (names with need_name) and errors for unknown chats', async () => {
    const r = await h.api.post(`${P}groupchat/get`, { chat_id: G[0], need_name: 1 });
    expect(r.group_chat).toMatchObject({ chat_id: G[0], name: 'VIP客户1群', owner: 'zhouba', notice: '', admin_list: [] });
    const ext = r.group_chat.member_list.filter((m: { type: number }) => m.type === 2);
    expect(ext.length).toBeGreaterThan(0);
    expect(ext[0]).toMatchObject({ userid: 'wmSimExternal0001', type: 2, name: 'Alice' });
    expect(r.group_chat.member_list[0]).toMatchObject({ userid: 'zhouba', type: 1, name: '周八' });
    const plain = await h.api.post(`${P}groupchat/get`, { chat_id: G[0] });
    expect(plain.group_chat.member_list[0].name).toBeUndefined();
    expect((await h.api.post(`${P}groupchat/get`, { chat_id: 'nope' })).errcode).toBe(40050);
    expect((await h.api.post(`${P}groupchat/get`, { chat_id: ORG.appChats.opsRoom })).errcode).toBe(90501);
    expect((await h.api.post(`${P}groupchat/get`, {})).errcode).toBe(40063);
  });

  it('groupchat/transfer moves resigned owners\' chats, reports per-chat failures', async () => {
    const r = await h.api.post(`${P}groupchat/transfer`, { chat_id_list: [G[7], G[0], 'nope'], new_owner: 'sunqi' });
    expect(r.errcode).toBe(0);
    expect(r.failed_chat_list).toEqual([
      { chat_id: G[0], errcode: 90500, errmsg: 'owner not resigned' },
      { chat_id: 'nope', errcode: 90501, errmsg: 'not a customer group chat' },
    ]);
    const g7 = await h.api.post(`${P}groupchat/get`, { chat_id: G[7] });
    expect(g7.group_chat.owner).toBe('sunqi');
    expect((await list({ limit: 100, status_filter: 3 })).group_chat_list).toEqual([{ chat_id: G[7], status: 3 }]);
    const again = await h.api.post(`${P}groupchat/transfer`, { chat_id_list: [G[7]], new_owner: 'zhouba' });
    expect(again.failed_chat_list[0].errcode).toBe(90508);
  });

  it('groupchat/onjob_transfer: 90504 when unchanged; list bounds and new_owner checks', async () => {
    const r = await h.api.post(`${P}groupchat/onjob_transfer`, { chat_id_list: [G[0], G[3]], new_owner: 'zhouba' });
    expect(r.failed_chat_list).toEqual([{ chat_id: G[0], errcode: 90504, errmsg: 'owner unchanged' }]);
    expect((await h.api.post(`${P}groupchat/get`, { chat_id: G[3] })).group_chat.owner).toBe('zhouba');
    expect((await h.api.post(`${P}groupchat/onjob_transfer`, { chat_id_list: [], new_owner: 'zhouba' })).errcode).toBe(40058);
    expect((await h.api.post(`${P}groupchat/onjob_transfer`, { chat_id_list: Array.from({ length: 101 }, () => G[0]), new_owner: 'zhouba' })).errcode).toBe(40058);
    expect((await h.api.post(`${P}groupchat/onjob_transfer`, { chat_id_list: [G[0]], new_owner: 'ghost' })).errcode).toBe(60111);
    expect((await h.api.post(`${P}groupchat/onjob_transfer`, { chat_id_list: [G[0]] })).errcode).toBe(40063);
  });
});

describe('join ways', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(() => h.running.close());

  const add = (body: unknown, agent: 'main' | 'other' = 'main') => h.api.post(`${P}groupchat/add_join_way`, body, agent);

  it('add, get (qr_code for scene 2), full-overwrite update, del', async () => {
    const r = await add({ scene: 2, remark: '活码', room_base_name: '客户群', room_base_id: 3, chat_id_list: [G[0], G[1]], state: 'ch1' });
    expect(r.errcode).toBe(0);
    const got = await h.api.post(`${P}groupchat/get_join_way`, { config_id: r.config_id });
    expect(got.join_way).toMatchObject({
      config_id: r.config_id, scene: 2, remark: '活码', auto_create_room: 1, room_base_name: '客户群', room_base_id: 3, chat_id_list: [G[0], G[1]], state: 'ch1',
    });
    expect(got.join_way.qr_code).toMatch(/^https:\/\//);
    expect((await h.api.post(`${P}groupchat/update_join_way`, { config_id: r.config_id, scene: 1, chat_id_list: [G[2]] })).errcode).toBe(0);
    const after = (await h.api.post(`${P}groupchat/get_join_way`, { config_id: r.config_id })).join_way;
    expect(after).toMatchObject({ scene: 1, remark: '', auto_create_room: 1, room_base_name: '', room_base_id: 0, chat_id_list: [G[2]], state: '' });
    expect(after.qr_code).toBeUndefined();
    expect((await h.api.post(`${P}groupchat/del_join_way`, { config_id: r.config_id })).errcode).toBe(0);
    expect((await h.api.post(`${P}groupchat/get_join_way`, { config_id: r.config_id })).errcode).toBe(40058);
  });

  it.each([
    ['41091 empty chat_id_list', { scene: 1, chat_id_list: [] }, 41091],
    ['41091 missing chat_id_list', { scene: 1 }, 41091],
    ['41091 six chats', { scene: 1, chat_id_list: [...G.slice(0, 6)] }, 41091],
    ['41091 not a customer group', { scene: 1, chat_id_list: [ORG.appChats.opsRoom] }, 41091],
    ['40063 missing scene', { chat_id_list: [G[0]] }, 40063],
    ['40058 scene 3', { scene: 3, chat_id_list: [G[0]] }, 40058],
    ['40058 remark over 30', { scene: 1, chat_id_list: [G[0]], remark: 'r'.repeat(31) }, 40058],
    ['40058 state over 30', { scene: 1, chat_id_list: [G[0]], state: 's'.repeat(31) }, 40058],
    ['40058 room_base_name over 40', { scene: 1, chat_id_list: [G[0]], room_base_name: 'n'.repeat(41) }, 40058],
    ['40058 auto_create_room 2', { scene: 1, chat_id_list: [G[0]], auto_create_room: 2 }, 40058],
  ])('add: %s', async (_name, body, code) => {
    expect((await add(body)).errcode).toBe(code);
  });

  it('an app sees only its own join ways; update requires scene and chat_id_list', async () => {
    const r = await add({ scene: 1, chat_id_list: [G[0]] });
    expect((await h.api.post(`${P}groupchat/get_join_way`, { config_id: r.config_id }, 'other')).errcode).toBe(40058);
    expect((await h.api.post(`${P}groupchat/del_join_way`, { config_id: r.config_id }, 'other')).errcode).toBe(40058);
    expect((await h.api.post(`${P}groupchat/update_join_way`, { config_id: r.config_id, chat_id_list: [G[0]] })).errcode).toBe(40063);
    expect((await h.api.post(`${P}groupchat/update_join_way`, { config_id: r.config_id, scene: 1 })).errcode).toBe(41091);
  });
});

describe('welcome templates', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(() => h.running.close());

  const add = (body: unknown, agent: 'main' | 'other' = 'main') => h.api.post(`${P}group_welcome_template/add`, body, agent);

  it('add, get, edit (replaces content), del', async () => {
    const r = await add({ text: { content: '欢迎 %NICKNAME%' }, link: { title: '官网', url: 'https://example.com' } });
    expect(r.errcode).toBe(0);
    const got = await h.api.post(`${P}group_welcome_template/get`, { template_id: r.template_id });
    expect(got).toEqual({ errcode: 0, errmsg: 'ok', text: { content: '欢迎 %NICKNAME%' }, link: { title: '官网', url: 'https://example.com' } });
    expect((await h.api.post(`${P}group_welcome_template/edit`, { template_id: r.template_id, text: { content: '新' } })).errcode).toBe(0);
    const after = await h.api.post(`${P}group_welcome_template/get`, { template_id: r.template_id });
    expect(after.text).toEqual({ content: '新' });
    expect(after.link).toBeUndefined();
    expect((await h.api.post(`${P}group_welcome_template/del`, { template_id: r.template_id })).errcode).toBe(0);
    expect((await h.api.post(`${P}group_welcome_template/get`, { template_id: r.template_id })).errcode).toBe(40058);
  });

  it('keeps one attachment: image > link > miniprogram > file > video', async () => {
    const r = await add({ link: { title: 't', url: 'u' }, image: { pic_url: 'https://example.com/a.png' }, file: { media_id: 'm' } });
    const got = await h.api.post(`${P}group_welcome_template/get`, { template_id: r.template_id });
    expect(got.image).toEqual({ pic_url: 'https://example.com/a.png' });
    expect(got.link).toBeUndefined();
    expect(got.file).toBeUndefined();
  });

  it.each([
    ['40063 all content empty', {}, 40063],
    ['40063 empty text only', { text: { content: '' } }, 40063],
    ['40058 text over 3000 bytes', { text: { content: 'a'.repeat(3001) } }, 40058],
    ['40063 link without url', { link: { title: 't' } }, 40063],
    ['40063 image without media_id or pic_url', { image: {} }, 40063],
    ['40058 text not an object', { text: 'hello' }, 40058],
  ])('add: %s', async (_name, body, code) => {
    expect((await add(body)).errcode).toBe(code);
  });

  it('welcomeTextMaxBytes 4000 accepts longer text', async () => {
    const h2 = await harness({ limits: { welcomeTextMaxBytes: 4000 } });
    try {
      expect((await h2.api.post(`${P}group_welcome_template/add`, { text: { content: 'a'.repeat(3500) } })).errcode).toBe(0);
    } finally {
      await h2.running.close();
    }
  });

  it('41058 for editing or deleting another app\'s template; 41055 past 100', async () => {
    const r = await add({ text: { content: 'x' } });
    expect((await h.api.post(`${P}group_welcome_template/edit`, { template_id: r.template_id, text: { content: 'y' } }, 'other')).errcode).toBe(41058);
    expect((await h.api.post(`${P}group_welcome_template/del`, { template_id: r.template_id }, 'other')).errcode).toBe(41058);
    for (let i = 1; i < 100; i++) expect((await add({ text: { content: `t${i}` } })).errcode).toBe(0);
    expect((await add({ text: { content: 'one too many' } })).errcode).toBe(41055);
  });
});
