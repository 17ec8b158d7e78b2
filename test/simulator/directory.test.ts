import { harness, ORG } from './helpers';
import type { Harness } from './helpers';

const D = ORG.departments;

describe('directory', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });
  afterAll(() => h.running.close());

  it('department/list: the whole tree without id, a subtree with id, 60003 unknown', async () => {
    const all = await h.api.get('department/list');
    expect(all.department.length).toBeGreaterThanOrEqual(30);
    expect(all.department[0]).toMatchObject({ id: 1, name: '模拟科技', parentid: 0 });
    const tech = await h.api.get('department/list', { id: D.tech });
    const ids = tech.department.map((d: { id: number }) => d.id);
    expect(ids[0]).toBe(D.tech);
    expect(ids).toEqual(expect.arrayContaining([D.backend, 4, 5, D.frontend, D.qa, 10, 11]));
    expect(ids).not.toContain(D.ops);
    expect(tech.department[0]).toMatchObject({ name: '技术部', department_leader: ['zhangsan'] });
    expect((await h.api.get('department/list', { id: 999 })).errcode).toBe(60003);
    expect((await h.api.get('department/list', { id: 'abc' })).errcode).toBe(40058);
  });

  it('department/simplelist and department/get', async () => {
    const s = await h.api.get('department/simplelist', { id: D.vip });
    expect(s.department_id).toEqual([
      { id: 19, parentid: 16, order: expect.any(Number) }, { id: 20, parentid: 19, order: expect.any(Number) }, { id: 21, parentid: 19, order: expect.any(Number) },
    ]);
    const g = await h.api.get('department/get', { id: D.vip });
    expect(g.department).toMatchObject({ id: 19, name: 'VIP客服', parentid: 16 });
    expect((await h.api.get('department/get', { id: 999 })).errcode).toBe(60003);
    expect((await h.api.get('department/get', {})).errcode).toBe(40063);
  });

  it('user/get: case-insensitive lookup, status, 60111 unknown', async () => {
    const u = await h.api.get('user/get', { userid: 'hanmeimei' });
    expect(u).toMatchObject({ errcode: 0, userid: 'HanMeimei', name: '韩梅梅', department: [13, 14], status: 1 });
    expect((await h.api.get('user/get', { userid: ORG.users.left })).status).toBe(5);
    expect((await h.api.get('user/get', { userid: ORG.users.disabled })).status).toBe(2);
    expect((await h.api.get('user/get', { userid: ORG.users.inactive })).status).toBe(4);
    expect((await h.api.get('user/get', { userid: 'ghost' })).errcode).toBe(60111);
    expect((await h.api.get('user/get', {})).errcode).toBe(40063);
  });

  it('user/simplelist: direct members only (fetch_child ignored), without users who left', async () => {
    const r = await h.api.get('user/simplelist', { department_id: D.tech, fetch_child: 1 });
    expect(r.userlist.map((u: { userid: string }) => u.userid)).toContain('zhangsan');
    expect(r.userlist.every((u: { department: number[] }) => u.department.includes(D.tech))).toBe(true);
    const service = await h.api.get('user/simplelist', { department_id: 17 });
    expect(service.userlist.map((u: { userid: string }) => u.userid)).not.toContain(ORG.users.left);
    expect((await h.api.get('user/simplelist', { department_id: 999 })).errcode).toBe(60003);
    expect((await h.api.get('user/simplelist', {})).errcode).toBe(40063);
  });

  it('user/list_id pages through user-department pairs (contacts sync only)', async () => {
    const rows: Array<{ userid: string; department: number }> = [];
    let cursor = '';
    do {
      const r = await h.api.post('user/list_id', { limit: 100, ...(cursor ? { cursor } : {}) }, 'contactSync');
      expect(r.errcode).toBe(0);
      rows.push(...r.dept_user);
      cursor = r.next_cursor;
    } while (cursor);
    const expected = h.running.sim.inspect.users().filter((u) => u.status !== 5).reduce((n, u) => n + u.department.length, 0);
    expect(rows).toHaveLength(expected);
    expect(rows).toContainEqual({ userid: 'HanMeimei', department: 14 });
    expect((await h.api.post('user/list_id', { limit: 10001 }, 'contactSync')).errcode).toBe(40058);
    expect((await h.api.post('user/list_id', { limit: 0 }, 'contactSync')).errcode).toBe(40058);
    expect((await h.api.post('user/list_id', {}, 'contactSync')).next_cursor).toBe('');
  });
});

