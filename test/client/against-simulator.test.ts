// The client against the local WeCom simulator: every area on the default org, then a run with
// ~20% injected transient failures that must still complete, inside the configured limits.
import { request } from 'undici';
import { TokenCache, WecomClient, WecomClientOptions } from '../../src/client';
import { startSimulator, DEFAULT_ORG } from '../../src/simulator';
import type { CallEntry } from '../../src/simulator';
import { FakeClock } from './helpers/scripted-server';

type Sim = Awaited<ReturnType<typeof startSimulator>>;
const { users: U, appChats: CHATS, robots: ROBOTS } = DEFAULT_ORG;

function clientFor(sim: Sim, secret: string, extra: Partial<WecomClientOptions> = {}): WecomClient {
  return new WecomClient({ corpId: sim.corp.id, corpSecret: secret, baseUrl: sim.url, tokenCache: new TokenCache(), ...extra });
}

async function callLog(sim: Sim): Promise<{ counts: Record<string, { calls: number }>; log: CallEntry[] }> {
  const res = await request(`${sim.inspectUrl}calls`);
  return (await res.body.json()) as never;
}

describe('WecomClient against the simulator (default org)', () => {
  let sim: Sim;
  let client: WecomClient;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    client = clientFor(sim, DEFAULT_ORG.agents.main.secret);
  });
  afterAll(async () => { await client.close(); await sim.close(); });

  test('appChats: create (idempotent id), get, update, send; 86008 on another app\'s chat', async () => {
    const created = await client.appChats.create({ chatid: 'clienttest1', name: 'Client test', owner: U.zhangsan, userlist: [U.zhangsan, U.lisi] });
    expect(created).toEqual({ chatid: 'clienttest1', adopted: false });
    await client.appChats.update({ chatid: 'clienttest1', name: 'Client test 2', add_user_list: [U.wangwu] });
    expect(await client.appChats.get('clienttest1')).toMatchObject({ name: 'Client test 2', owner: U.zhangsan, userlist: [U.zhangsan, U.lisi, U.wangwu] });
    await client.appChats.send({ chatid: 'clienttest1', msgtype: 'text', text: { content: 'hello' } });
    expect(sim.sim.inspect.messages({ chatid: 'clienttest1' })).toHaveLength(1);
    await expect(client.appChats.get(CHATS.otherApp)).rejects.toMatchObject({ errcode: 86008, explanation: expect.stringContaining('only the chats it created') });
    await expect(client.appChats.create({ chatid: 'clienttest1', userlist: [U.zhangsan, U.lisi] })).rejects.toMatchObject({ errcode: 86215, attempts: 1 });
  });

  test('robots: send, uploadMedia + file message; a disabled robot answers 93004', async () => {
    await client.robots.send(ROBOTS.ops.key, { msgtype: 'markdown', markdown: { content: '**deploy** done' } });
    const media = await client.robots.uploadMedia(ROBOTS.ops.key, 'file', 'report.txt', Buffer.from('quarterly report'));
    expect(media.media_id).toBeTruthy();
    await client.robots.send(ROBOTS.ops.key, { msgtype: 'file', file: { media_id: media.media_id } });
    expect(sim.sim.inspect.messages({ via: 'robot', chatid: ROBOTS.ops.chatid }).length).toBeGreaterThanOrEqual(2);
    await expect(client.robots.send(ROBOTS.disabled.key, { msgtype: 'text', text: { content: 'x' } })).rejects.toMatchObject({ errcode: 93004 });
  });

  test('interceptRules: add, list, get, update, delete', async () => {
    const id = await client.interceptRules.add({ rule_name: 'client-rule', word_list: ['spam', 'scam'], semantics_list: [1], intercept_type: 1, applicable_range: { user_list: [U.zhangsan], department_list: [2] } });
    expect((await client.interceptRules.list()).map((r) => r.rule_id)).toContain(id);
    expect(await client.interceptRules.get(id)).toMatchObject({ rule_name: 'client-rule', word_list: ['spam', 'scam'], extra_rule: { semantics_list: [1] } });
    await client.interceptRules.update({ rule_id: id, word_list: ['spam'], add_applicable_range: { user_list: [U.lisi] } });
    expect((await client.interceptRules.get(id)).applicable_range.user_list.sort()).toEqual([U.lisi, U.zhangsan].sort());
    await client.interceptRules.delete(id);
    await expect(client.interceptRules.get(id)).rejects.toMatchObject({ code: 'WECOM_API_ERROR' });
  });

  test('customerGroups: listAll pages, get, onjob transfer, transfer of a departed owner\'s group', async () => {
    const ids: string[] = [];
    for await (const g of client.customerGroups.listAll({}, 3)) ids.push(g.chat_id);
    expect(ids.sort()).toEqual([...DEFAULT_ORG.customerGroups].sort());
    const g1 = await client.customerGroups.get(DEFAULT_ORG.customerGroups[0], true);
    expect(g1.owner).toBe(U.zhouba);
    expect(await client.customerGroups.onjobTransfer({ chat_id_list: [DEFAULT_ORG.customerGroups[0]], new_owner: U.sunqi })).toEqual([]);
    expect((await client.customerGroups.get(DEFAULT_ORG.customerGroups[0])).owner).toBe(U.sunqi);
    const failed = await client.customerGroups.transfer({ chat_id_list: [DEFAULT_ORG.customerGroups[7], DEFAULT_ORG.customerGroups[1]], new_owner: U.zhouba });
    expect(failed.map((f) => f.chat_id)).toEqual([DEFAULT_ORG.customerGroups[1]]); // its owner did not leave
  });

  test('joinWays: add, get, update (overwrite), delete', async () => {
    const id = await client.joinWays.add({ scene: 2, remark: 'r', chat_id_list: [DEFAULT_ORG.customerGroups[2]], state: 'client' });
    expect(await client.joinWays.get(id)).toMatchObject({ config_id: id, scene: 2, chat_id_list: [DEFAULT_ORG.customerGroups[2]] });
    await client.joinWays.update(id, { scene: 1, chat_id_list: [DEFAULT_ORG.customerGroups[3], DEFAULT_ORG.customerGroups[4]] });
    expect((await client.joinWays.get(id)).chat_id_list).toEqual([DEFAULT_ORG.customerGroups[3], DEFAULT_ORG.customerGroups[4]]);
    await client.joinWays.delete(id);
    await expect(client.joinWays.get(id)).rejects.toMatchObject({ code: 'WECOM_API_ERROR' });
  });

  test('welcomeTemplates: add, get, edit, delete', async () => {
    const id = await client.welcomeTemplates.add({ text: { content: '欢迎 %NICKNAME%' } });
    expect(await client.welcomeTemplates.get(id)).toMatchObject({ text: { content: '欢迎 %NICKNAME%' } });
    await client.welcomeTemplates.edit({ template_id: id, text: { content: 'hi' }, link: { title: 't', url: 'https://example.com' } });
    expect(await client.welcomeTemplates.get(id)).toMatchObject({ text: { content: 'hi' }, link: { title: 't' } });
    await client.welcomeTemplates.delete(id);
  });

  test('departments and users; user/list_id only with the contacts-sync secret', async () => {
    expect((await client.departments.list()).length).toBeGreaterThan(20);
    expect((await client.departments.simpleList(2)).map((d) => d.id)).toContain(3);
    expect(await client.departments.get(2)).toMatchObject({ id: 2, parentid: 1 });
    expect(await client.users.get(U.zhangsan)).toMatchObject({ userid: U.zhangsan, status: 1 });
    expect((await client.users.simpleList(2)).map((u) => u.userid)).toContain(U.zhangsan);
    const tree = await client.users.inDepartmentTree(2);
    expect(tree.map((u) => u.userid)).toEqual(expect.arrayContaining([U.zhangsan, U.lisi, U.wangwu]));
    await expect(client.users.listIds({ limit: 10 })).rejects.toMatchObject({ code: 'WECOM_API_ERROR' });
    const sync = clientFor(sim, DEFAULT_ORG.agents.contactSync.secret);
    const pairs: string[] = [];
    for await (const p of sync.users.listAllIds(100)) pairs.push(p.userid);
    expect(new Set(pairs).size).toBeGreaterThan(250);
    expect(sync.stats().calls['user/list_id']).toBeGreaterThan(1);
    await sync.close();
  });

  test('tags: create, update, add/del users with partial failure, get, list, delete', async () => {
    const { tagid } = await client.tags.create('client-tag');
    await client.tags.update(tagid, 'client-tag-2');
    expect(await client.tags.addUsers({ tagid, userlist: [U.zhangsan, 'nosuchuser'] })).toEqual({ invalidUsers: ['nosuchuser'], invalidParties: [] });
    expect(await client.tags.get(tagid)).toMatchObject({ tagname: 'client-tag-2', userlist: [expect.objectContaining({ userid: U.zhangsan })] });
    expect(await client.tags.delUsers({ tagid, userlist: [U.zhangsan] })).toEqual({ invalidUsers: [], invalidParties: [] });
    expect((await client.tags.list()).map((t) => t.tagid)).toContain(tagid);
    await client.tags.delete(tagid);
    expect((await client.tags.list()).map((t) => t.tagid)).not.toContain(tagid);
  });
});

