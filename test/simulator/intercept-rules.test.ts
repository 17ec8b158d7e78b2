import { buildDefaultOrg } from '../../src/simulator';
import { harness, ORG } from './helpers';
import type { Harness, Json } from './helpers';

const P = 'externalcontact/';
const rule = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  rule_name: '敏感词', word_list: ['广告', '加微信'], semantics_list: [1, 2], intercept_type: 1,
  applicable_range: { user_list: ['zhangsan'], department_list: [ORG.departments.service] }, ...over,
});

describe('intercept rules', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(() => h.running.close());

  const add = (body: unknown, agent: 'main' | 'other' = 'main'): Promise<Json> => h.api.post(`${P}add_intercept_rule`, body, agent);

  it('add, list, get (semantics under extra_rule), update (only sent fields, range deltas), del', async () => {
    const added = await add(rule());
    expect(added).toMatchObject({ errcode: 0, errmsg: 'ok' });
    const ruleId = added.rule_id as string;
    const list = await h.api.get(`${P}get_intercept_rule_list`);
    expect(list.rule_list).toEqual([{ rule_id: ruleId, rule_name: '敏感词', create_time: Math.floor(h.clock.t / 1000) }]);
    const got = await h.api.post(`${P}get_intercept_rule`, { rule_id: ruleId });
    expect(got.rule).toEqual({
      rule_id: ruleId, rule_name: '敏感词', word_list: ['广告', '加微信'], extra_rule: { semantics_list: [1, 2] }, intercept_type: 1,
      applicable_range: { user_list: ['zhangsan'], department_list: [ORG.departments.service] },
    });
    const upd = await h.api.post(`${P}update_intercept_rule`, {
      rule_id: ruleId, extra_rule: { semantics_list: [3] },
      add_applicable_range: { user_list: ['LISI'], department_list: [ORG.departments.sales] },
      remove_applicable_range: { user_list: ['zhangsan'] },
    });
    expect(upd.errcode).toBe(0);
    const after = (await h.api.post(`${P}get_intercept_rule`, { rule_id: ruleId })).rule;
    expect(after).toMatchObject({
      rule_name: '敏感词', word_list: ['广告', '加微信'], extra_rule: { semantics_list: [3] }, intercept_type: 1,
      applicable_range: { user_list: ['lisi'], department_list: [ORG.departments.service, ORG.departments.sales] },
    });
    expect((await h.api.post(`${P}del_intercept_rule`, { rule_id: ruleId })).errcode).toBe(0);
    expect((await h.api.get(`${P}get_intercept_rule_list`)).rule_list).toEqual([]);
    expect((await h.api.post(`${P}get_intercept_rule`, { rule_id: ruleId })).errcode).toBe(41071);
    expect((await h.api.post(`${P}update_intercept_rule`, { rule_id: ruleId, rule_name: 'x' })).errcode).toBe(41071);
    expect((await h.api.post(`${P}del_intercept_rule`, { rule_id: ruleId })).errcode).toBe(41071);
    expect((await add(rule())).errcode).toBe(0); // the name is free again
  });

  it.each([
    ['41077 duplicate name', null, 41077],
    ['40063 missing name', { rule_name: undefined }, 40063],
    ['40058 name over 20 characters', { rule_name: '名'.repeat(21) }, 40058],
    ['41068 no words', { word_list: [] }, 41068],
    ['41068 missing words', { word_list: undefined }, 41068],
    ['41068 301 words', { word_list: Array.from({ length: 301 }, (_, i) => `w${i}`) }, 41068],
    ['41083 empty word', { word_list: [''] }, 41083],
    ['41083 word over 32 characters', { word_list: ['字'.repeat(33)] }, 41083],
    ['41084 bad semantics', { semantics_list: [4] }, 41084],
    ['40058 bad intercept_type', { intercept_type: 3 }, 40058],
    ['40063 empty range', { applicable_range: {} }, 40063],
    ['40063 missing range', { applicable_range: undefined }, 40063],
    ['41076 over 1000 users', { applicable_range: { user_list: Array.from({ length: 1001 }, () => 'zhangsan') } }, 41076],
    ['41076 over 1000 departments', { applicable_range: { department_list: Array.from({ length: 1001 }, () => 1) } }, 41076],
    ['60111 unknown user', { applicable_range: { user_list: ['ghost'] } }, 60111],
    ['60003 unknown department', { applicable_range: { department_list: [999] } }, 60003],
    ['40058 word_list not strings', { word_list: [1, 2] }, 40058],
  ])('add: %s', async (_name, over, code) => {
    if (over === null) expect((await add(rule())).errcode).toBe(0);
    expect((await add(rule(over ?? {}))).errcode).toBe(code);
  });

  it('accepts words of 32 characters; maxRuleWordLength 30 rejects them', async () => {
    expect((await add(rule({ word_list: ['字'.repeat(32)] }))).errcode).toBe(0);
    const h2 = await harness({ limits: { maxRuleWordLength: 30 } });
    try {
      expect((await h2.api.post(`${P}add_intercept_rule`, rule({ word_list: ['字'.repeat(31)] }))).errcode).toBe(41083);
    } finally {
      await h2.running.close();
    }
  });

  it('41069 past 100 rules per corp', async () => {
    for (let i = 0; i < 100; i++) expect((await add(rule({ rule_name: `r${i}` }))).errcode).toBe(0);
    expect((await add(rule({ rule_name: 'r100' }))).errcode).toBe(41069);
  });

  it('41070 for unknown ids and for changing another app\'s rule; every app may read it', async () => {
    const { rule_id: ruleId } = await add(rule());
    expect((await h.api.post(`${P}get_intercept_rule`, { rule_id: 'nope' })).errcode).toBe(41070);
    expect((await h.api.post(`${P}get_intercept_rule`, { rule_id: ruleId }, 'other')).errcode).toBe(0);
    expect((await h.api.post(`${P}update_intercept_rule`, { rule_id: ruleId, rule_name: 'mine' }, 'other')).errcode).toBe(41070);
    expect((await h.api.post(`${P}del_intercept_rule`, { rule_id: ruleId }, 'other')).errcode).toBe(41070);
  });

  it('update: 41077 name clash, 41083 bad word, 40063 when the range empties, 41076 when it grows too large', async () => {
    await add(rule({ rule_name: 'other' }));
    const { rule_id: ruleId } = await add(rule());
    const upd = (b: Record<string, unknown>) => h.api.post(`${P}update_intercept_rule`, { rule_id: ruleId, ...b });
    expect((await upd({ rule_name: 'other' })).errcode).toBe(41077);
    expect((await upd({ rule_name: '敏感词' })).errcode).toBe(0); // its own name
    expect((await upd({ word_list: ['x'.repeat(40)] })).errcode).toBe(41083);
    expect((await upd({ remove_applicable_range: { user_list: ['zhangsan'], department_list: [ORG.departments.service] } })).errcode).toBe(40063);
    expect((await upd({ add_applicable_range: { user_list: Array.from({ length: 1000 }, () => 'lisi') } })).errcode).toBe(41076);
    expect((await upd({ intercept_type: 2 })).errcode).toBe(0);
    expect(h.running.sim.inspect.rules().find((r) => r.rule_id === ruleId)?.intercept_type).toBe(2);
  });

  it('41076 when the range covers more than 10,000 userids', async () => {
    const seed = buildDefaultOrg();
    seed.departments.push({ id: 100, name: '大部门', parentid: 1 });
    for (let i = 0; i < 10_000; i++) seed.users.push({ userid: `bulk${i}`, name: `批量${i}`, department: [100] });
    const h2 = await harness({ seed });
    try {
      const r = await h2.api.post(`${P}add_intercept_rule`, rule({ applicable_range: { user_list: ['zhangsan'], department_list: [100] } }));
      expect(r.errcode).toBe(41076);
      const ok = await h2.api.post(`${P}add_intercept_rule`, rule({ applicable_range: { department_list: [100] } }));
      expect(ok.errcode).toBe(0);
    } finally {
      await h2.running.close();
    }
  });
});
