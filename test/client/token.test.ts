import { TokenCache, WecomApiError, WecomClient } from '../../src/client';
import { err, FakeClock, makeClient, ok, scriptedServer, Scripted, SECRET, TOKEN, tokenAction } from './helpers/scripted-server';

describe('access token', () => {
  let server: Scripted;
  afterEach(async () => { await server?.close(); });

  test('50 concurrent calls share one gettoken (single flight)', async () => {
    server = await scriptedServer((req, n) => req.path === 'gettoken'
      ? { ...tokenAction(n), delayMs: 50 }
      : ok({ taglist: [] }));
    const { client } = makeClient(server);
    await Promise.all(Array.from({ length: 50 }, () => client.tags.list()));
    expect(server.count('gettoken')).toBe(1);
    expect(server.count('tag/list')).toBe(50);
    expect(server.seen.filter((s) => s.path === 'tag/list').every((s) => s.query.access_token === TOKEN)).toBe(true);
    expect(client.stats().tokenRefreshes).toBe(1);
    await client.close();
  });

  test('gettoken sends corpid and corpsecret; the cache is shared between clients of one app', async () => {
    server = await scriptedServer((req, n) => req.path === 'gettoken' ? tokenAction(n) : ok({ taglist: [] }));
    const cache = new TokenCache();
    const a = new WecomClient({ corpId: 'c1', corpSecret: SECRET, baseUrl: server.url, tokenCache: cache });
    const b = new WecomClient({ corpId: 'c1', corpSecret: SECRET, baseUrl: server.url, tokenCache: cache });
    await a.tags.list();
    await b.tags.list();
    expect(server.count('gettoken')).toBe(1);
    expect(server.seen[0].query).toEqual({ corpid: 'c1', corpsecret: SECRET });
    await Promise.all([a.close(), b.close()]);
  });

  test('refreshes tokenRefreshMarginS before expiry (injected clock)', async () => {
    server = await scriptedServer((req, n) => req.path === 'gettoken' ? tokenAction(n, true) : ok({ taglist: [] }));
    const clock = new FakeClock();
    const { client, events } = makeClient(server, { tokenRefreshMarginS: 300 }, clock);
    await client.tags.list();
    clock.t += (7200 - 301) * 1000;
    await client.tags.list();
    expect(server.count('gettoken')).toBe(1);
    clock.t += 2000; // now inside the margin
    await client.tags.list();
    expect(server.count('gettoken')).toBe(2);
    const lists = server.seen.filter((s) => s.path === 'tag/list').map((s) => s.query.access_token);
    expect(lists).toEqual([`${TOKEN}-1`, `${TOKEN}-1`, `${TOKEN}-2`]);
    expect(events.filter((e) => e.type === 'token-refresh').map((e) => (e as { reason: string }).reason)).toEqual(['missing', 'expiring']);
    await client.close();
  });

  test('a short-lived token is not refreshed on every call (margin capped at half the lifetime)', async () => {
    server = await scriptedServer((req, n) => req.path === 'gettoken' ? tokenAction(n, true, 60) : ok({ taglist: [] }));
    const clock = new FakeClock();
    const { client } = makeClient(server, {}, clock);
    await client.tags.list();
    clock.t += 20_000;
    await client.tags.list();
    expect(server.count('gettoken')).toBe(1);
    clock.t += 15_000;
    await client.tags.list();
    expect(server.count('gettoken')).toBe(2);
    await client.close();
  });

  test.each([40014, 42001, 40001])('errcode %i: invalidate, refresh once, retry the call', async (code) => {
    server = await scriptedServer((req, n) => {
      if (req.path === 'gettoken') return tokenAction(n, true);
      return req.query.access_token === `${TOKEN}-1` ? err(code) : ok({ taglist: [{ tagid: 1, tagname: 't' }] });
    });
    const { client, clock } = makeClient(server);
    await expect(client.tags.list()).resolves.toEqual([{ tagid: 1, tagname: 't' }]);
    expect(server.count('gettoken')).toBe(2);
    expect(server.count('tag/list')).toBe(2);
    expect(clock.sleeps).toEqual([]); // no backoff for a token refresh
    await client.close();
  });

  test('a token that stays invalid fails after one refresh (no loop)', async () => {
    server = await scriptedServer((req, n) => req.path === 'gettoken' ? tokenAction(n, true) : err(40014));
    const { client } = makeClient(server);
    const e = await client.tags.list().catch((x) => x);
    expect(e).toBeInstanceOf(WecomApiError);
    expect(e.errcode).toBe(40014);
    expect(e.code).toBe('WECOM_API_ERROR');
    expect(server.count('gettoken')).toBe(2);
    expect(server.count('tag/list')).toBe(2);
    await client.close();
  });

  test('a bad secret (gettoken answers 40001) fails without looping', async () => {
    server = await scriptedServer((req) => req.path === 'gettoken' ? err(40001, 'invalid credential') : ok());
    const { client } = makeClient(server);
    const e = await client.tags.list().catch((x) => x);
    expect(e.errcode).toBe(40001);
    expect(e.endpoint).toBe('gettoken');
    expect(e.message).toContain('secret is wrong');
    expect(server.count('gettoken')).toBe(1);
    expect(server.count('tag/list')).toBe(0);
    await client.close();
  });

  test('concurrent callers hitting an invalidated token share one refresh', async () => {
    let expired = false;
    server = await scriptedServer((req, n) => {
      if (req.path === 'gettoken') return { ...tokenAction(n, true), delayMs: 20 };
      return expired && req.query.access_token === `${TOKEN}-1` ? err(42001) : ok({ taglist: [] });
    });
    const { client } = makeClient(server);
    await client.tags.list();
    expired = true; // WeCom may invalidate a token early
    await Promise.all(Array.from({ length: 20 }, () => client.tags.list()));
    expect(server.count('gettoken')).toBe(2);
    expect(server.count('tag/list')).toBe(41);
    await client.close();
  });
});
