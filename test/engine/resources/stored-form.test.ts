import { UNKNOWN } from '../../../src/engine/config/expressions';
import { resourceHandler } from '../../../src/engine/resources';
import { orderedLike } from '../../../src/engine/resources/stored-form';
import { appChatSchema, interceptRuleSchema, joinWaySchema } from '../../../src/schema';
import { Env, planned, startEnv, U } from './helpers';

describe('orderedLike(schema, reference, next, keep)', () => {
  test('the same values (userids case-insensitively) keep the reference\'s order and spelling', () => {
    const out = orderedLike(appChatSchema, { members: ['wangwu', 'Lisi'] }, { members: ['lisi', 'wangwu'], name: 'x' });
    expect(out).toEqual({ members: ['wangwu', 'Lisi'], name: 'x' });
  });

  test('other values are sorted, each once; unless kept as given (a configured value Terraform requires as written)', () => {
    const next = { members: ['zhaoliu', 'lisi', 'wangwu'], resolved_members: ['zhaoliu', 'lisi', 'wangwu', 'lisi'] };
    expect(orderedLike(appChatSchema, { members: ['wangwu', 'lisi'] }, next)).toEqual({ members: ['lisi', 'wangwu', 'zhaoliu'], resolved_members: ['lisi', 'wangwu', 'zhaoliu'] });
    expect(orderedLike(appChatSchema, null, next, (k) => k === 'members').members).toEqual(['zhaoliu', 'lisi', 'wangwu']);
  });

  test('ordered lists, nulls and values not known yet are left alone; nothing changed returns the same object', () => {
    const jw = { chat_id_list: ['wr3', 'wr1'] };
    expect(orderedLike(joinWaySchema, null, jw)).toBe(jw);
    const partly = { word_list: ['b', UNKNOWN, 'a'], applicable_users: null };
    expect(orderedLike(interceptRuleSchema, null, partly)).toBe(partly);
  });

  describe('the registry\'s handlers answer in that order (both engines and the provider use them)', () => {
    let env: Env;
    beforeEach(async () => { env = await startEnv(); });
    afterEach(async () => { await env.close(); });

    test('create keeps the planned order; plan of a permutation keeps the prior; a live change reads back sorted', async () => {
      const h = resourceHandler('wecom_tag')!;
      const ctx = () => env.ctx('wecom_tag.t');
      const config = { tag_name: 'order-test', users: [U.wangwu, U.lisi] };
      const created = await h.create(ctx(), planned((await h.plan(ctx(), { config, prior: null })).after));
      expect(created.users).toEqual([U.wangwu, U.lisi]);
      const again = await h.plan(ctx(), { config: { ...config, users: [U.lisi, U.wangwu.toUpperCase()] }, prior: created });
      expect(again.after.users).toEqual([U.wangwu, U.lisi]);
      // someone adds a user in the admin console: the read is no longer the same set, so it is sorted
      await env.client.tags.addUsers({ tagid: Number(created.tag_id), userlist: [U.zhangsan] });
      const live = (await h.read(ctx(), created))!;
      expect(live.users).toEqual([U.lisi, U.wangwu, U.zhangsan].sort());
    });
  });
});
