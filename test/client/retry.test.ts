import { backoffDelay, WecomApiError, WecomClient, WecomNetworkError, TokenCache } from '../../src/client';
import { resolveRetry } from '../../src/client/options';
import { err, makeClient, ok, scriptedServer, Scripted, SECRET, tokenAction } from './helpers/scripted-server';

const RULE = { rule_name: 'r1', word_list: ['x'], intercept_type: 1 as const, applicable_range: { user_list: ['u1'] } };

describe('backoffDelay(failures, retry, random)', () => {
  const r = resolveRetry({ baseDelayMs: 100, maxDelayMs: 1000 });
  test('grows exponentially up to maxDelayMs', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, { ...r, jitter: 'none' }, () => 0))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });
  test('full jitter picks uniformly below the ceiling', () => {
    expect(backoffDelay(3, r, () => 0.5)).toBe(200);
    expect(backoffDelay(3, r, () => 0)).toBe(0);
  });
});

describe('retries', () => {
  let server: Scripted;
  afterEach(async () => { await server?.close(); });
  const withToken = (rest: (path: string, n: number) => ReturnType<typeof ok>) =>
    scriptedServer((req, n) => req.path === 'gettoken' ? tokenAction(n) : rest(req.path, n));

  test.each([-1, 45009, 45033])('errcode %i is retried with backoff, then succeeds', async (code) => {
    server = await withToken((_p, n) => n < 3 ? err(code) : ok({ taglist: [] }));
    const { client, clock, events } = makeClient(server, { retry: { baseDelayMs: 100, maxDelayMs: 1000 } });
    await expect(client.tags.list()).resolves.toEqual([]);
    expect(server.count('tag/list')).toBe(3);
    expect(clock.sleeps).toEqual([50, 100]); // random() = 0.5 of ceilings 100, 200
    expect(events.filter((e) => e.type === 'retry')).toHaveLength(2);
    expect(client.stats().retries).toBe(2);
    await client.close();
  });

  test('frequency and concurrency limits get the whole budget: 8 attempts by default', async () => {
    server = await withToken(() => err(45009));
    const { client } = makeClient(server);
    const e = await client.tags.list().catch((x) => x);
    expect(e.errcode).toBe(45009);
    expect(e.attempts).toBe(8);
    expect(e.message).toContain('after 8 attempts');
    await client.close();
  });

  test('busy (-1) is retried at most 3 times, as WeCom asks: 4 attempts, then the last error', async () => {
    server = await withToken(() => err(-1, 'system busy'));
    const { client, clock } = makeClient(server);
    const e = await client.tags.list().catch((x) => x);
    expect(e).toBeInstanceOf(WecomApiError);
    expect(e.errcode).toBe(-1);
    expect(e.attempts).toBe(4);
    expect(e.message).toContain('after 4 attempts');
    expect(server.count('tag/list')).toBe(4);
    expect(clock.sleeps).toHaveLength(3);
    await client.close();
  });

  test('bounded in total time: maxTotalMs stops retrying early', async () => {
    server = await withToken(() => err(45009));
    const { client, clock } = makeClient(server, { random: () => 1, retry: { maxAttempts: 20, baseDelayMs: 1000, maxDelayMs: 60_000, maxTotalMs: 5000 } });
    await expect(client.tags.list()).rejects.toMatchObject({ errcode: 45009 });
    // 1000 + 2000 = 3000 slept; the next (4000) would pass 5000.
    expect(clock.sleeps).toEqual([1000, 2000]);
    expect(server.count('tag/list')).toBe(3);
    await client.close();
  });

  test.each([40058, 60011, 86001, 48002])('errcode %i (permanent) is never retried', async (code) => {
    server = await withToken(() => err(code));
    const { client, clock } = makeClient(server);
    await expect(client.tags.list()).rejects.toMatchObject({ errcode: code, attempts: 1 });
    expect(server.count('tag/list')).toBe(1);
    expect(clock.sleeps).toEqual([]);
    await client.close();
  });

  test('client-side validation fails before any network call', async () => {
    server = await withToken(() => ok());
    const { client } = makeClient(server);
    await expect(client.appChats.create({ chatid: 'bad-id!', userlist: ['a', 'b'] })).rejects.toMatchObject({ code: 'WECOM_INVALID_ARGUMENT' });
    await expect(client.appChats.create({ userlist: ['a'] })).rejects.toThrow(/userlist has 1 entries; WeCom allows 2..2000/);
    await expect(client.appChats.create({ userlist: ['a', 'b'], owner: 'c' })).rejects.toThrow(/owner 'c' must be one of userlist/);
    await expect(client.interceptRules.add({ ...RULE, word_list: ['x'.repeat(33)] })).rejects.toMatchObject({ code: 'WECOM_INVALID_ARGUMENT' });
    await expect(client.robots.send('k'.repeat(20), { msgtype: 'text', text: { content: 'x'.repeat(2049) } })).rejects.toThrow(/2049 bytes/);
    await expect(client.tags.addUsers({ tagid: 1 })).rejects.toThrow(/give userlist or partylist/);
    expect(server.seen).toHaveLength(0);
    await client.close();
  });

  test('connection reset on an idempotent call is retried', async () => {
    server = await scriptedServer((req, n) => req.path === 'gettoken' ? tokenAction(n) : n === 1 ? { reset: true } : ok({ taglist: [] }));
    const { client } = makeClient(server);
    await expect(client.tags.list()).resolves.toEqual([]);
    expect(server.count('tag/list')).toBe(2);
    await client.close();
  });

  test('connection dropped mid-response: retried when idempotent, WECOM_OUTCOME_UNKNOWN otherwise', async () => {
    server = await scriptedServer((req, n) => req.path === 'gettoken' ? tokenAction(n) : n === 1 ? { partial: true } : ok({ taglist: [], template_id: 'T' }));
    const { client } = makeClient(server);
    await expect(client.tags.list()).resolves.toEqual([]);
    expect(server.count('tag/list')).toBe(2);
    const e = await client.welcomeTemplates.add({ text: { content: 'hi' } }).catch((x) => x);
    expect(e.code).toBe('WECOM_OUTCOME_UNKNOWN');
    expect(e.cause.code).toBe('WECOM_NETWORK');
    await client.close();
  });

  test('connection reset on a non-idempotent call without a check: WECOM_OUTCOME_UNKNOWN, not repeated', async () => {
    server = await scriptedServer((req, n) => req.path === 'gettoken' ? tokenAction(n) : { reset: true });
    const { client } = makeClient(server);
    const e = await client.interceptRules.add(RULE).catch((x) => x);
    expect(e.code).toBe('WECOM_OUTCOME_UNKNOWN');
    expect(e.endpoint).toBe('externalcontact/add_intercept_rule');
    expect(e.message).toContain('externalcontact/add_intercept_rule');
    expect(e.cause).toBeInstanceOf(WecomNetworkError);
    expect(server.count('externalcontact/add_intercept_rule')).toBe(1);
    await client.close();
  });

  test('a non-idempotent call IS retried on -1/45009/45033 (rejected before applying)', async () => {
    server = await scriptedServer((req, n) => req.path === 'gettoken' ? tokenAction(n) : n === 1 ? err(-1) : n === 2 ? err(45033) : ok({ rule_id: 'R1' }));
    const { client } = makeClient(server);
    await expect(client.interceptRules.add(RULE)).resolves.toBe('R1');
    expect(server.count('externalcontact/add_intercept_rule')).toBe(3);
    await client.close();
  });

  test('webhook send after a lost answer: WECOM_OUTCOME_UNKNOWN', async () => {
    server = await scriptedServer(() => ({ reset: true }));
    const { client } = makeClient(server);
    await expect(client.robots.send('robotkey-123456', { msgtype: 'text', text: { content: 'hi' } })).rejects.toMatchObject({ code: 'WECOM_OUTCOME_UNKNOWN', endpoint: 'webhook/send' });
    expect(server.count('webhook/send')).toBe(1);
    await client.close();
  });

  test('timeout: typed WECOM_TIMEOUT, retried for idempotent calls, bounded', async () => {
    server = await scriptedServer((req, n) => req.path === 'gettoken' ? tokenAction(n) : { hang: true });
    const { client } = makeClient(server, { timeoutMs: 100, retry: { maxAttempts: 2 } });
    const e = await client.tags.list().catch((x) => x);
    expect(e).toBeInstanceOf(WecomNetworkError);
    expect(e.code).toBe('WECOM_TIMEOUT');
    expect(e.attempts).toBe(2);
    expect(server.count('tag/list')).toBe(2);
    await client.close();
  });

  test('timeout on a non-idempotent call: WECOM_OUTCOME_UNKNOWN', async () => {
    server = await scriptedServer((req, n) => req.path === 'gettoken' ? tokenAction(n) : { hang: true });
    const { client } = makeClient(server, { timeoutMs: 100 });
    await expect(client.joinWays.add({ scene: 1, chat_id_list: ['wr1'] })).rejects.toMatchObject({ code: 'WECOM_OUTCOME_UNKNOWN' });
    await client.close();
  });

  test('HTTP 502 is retried; a non-JSON 200 is a WECOM_HTTP error, not retried', async () => {
    server = await scriptedServer((req, n) => {
      if (req.path === 'gettoken') return tokenAction(n);
      if (req.path === 'tag/list') return n === 1 ? { status: 502, text: 'bad gateway' } : ok({ taglist: [] });
      return { status: 200, text: '<html>proxy login</html>' };
    });
    const { client } = makeClient(server);
    await expect(client.tags.list()).resolves.toEqual([]);
    const e = await client.departments.list().catch((x) => x);
    expect(e.code).toBe('WECOM_HTTP');
    expect(server.count('department/list')).toBe(1);
    await client.close();
  });

  test('connection refused (never sent) is retried even for non-idempotent calls', async () => {
    const dead = await scriptedServer(() => ok());
    const url = dead.url;
    await dead.close();
    server = await scriptedServer(() => ok());
    const client = new WecomClient({ corpId: 'c', corpSecret: SECRET, baseUrl: url, tokenCache: new TokenCache(), sleep: async () => undefined, retry: { maxAttempts: 2 } });
    const e = await client.robots.send('robotkey-123456', { msgtype: 'text', text: { content: 'x' } }).catch((x) => x);
    expect(e.code).toBe('WECOM_NETWORK');
    expect(e.notSent).toBe(true);
    expect(e.attempts).toBe(2);
    await client.close();
  });
});
