import { UNKNOWN } from '../../../src/engine/config/expressions';
import { PlanError } from '../../../src/engine/resources';
import { interceptRuleHandler as h } from '../../../src/engine/resources/intercept-rule';
import { changed, clientFor, D, Env, expectSchemaShape, planned, startEnv, U, writesSince } from './helpers';

const ADDR = 'wecom_intercept_rule.words';
const base = {
  rule_name: '敏感词规则',
  word_list: ['加微信', '转账'],
  intercept_type: 1,
  applicable_users: [U.zhangsan, 'LISI'],
  applicable_departments: [D.backend],
};

describe('wecom_intercept_rule handler', () => {
  let env: Env;
  beforeEach(async () => { env = await startEnv(); });
  afterEach(async () => { await env.close(); });

  test('plan -> create -> read -> no change -> update (deltas from live) -> drift -> import -> delete', async () => {
    const p1 = await h.plan(env.ctx(ADDR), { config: base, prior: null });
    expect(p1.after.rule_id).toBe(UNKNOWN);
    expect(p1.after.id).toBe(UNKNOWN);
    expect(p1.after.semantics_list).toBeNull();

    const c0 = await env.calls();
    const state = await h.create(env.ctx(ADDR), planned(p1.after));
    expect(writesSince(c0, await env.calls())).toEqual([expect.stringContaining('add_intercept_rule')]);
    expect(typeof state.rule_id).toBe('string');
    expect(state.id).toBe(state.rule_id);
    expectSchemaShape(h, state);

    const read1 = (await h.read(env.ctx(ADDR), state))!;
    expectSchemaShape(h, read1);
    expect(changed(h, state, read1)).toEqual([]);
    expect(read1.applicable_users).toEqual(['zhangsan', 'lisi']); // WeCom's spelling

    const p2 = await h.plan(env.ctx(ADDR), { config: base, prior: read1 });
    expect(changed(h, read1, p2.after)).toEqual([]);
    expect(p2.after.rule_id).toBe(state.rule_id);

    // Update: rename, swap a word, add semantics, change the range both ways.
    const config2 = {
      ...base, rule_name: '敏感词规则v2', word_list: ['加微信', '私下交易'], semantics_list: [1, 2],
      applicable_users: [U.zhangsan, U.wangwu], applicable_departments: [D.qa],
    };
    const p3 = await h.plan(env.ctx(ADDR), { config: config2, prior: read1 });
    expect(changed(h, read1, p3.after).sort()).toEqual(['applicable_departments', 'applicable_users', 'rule_name', 'semantics_list', 'word_list']);
    // Between plan and apply a person widens the range: the update must work from the live rule.
    env.sim.sim.oob.interceptRule({ rule_id: String(state.rule_id), action: 'edit', user_list: [U.zhangsan, U.lisi, U.zhaoliu] });
    const state2 = await h.update(env.ctx(ADDR), read1, planned(p3.after));
    const live = env.sim.sim.inspect.rules().find((r) => r.rule_id === state.rule_id)!;
    expect([...live.user_list].sort()).toEqual(['wangwu', 'zhangsan']);
    expect(live.department_list).toEqual([D.qa]);
    expect(live.word_list.sort()).toEqual(['加微信', '私下交易'].sort());
    expect(live.semantics_list).toEqual([1, 2]);
    expect(live.rule_name).toBe('敏感词规则v2');

    const read2 = (await h.read(env.ctx(ADDR), state2))!;
    expect(changed(h, state2, read2)).toEqual([]);
    expect(changed(h, read2, (await h.plan(env.ctx(ADDR), { config: config2, prior: read2 })).after)).toEqual([]);

    // No change: no update call at all.
    const before = await env.calls();
    await h.update(env.ctx(ADDR), read2, planned((await h.plan(env.ctx(ADDR), { config: config2, prior: read2 })).after));
    expect(writesSince(before, await env.calls())).toEqual([]);

    // Out-of-band edit is seen by read.
    env.sim.sim.oob.interceptRule({ rule_id: String(state.rule_id), action: 'edit', word_list: ['加微信'], intercept_type: 2 });
    const drifted = (await h.read(env.ctx(ADDR), read2))!;
    expect(changed(h, read2, drifted).sort()).toEqual(['intercept_type', 'word_list']);

    const imported = await h.import(env.ctx(ADDR), String(state.rule_id));
    expectSchemaShape(h, imported);
    expect(changed(h, drifted, imported)).toEqual([]);
    expect(imported.id).toBe(state.rule_id);

    await h.delete(env.ctx(ADDR), drifted);
    expect(await h.read(env.ctx(ADDR), drifted)).toBeNull();
    // A second delete (e.g. a retried apply) is harmless.
    await h.delete(env.ctx(ADDR), drifted);
  });

  test('a rule deleted out of band reads as gone', async () => {
    const state = await h.create(env.ctx(ADDR), planned((await h.plan(env.ctx(ADDR), { config: base, prior: null })).after));
    env.sim.sim.oob.interceptRule({ rule_id: String(state.rule_id), action: 'delete' });
    expect(await h.read(env.ctx(ADDR), state)).toBeNull();
  });

  test('unknown users and departments fail the plan, naming the field, with no write call', async () => {
    const before = await env.calls();
    const e1 = await h.plan(env.ctx(ADDR), { config: { ...base, applicable_users: [U.zhangsan, 'nosuchuser'] }, prior: null }).catch((e) => e);
    expect(e1).toBeInstanceOf(PlanError);
    expect(e1.field).toBe('applicable_users');
    expect(e1.message).toContain('nosuchuser');
    const e2 = await h.plan(env.ctx(ADDR), { config: { ...base, applicable_departments: [D.backend, 9999] }, prior: null }).catch((e) => e);
    expect(e2).toBeInstanceOf(PlanError);
    expect(e2.field).toBe('applicable_departments');
    expect(e2.message).toContain('9999');
    const e3 = await h.plan(env.ctx(ADDR), { config: { ...base, applicable_users: [], applicable_departments: [] }, prior: null }).catch((e) => e);
    expect(e3.field).toBe('applicable_users');
    expect(writesSince(before, await env.calls())).toEqual([]);
  });

  test('unknown range values skip the directory check until apply', async () => {
    const p = await h.plan(env.ctx(ADDR), { config: { ...base, applicable_users: [UNKNOWN] }, prior: null });
    expect(changed(h, {}, p.after)).toContain('applicable_users');
  });

  test('a name held by a rule outside state: the error says how to import it', async () => {
    const other = clientFor(env.sim, 'other');
    const existing = await other.interceptRules.add({ rule_name: base.rule_name, word_list: ['x'], intercept_type: 2, applicable_range: { user_list: [U.lisi] } });
    await other.close();
    const p = await h.plan(env.ctx(ADDR), { config: base, prior: null });
    const err = await h.create(env.ctx(ADDR), planned(p.after)).catch((e) => e);
    expect(err).toBeInstanceOf(PlanError);
    expect(err.field).toBe('rule_name');
    expect(err.message).toContain('41077');
    expect(err.message).toContain(`cdktf-wecom import ${ADDR} ${existing}`);

    // Renaming onto a taken name names the holder too.
    const mine = await h.create(env.ctx(ADDR), planned((await h.plan(env.ctx(ADDR), { config: { ...base, rule_name: '另一个' }, prior: null })).after));
    const p2 = await h.plan(env.ctx(ADDR), { config: base, prior: mine });
    const err2 = await h.update(env.ctx(ADDR), mine, planned(p2.after)).catch((e) => e);
    expect(err2.message).toContain(existing);
  });
});
