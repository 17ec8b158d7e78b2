import { RateLimiter, SlidingWindow, WecomQuotaError } from '../../src/client';
import { periodEnd } from '../../src/client/rate-limit';
import { DEFAULT_RATE_LIMITS } from '../../src/wecom/limits';
import { FakeClock, makeClient, ok, scriptedServer, Scripted, tokenAction } from './helpers/scripted-server';

const MEMBERS = ['alice', 'bob'];

describe('SlidingWindow', () => {
  test('counts in-flight calls and frees a slot a full window after completion', () => {
    const w = new SlidingWindow('w', 2, 1000, 'wait');
    w.take(); w.take();
    expect(w.used(0)).toBe(2);
    expect(w.waitMs(0)).toBe(Infinity); // all in flight: wait for a completion, not a time
    w.release(100); w.release(200);
    expect(w.waitMs(500)).toBe(605); // 100 + 1000 + margin 5 - 500
    expect(w.used(1106)).toBe(1);
    expect(w.waitMs(1106)).toBe(0);
  });
});

describe('rate limits and quotas', () => {
  let server: Scripted;
  afterEach(async () => { await server?.close(); });

  const serve = () => scriptedServer((req, n) => {
    if (req.path === 'gettoken') return tokenAction(n);
    if (req.path === 'appchat/create') return ok({ chatid: req.body.chatid ?? `auto${n}` });
    return ok({ taglist: [] });
  });

  test('a chat create over the daily quota fails fast with WecomQuotaError naming the quota', async () => {
    server = await serve();
    const { client, clock } = makeClient(server, { limits: { chatCreatesPerDay: 2 } });
    await client.appChats.create({ chatid: 'a1', userlist: MEMBERS });
    await client.appChats.create({ chatid: 'a2', userlist: MEMBERS });
    expect(client.quotaRemaining()).toEqual({ chatCreatesToday: 0, chatUpdatesThisHour: 1000 });
    const e = await client.appChats.create({ chatid: 'a3', userlist: MEMBERS }).catch((x) => x);
    expect(e).toBeInstanceOf(WecomQuotaError);
    expect(e.code).toBe('WECOM_QUOTA_EXCEEDED');
    expect(e.quota).toBe('chatCreatesPerDay');
    expect(e.limit).toBe(2);
    // WeCom counts per calendar day in China time (UTC+8): the quota comes back at the next midnight there.
    expect(e.resetsAt).toBe(periodEnd(clock.t, 24 * 3600_000));
    expect(new Date(e.resetsAt + 8 * 3600_000).toISOString()).toMatch(/T00:00:00\.000Z$/);
    expect(e.resetsAt).toBeGreaterThan(clock.t);
    expect(e.message).toMatch(/quota chatCreatesPerDay is spent \(2 of 2 used\); it resets at \d{4}-\d\d-\d\d 00:00 China time/);
    expect(server.count('appchat/create')).toBe(2);
    expect(clock.sleeps).toEqual([]); // failed fast, no sleeping for a day
    clock.t = e.resetsAt;
    await expect(client.appChats.create({ chatid: 'a3', userlist: MEMBERS })).resolves.toMatchObject({ chatid: 'a3' });
    await client.close();
  });

  test('quota() reports used, limit, remaining and resetsAt', async () => {
    server = await serve();
    const { client, clock } = makeClient(server, { limits: { chatCreatesPerDay: 5, chatUpdatesPerHour: 3 } });
    const t0 = clock.t;
    await client.appChats.create({ chatid: 'a1', userlist: MEMBERS });
    const q = client.quota();
    expect(q.chatCreatesToday).toMatchObject({ used: 1, limit: 5, remaining: 4 });
    expect(q.chatCreatesToday.resetsAt).toBe(periodEnd(t0, 24 * 3600_000));
    expect(q.chatUpdatesThisHour).toEqual({ used: 0, limit: 3, remaining: 3, resetsAt: clock.t });
    await client.close();
  });

  test('with quotaWindow rolling, the daily quota is the last 24 hours (stricter than the calendar day)', async () => {
    server = await serve();
    const { client, clock } = makeClient(server, { limits: { chatCreatesPerDay: 1 }, quotaWindow: 'rolling' });
    await client.appChats.create({ chatid: 'a1', userlist: MEMBERS });
    clock.t = periodEnd(clock.t, 24 * 3600_000) + 1000; // past the calendar day's end, inside 24 h
    const e = await client.appChats.create({ chatid: 'a2', userlist: MEMBERS }).catch((x) => x);
    expect(e).toBeInstanceOf(WecomQuotaError);
    await client.close();
  });

  test('app chat updates per hour fail fast too', async () => {
    server = await scriptedServer((req, n) => req.path === 'gettoken' ? tokenAction(n) : ok());
    const { client } = makeClient(server, { limits: { chatUpdatesPerHour: 1 } });
    await client.appChats.update({ chatid: 'c1', name: 'x' });
    await expect(client.appChats.update({ chatid: 'c1', name: 'y' })).rejects.toMatchObject({ quota: 'chatUpdatesPerHour', limit: 1 });
    await client.close();
  });

  test('per-robot limit: the 4th message in a minute waits (injected clock), other robots do not', async () => {
    server = await scriptedServer(() => ok());
    const { client, clock, events } = makeClient(server, { limits: { robotMessagesPerMinute: 3 } });
    const msg = { msgtype: 'text' as const, text: { content: 'hi' } };
    for (let i = 0; i < 3; i++) await client.robots.send('robot-key-AAAAAA', msg);
    await client.robots.send('robot-key-BBBBBB', msg);
    expect(clock.sleeps).toEqual([]);
    await client.robots.send('robot-key-AAAAAA', msg);
    expect(clock.sleeps).toHaveLength(1);
    expect(clock.sleeps[0]).toBeGreaterThan(59_000);
    expect(clock.sleeps[0]).toBeLessThanOrEqual(60_005);
    const wait = events.find((e) => e.type === 'rate-wait');
    expect(wait).toMatchObject({ endpoint: 'webhook/send', limit: expect.stringMatching(/^robotMessagesPerMinute\[[0-9a-f]{16}\]$/) });
    expect(JSON.stringify(events)).not.toContain('robot-key-AAAAAA');
    expect(client.stats()).toMatchObject({ rateWaits: 1 });
    await client.close();
  });

  test('per-API per-minute limit waits rather than fails', async () => {
    server = await serve();
    const { client, clock } = makeClient(server, { limits: { perApiPerMinute: 2 } });
    for (let i = 0; i < 5; i++) await client.tags.list();
    expect(server.count('tag/list')).toBe(5);
    expect(clock.sleeps).toHaveLength(2);
    await client.close();
  });

  test('per-API per-hour limit: fails fast when the wait would exceed maxRateWaitMs', async () => {
    server = await serve();
    const { client } = makeClient(server, { limits: { perApiPerHour: 2 }, maxRateWaitMs: 60_000 });
    await client.tags.list();
    await client.tags.list();
    await expect(client.tags.list()).rejects.toMatchObject({ code: 'WECOM_QUOTA_EXCEEDED', quota: 'perApiPerHour[tag/list]' });
    await client.close();
  });

  test('maxInFlight bounds concurrent requests (the server counts them)', async () => {
    server = await scriptedServer((req, n) => req.path === 'gettoken' ? tokenAction(n) : { ...ok({ taglist: [] }), delayMs: 20 });
    const { client } = makeClient(server, { maxInFlight: 3 });
    await Promise.all(Array.from({ length: 30 }, () => client.tags.list()));
    expect(server.count('tag/list')).toBe(30);
    expect(server.maxConcurrent).toBe(3);
    await client.close();
  });

  test('a RateLimiter can be shared by clients of one corp', async () => {
    server = await serve();
    const clock = new FakeClock();
    const limiter = new RateLimiter({ limits: { ...DEFAULT_RATE_LIMITS, chatCreatesPerDay: 1 }, now: clock.now, sleep: clock.sleep });
    const a = makeClient(server, { rateLimiter: limiter }, clock).client;
    const b = makeClient(server, { rateLimiter: limiter }, clock).client;
    await a.appChats.create({ chatid: 'a1', userlist: MEMBERS });
    await expect(b.appChats.create({ chatid: 'b1', userlist: MEMBERS })).rejects.toBeInstanceOf(WecomQuotaError);
    await Promise.all([a.close(), b.close()]);
  });
});
