// RobotClient.send and the robot's 20-a-minute window: WeCom's 45009 is waited for by asking
// again (its answer decides, not an assumed 60 s), bounded by maxWaitMs; so is the client's own
// window. -1 stays in the retry budget; permanent errors fail at once. Over real HTTP, fake clock.
import { RATE_POLL_FIRST_MS, RATE_POLL_MAX_MS, RobotClient, WecomApiError, WecomQuotaError } from '../../src/client';
import type { ClientEvent, RobotClientOptions } from '../../src/client';
import { err, FakeClock, ok, scriptedServer, Scripted } from './helpers/scripted-server';

const KEY = 'robot-key-SECRET-0001';
const MSG = { msgtype: 'text' as const, text: { content: 'hi' } };

function robotClient(server: Scripted, extra: RobotClientOptions = {}) {
  const clock = new FakeClock();
  const events: ClientEvent[] = [];
  const client = new RobotClient({ baseUrl: server.url, now: clock.now, sleep: clock.sleep, random: () => 0.5, log: (e) => events.push(e), ...extra });
  return { client, clock, events };
}

describe('RobotClient.send and the robot window', () => {
  let server: Scripted;
  afterEach(async () => { await server?.close(); });

  test('45009 is asked again with growing pauses until WeCom accepts, beyond the retry budget', async () => {
    server = await scriptedServer((_req, n) => (n <= 6 ? err(45009, 'api freq out of limit') : ok()));
    const { client, clock, events } = robotClient(server);
    const r = await client.send(KEY, MSG);
    expect(r).toEqual({ attempts: 7, rateWaitedMs: clock.sleeps.reduce((a, b) => a + b, 0) });
    expect(server.count('webhook/send')).toBe(7); // more than retry.maxAttempts (4)
    // random() 0.5: 75 % of ceilings 1, 2, 4, 8, 10, 10 s.
    expect(clock.sleeps).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000].map((c) => Math.ceil(c * 0.75)));
    expect(RATE_POLL_FIRST_MS).toBe(1000);
    expect(RATE_POLL_MAX_MS).toBe(10_000);
    expect(events.filter((e) => e.type === 'rate-wait')).toHaveLength(6);
    expect(client.stats()).toMatchObject({ retries: 0, rateWaits: 6 });
    expect(JSON.stringify(events)).not.toContain(KEY);
    await client.close();
  });

  test('still 45009 when maxWaitMs is spent: the last answer, saying how long it waited and how many attempts', async () => {
    server = await scriptedServer(() => err(45009, 'api freq out of limit'));
    const { client, clock } = robotClient(server);
    const e = await client.send(KEY, MSG, { maxWaitMs: 5000 }).catch((x) => x);
    expect(e).toBeInstanceOf(WecomApiError);
    expect(e.errcode).toBe(45009);
    // Pauses 750, 1500, 2750 (the rest of the 5 s), then one last attempt.
    expect(clock.sleeps).toEqual([750, 1500, 2750]);
    expect(e.attempts).toBe(4);
    expect(e.message).toBe('webhook/send: errcode 45009 (api freq out of limit) - A WeCom frequency limit was hit; wait and retry. ' +
      'Still refused after waiting 5 s for the rate window (at most 5 s). [after 4 attempts]');
    expect(e.message + String(e.stack)).not.toContain(KEY);
    await client.close();
  });

  test('maxWaitMs 0: the first 45009 is final', async () => {
    server = await scriptedServer(() => err(45009, 'api freq out of limit'));
    const { client, clock } = robotClient(server);
    await expect(client.send(KEY, MSG, { maxWaitMs: 0 })).rejects.toMatchObject({ errcode: 45009, attempts: 1 });
    expect(clock.sleeps).toEqual([]);
    await client.close();
  });

  test('busy (-1) is retried within the retry budget; 45009 in between does not use it up', async () => {
    const script = [-1, 45009, -1, 45009, 45009, -1, 0];
    server = await scriptedServer((_req, n) => (script[n - 1] === 0 ? ok() : err(script[n - 1])));
    const { client } = robotClient(server);
    await expect(client.send(KEY, MSG)).resolves.toMatchObject({ attempts: 7 });
    expect(client.stats().retries).toBe(3);
    await client.close();
  });

  test.each([93000, 93004, 40058])('errcode %i fails at once (one attempt)', async (code) => {
    server = await scriptedServer(() => err(code));
    const { client, clock } = robotClient(server);
    await expect(client.send(KEY, MSG)).rejects.toMatchObject({ errcode: code, attempts: 1 });
    expect(server.count('webhook/send')).toBe(1);
    expect(clock.sleeps).toEqual([]);
    await client.close();
  });

  test("the client's own window waits too, but not past maxWaitMs (WecomQuotaError, not sent)", async () => {
    server = await scriptedServer(() => ok());
    const { client, clock } = robotClient(server, { limits: { robotMessagesPerMinute: 1 } });
    await client.send(KEY, MSG);
    const e = await client.send(KEY, MSG, { maxWaitMs: 30_000 }).catch((x) => x);
    expect(e).toBeInstanceOf(WecomQuotaError);
    expect(e.quota).toMatch(/^robotMessagesPerMinute\[[0-9a-f]+\]$/);
    expect(server.count('webhook/send')).toBe(1);
    expect(clock.sleeps).toEqual([]);
    // With room for the window (the default 120 s), it waits and sends.
    await expect(client.send(KEY, MSG)).resolves.toMatchObject({ attempts: 1, rateWaitedMs: 60_005 });
    expect(server.count('webhook/send')).toBe(2);
    await client.close();
  });

  test('maxWaitMs must be a number >= 0', async () => {
    server = await scriptedServer(() => ok());
    const { client } = robotClient(server);
    await expect(client.send(KEY, MSG, { maxWaitMs: -1 })).rejects.toMatchObject({ code: 'WECOM_INVALID_ARGUMENT' });
    expect(server.count('webhook/send')).toBe(0);
    await client.close();
  });
});