describe('WecomClient against the simulator with 20% injected transient failures', () => {
  // Small limits on both sides; one fake clock shared by simulator and client, so waiting for
  // a window costs no wall-clock time.
  const LIMITS = { perApiPerMinute: 6, perApiPerHour: 40, chatCreatesPerDay: 30, chatUpdatesPerHour: 20, robotMessagesPerMinute: 4, tokenPerMinute: 5 };
  const MINUTE = 60_000;
  let sim: Sim;
  let client: WecomClient;
  const clock = new FakeClock();

  beforeAll(async () => {
    sim = await startSimulator({
      port: 0, now: clock.now, limits: LIMITS,
      faults: { seed: 7, busyRate: 0.05, freqRate: 0.05, resetRate: 0.1, resetAfterApply: 0.5 },
    });
    client = clientFor(sim, DEFAULT_ORG.agents.main.secret, {
      now: clock.now, sleep: clock.sleep, limits: LIMITS, maxInFlight: 4,
      retry: { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 2000, maxTotalMs: 10 * MINUTE },
    });
  });
  afterAll(async () => { await client.close(); await sim.close(); });

  test('every call completes correctly and no limit is ever exceeded', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `faultrun${i}`);
    const members = [U.zhangsan, U.lisi, U.wangwu];
    // Checkable creates (explicit chatid) and delta updates survive lost answers.
    const created = await Promise.all(ids.map((chatid) => client.appChats.create({ chatid, name: chatid, owner: U.zhangsan, userlist: members })));
    expect(created.map((c) => c.chatid)).toEqual(ids);
    await Promise.all(ids.map((chatid) => client.appChats.update({ chatid, add_user_list: [U.zhaoliu], del_user_list: [U.wangwu] })));
    const infos = await Promise.all(ids.map((chatid) => client.appChats.get(chatid)));
    for (const info of infos) expect([...info.userlist].sort()).toEqual([U.lisi, U.zhangsan, U.zhaoliu].sort());
    // Reads of every area.
    for (let i = 0; i < 8; i++) {
      expect((await client.tags.list()).length).toBeGreaterThanOrEqual(4);
      expect(await client.departments.get(2)).toMatchObject({ id: 2 });
    }
    const groups: string[] = [];
    for await (const g of client.customerGroups.listAll({}, 2)) groups.push(g.chat_id);
    expect(groups.sort()).toEqual([...DEFAULT_ORG.customerGroups].sort());
    // Robot messages: not checkable, so a lost answer is WECOM_OUTCOME_UNKNOWN; rejected ones are retried.
    const outcomes = await Promise.all(Array.from({ length: 10 }, (_, i) =>
      // 10 messages at 4 a minute queue for over two minutes: lift send's default 120 s bound.
      client.robots.send(ROBOTS.release.key, { msgtype: 'text', text: { content: `m${i}` } }, { maxWaitMs: Infinity }).then(() => 'ok', (e) => e.code)));
    expect(outcomes.filter((o) => o !== 'ok' && o !== 'WECOM_OUTCOME_UNKNOWN')).toEqual([]);
    const delivered = sim.sim.inspect.messages({ via: 'robot', chatid: ROBOTS.release.chatid }).length;
    const oks = outcomes.filter((o) => o === 'ok').length;
    expect(delivered).toBeGreaterThanOrEqual(oks);
    expect(delivered).toBeLessThanOrEqual(outcomes.length);

    const { log } = await callLog(sim);
    const faults = log.filter((e) => e.fault).length;
    expect(faults / log.length).toBeGreaterThan(0.1); // the run really was faulty
    const stats = client.stats();
    expect(stats.retries).toBeGreaterThan(0);
    expect(stats.rateWaits).toBeGreaterThan(0); // the small limits were reached and waited for
    // The simulator enforces the same limits: a 45009 it did not inject would mean the client overstepped.
    expect(log.filter((e) => e.errcode === 45009 && !e.fault)).toEqual([]);
    // And recount from the log: every call, faulted or not, within every sliding window.
    const maxInWindow = (times: number[], windowMs: number): number => {
      const t = [...times].sort((a, b) => a - b);
      let best = 0;
      for (let i = 0, j = 0; i < t.length; i++) {
        while (t[i] - t[j] >= windowMs) j++;
        best = Math.max(best, i - j + 1);
      }
      return best;
    };
    const byPath = new Map<string, number[]>();
    for (const e of log) byPath.set(e.path, [...(byPath.get(e.path) ?? []), e.time]);
    for (const [path, times] of byPath) {
      const perMinute = path === 'webhook/send' ? LIMITS.robotMessagesPerMinute : path === 'gettoken' ? LIMITS.tokenPerMinute : LIMITS.perApiPerMinute;
      expect([path, maxInWindow(times, MINUTE) <= perMinute]).toEqual([path, true]);
      if (path !== 'webhook/send' && path !== 'gettoken') expect([path, maxInWindow(times, 60 * MINUTE) <= LIMITS.perApiPerHour]).toEqual([path, true]);
    }
    expect(maxInWindow(byPath.get('appchat/create') ?? [], 24 * 60 * MINUTE)).toBeLessThanOrEqual(LIMITS.chatCreatesPerDay);
    expect(maxInWindow(byPath.get('appchat/update') ?? [], 60 * MINUTE)).toBeLessThanOrEqual(LIMITS.chatUpdatesPerHour);
    expect(log.length).toBeLessThan(1000); // the simulator keeps the last 1000 entries
  });
});