describe('tags', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(() => h.running.close());

  it('create (optional tagid), update, get, list, delete', async () => {
    const a = await h.api.post('tag/create', { tagname: '值守' });
    expect(a).toEqual({ errcode: 0, errmsg: 'created', tagid: 5 });
    const b = await h.api.post('tag/create', { tagname: '指定', tagid: 77 });
    expect(b.tagid).toBe(77);
    expect((await h.api.post('tag/update', { tagid: 5, tagname: '值守2' })).errcode).toBe(0);
    expect((await h.api.post('tag/addtagusers', { tagid: 5, userlist: ['LISI'], partylist: [3] })).errcode).toBe(0);
    expect(await h.api.get('tag/get', { tagid: 5 })).toEqual({ errcode: 0, errmsg: 'ok', tagname: '值守2', userlist: [{ userid: 'lisi', name: '李四' }], partylist: [3] });
    const list = await h.api.get('tag/list');
    expect(list.taglist).toContainEqual({ tagid: 77, tagname: '指定' });
    expect((await h.api.get('tag/delete', { tagid: 77 })).errcode).toBe(0);
    expect((await h.api.get('tag/get', { tagid: 77 })).errcode).toBe(40068);
  });

  it.each([
    ['40071 duplicate name', { tagname: '值班' }, 40071],
    ['40063 missing name', {}, 40063],
    ['40058 name over 32 characters', { tagname: 't'.repeat(33) }, 40058],
    ['40068 tagid taken', { tagname: 'new', tagid: 1 }, 40068],
    ['40058 tagid not an integer', { tagname: 'new', tagid: '9' }, 40058],
  ])('create: %s', async (_name, body, code) => {
    expect((await h.api.post('tag/create', body)).errcode).toBe(code);
  });

  it('81011 when changing seed tags or another app\'s tags', async () => {
    expect((await h.api.post('tag/update', { tagid: ORG.tags.duty, tagname: 'x' })).errcode).toBe(81011);
    expect((await h.api.get('tag/delete', { tagid: ORG.tags.duty })).errcode).toBe(81011);
    expect((await h.api.post('tag/addtagusers', { tagid: ORG.tags.duty, userlist: ['wangwu'] })).errcode).toBe(81011);
    const mine = await h.api.post('tag/create', { tagname: 'mine' });
    expect((await h.api.post('tag/update', { tagid: mine.tagid, tagname: 'theirs' }, 'other')).errcode).toBe(81011);
    expect((await h.api.get('tag/get', { tagid: mine.tagid }, 'other')).errcode).toBe(0);
    expect((await h.api.post('tag/update', { tagid: 999, tagname: 'x' })).errcode).toBe(40068);
  });

  it('addtagusers / deltagusers answer partial success, 40070 / 40031 when all are invalid', async () => {
    const { tagid } = await h.api.post('tag/create', { tagname: 'members' });
    const add = await h.api.post('tag/addtagusers', { tagid, userlist: ['lisi', 'ghost1', 'ghost2'], partylist: [3, 999] });
    expect(add).toMatchObject({ errcode: 0, invalidlist: 'ghost1|ghost2', invalidparty: [999] });
    expect((await h.api.post('tag/addtagusers', { tagid, userlist: ['ghost'], partylist: [998] })).errcode).toBe(40070);
    const del = await h.api.post('tag/deltagusers', { tagid, userlist: ['lisi', 'wangwu'] });
    expect(del).toMatchObject({ errcode: 0, errmsg: 'deleted', invalidlist: 'wangwu' });
    expect((await h.api.post('tag/deltagusers', { tagid, userlist: ['lisi'] })).errcode).toBe(40031);
    expect((await h.api.post('tag/addtagusers', { tagid })).errcode).toBe(40063);
    expect((await h.api.post('tag/addtagusers', { tagid, userlist: Array.from({ length: 1001 }, () => 'lisi') })).errcode).toBe(40058);
    expect((await h.api.post('tag/addtagusers', { tagid, partylist: Array.from({ length: 101 }, () => 3) })).errcode).toBe(40058);
  });
});
