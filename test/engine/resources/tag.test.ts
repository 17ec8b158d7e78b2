import { UNKNOWN } from '../../../src/engine/config/expressions';
import { PlanError } from '../../../src/engine/resources';
import { tagHandler as h } from '../../../src/engine/resources/tag';
import { changed, D, Env, expectSchemaShape, planned, startEnv, U, writesSince } from './helpers';

const ADDR = 'wecom_tag.oncall';
const base = { tag_name: '发布值班', users: [U.zhangsan, 'LISI'], departments: [D.qa] };

describe('wecom_tag handler', () => {
  let env: Env;
  beforeEach(async () => { env = await startEnv(); });
  afterEach(async () => { await env.close(); });

  test('plan -> create -> read -> no change -> update (deltas from live) -> drift -> import -> delete', async () => {
    const p1 = await h.plan(env.ctx(ADDR), { config: base, prior: null });
    expect(p1.after.tag_id).toBe(UNKNOWN);
    expect(p1.after.id).toBe(UNKNOWN);
    expect(p1.details?.names).toMatchObject({ [U.zhangsan]: '张三' });

    const state = await h.create(env.ctx(ADDR), planned(p1.after));
    expect(typeof state.tag_id).toBe('number');
    expect(state.id).toBe(String(state.tag_id));
    expectSchemaShape(h, state);

    const read1 = (await h.read(env.ctx(ADDR), state))!;
    expectSchemaShape(h, read1);
    expect(changed(h, state, read1)).toEqual([]);
    expect(changed(h, read1, (await h.plan(env.ctx(ADDR), { config: base, prior: read1 })).after)).toEqual([]);

    const config2 = { tag_name: '发布值班2', users: [U.zhangsan, U.wangwu], departments: [D.ops] };
    const p2 = await h.plan(env.ctx(ADDR), { config: config2, prior: read1 });
    expect(changed(h, read1, p2.after).sort()).toEqual(['departments', 'tag_name', 'users']);
    // A person adds someone between plan and apply: the delta comes from the live tag, so they go too.
    env.sim.sim.oob.tag({ tagid: Number(state.tag_id), action: 'set-members', userlist: [U.zhangsan, U.lisi, U.sunqi] });
    const state2 = await h.update(env.ctx(ADDR), read1, planned(p2.after));
    const live = env.sim.sim.inspect.tags().find((t) => t.tagid === state.tag_id)!;
    expect(live.tagname).toBe('发布值班2');
    expect([...live.userlist].sort()).toEqual(['wangwu', 'zhangsan']);
    expect(live.partylist).toEqual([D.ops]);
    const read2 = (await h.read(env.ctx(ADDR), state2))!;
    expect(changed(h, state2, read2)).toEqual([]);

    // Nothing to change: no write call.
    const before = await env.calls();
    await h.update(env.ctx(ADDR), read2, planned((await h.plan(env.ctx(ADDR), { config: config2, prior: read2 })).after));
    expect(writesSince(before, await env.calls())).toEqual([]);

    env.sim.sim.oob.tag({ tagid: Number(state.tag_id), action: 'rename', tagname: '改名了' });
    const drifted = (await h.read(env.ctx(ADDR), read2))!;
    expect(changed(h, read2, drifted)).toEqual(['tag_name']);

    const imported = await h.import(env.ctx(ADDR), String(state.tag_id));
    expectSchemaShape(h, imported);
    expect(changed(h, drifted, imported)).toEqual([]);

    await h.delete(env.ctx(ADDR), drifted);
    expect(await h.read(env.ctx(ADDR), drifted)).toBeNull();
    await h.delete(env.ctx(ADDR), drifted); // already gone: fine
  });

  test('a given tag_id is used; changing it is a forceNew change', async () => {
    const config = { tag_name: '指定ID', tag_id: 500, users: [U.lisi] };
    const p = await h.plan(env.ctx(ADDR), { config, prior: null });
    expect(p.after.id).toBe('500');
    const state = await h.create(env.ctx(ADDR), planned(p.after));
    expect(state.tag_id).toBe(500);
    const read = (await h.read(env.ctx(ADDR), state))!;
    // No tag_id in config later: the prior one stays.
    expect(changed(h, read, (await h.plan(env.ctx(ADDR), { config: { ...config, tag_id: undefined }, prior: read })).after)).toEqual([]);
    const p2 = await h.plan(env.ctx(ADDR), { config: { ...config, tag_id: 501 }, prior: read });
    expect(changed(h, read, p2.after)).toEqual(['tag_id']);
  });

  test('unknown users and unknown departments fail the plan with no write call', async () => {
    const before = await env.calls();
    const e1 = await h.plan(env.ctx(ADDR), { config: { ...base, users: ['ghost'] }, prior: null }).catch((e) => e);
    expect(e1).toBeInstanceOf(PlanError);
    expect([e1.field, e1.message.includes('ghost')]).toEqual(['users', true]);
    const e3 = await h.plan(env.ctx(ADDR), { config: { ...base, departments: [4242] }, prior: null }).catch((e) => e);
    expect([e3.field, e3.message.includes('4242')]).toEqual(['departments', true]);
    expect(writesSince(before, await env.calls())).toEqual([]);
  });

  test('departed users are flagged and left out, so a tag holding one can still be changed', async () => {
    const withLeaver = { tag_name: '离职测试', users: [U.zhangsan, U.wangwu] };
    const state = await h.create(env.ctx(ADDR), planned((await h.plan(env.ctx(ADDR), { config: withLeaver, prior: null })).after));
    env.sim.sim.oob.user({ userid: U.wangwu, status: 5 });
    // Declared on a new tag: flagged, left out, no error.
    const fresh = await h.plan(env.ctx('wecom_tag.other'), { config: { tag_name: '新', users: [U.zhangsan, U.wangwu] }, prior: null });
    expect(fresh.details?.departedMembers).toEqual([U.wangwu]);
    expect(fresh.after.users).toEqual([U.zhangsan]);
    expect(fresh.warnings?.join('\n')).toContain('left the company');
    // The existing tag: the code drops wangwu and adds lisi. WeCom cannot remove a leaver (40031
    // on the whole delta before), so wangwu stays as WeCom keeps them and lisi is added.
    const read = (await h.read(env.ctx(ADDR), state))!;
    const p = await h.plan(env.ctx(ADDR), { config: { ...withLeaver, users: [U.zhangsan, U.lisi] }, prior: read });
    expect(p.details?.departedMembers).toEqual([U.wangwu]);
    const after = await h.update(env.ctx(ADDR), read, planned(p.after));
    const live = env.sim.sim.inspect.tags().find((t) => t.tagname === '离职测试')!;
    expect([...live.userlist].sort()).toEqual([U.lisi, U.wangwu, U.zhangsan].sort());
    // And the next plan has nothing left to do.
    const again = (await h.read(env.ctx(ADDR), after))!;
    expect(changed(h, again, (await h.plan(env.ctx(ADDR), { config: { ...withLeaver, users: [U.zhangsan, U.lisi] }, prior: again })).after)).toEqual([]);
  });

  test('partly invalid members (WeCom answers errcode 0) are an error naming them', async () => {
    const state = await h.create(env.ctx(ADDR), planned((await h.plan(env.ctx(ADDR), { config: base, prior: null })).after));
    // Someone leaves between plan and apply: addtagusers ignores them and says so in invalidlist.
    const p = await h.plan(env.ctx(ADDR), { config: { ...base, users: [...base.users, U.wangwu] }, prior: state });
    env.sim.sim.oob.user({ userid: U.wangwu, status: 5 });
    const err = await h.update(env.ctx(ADDR), state, planned(p.after)).catch((e) => e);
    expect(err).toBeInstanceOf(PlanError);
    expect(err.field).toBe('users');
    expect(err.message).toContain('wangwu');
    expect(err.message).toContain('ignored');

    // On create the half-made tag is rolled back, so a retry is not blocked by 40071.
    const p2 = await h.plan(env.ctx('wecom_tag.other'), { config: { tag_name: '新标签', users: [U.zhangsan, U.zhaoliu], departments: [D.qa] }, prior: null });
    env.sim.sim.oob.user({ userid: U.zhaoliu, status: 5 });
    const err2 = await h.create(env.ctx('wecom_tag.other'), planned(p2.after)).catch((e) => e);
    expect(err2.message).toContain('zhaoliu');
    expect(err2.message).toContain('deleted again');
    expect(env.sim.sim.inspect.tags().some((t) => t.tagname === '新标签')).toBe(false);
  });

  test('a name taken by a tag outside state: the error says how to import it', async () => {
    const p = await h.plan(env.ctx(ADDR), { config: { tag_name: '值班' }, prior: null });
    const err = await h.create(env.ctx(ADDR), planned(p.after)).catch((e) => e);
    expect(err).toBeInstanceOf(PlanError);
    expect(err.field).toBe('tag_name');
    expect(err.message).toContain(`cdktf-wecom import ${ADDR} 1`);
  });
});
