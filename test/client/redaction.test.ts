import { Redactor, RobotClient, stripQueryStrings, WecomClient, TokenCache } from '../../src/client';
import { err, makeClient, ok, scriptedServer, Scripted, SECRET, TOKEN, tokenAction } from './helpers/scripted-server';

const ROBOT_KEY = 'a7c1e2f0-robot-key-SECRET-99';

/** Everything an error exposes: own fields, message, stack, the cause chain. */
function dump(e: unknown, depth = 0): string {
  if (!(e instanceof Error) || depth > 5) return String(e);
  const own = Object.fromEntries(Object.entries(e).map(([k, v]) => [k, v instanceof Error ? '[err]' : v]));
  return [e.message, e.stack, JSON.stringify(own), dump((e as { cause?: unknown }).cause, depth + 1)].join('\n');
}

describe('secrets never leave the client', () => {
  let server: Scripted;
  afterEach(async () => { await server?.close(); });

  test('errors, stacks, causes and log events carry no secret, token or robot key', async () => {
    server = await scriptedServer((req, n) => {
      if (req.path === 'gettoken') return tokenAction(n);
      // An errmsg that echoes the credentials (and a URL with them in the query string).
      if (req.path === 'tag/list') return err(40014, `invalid access_token ${TOKEN} for https://x/cgi-bin/tag/list?access_token=${TOKEN}&corpsecret=${SECRET}`);
      if (req.path === 'webhook/send') return n === 1 ? err(93000, `invalid webhook url key=${ROBOT_KEY}`) : { reset: true };
      if (req.path === 'department/list') return { hang: true };
      return { reset: true };
    });
    const { client, events } = makeClient(server, { timeoutMs: 100, retry: { maxAttempts: 2 } });
    const errors: unknown[] = [];
    const collect = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a failure'); }, (e) => errors.push(e));
    await collect(client.tags.list());
    await collect(client.robots.send(ROBOT_KEY, { msgtype: 'text', text: { content: 'x' } }));
    await collect(client.robots.send(ROBOT_KEY, { msgtype: 'text', text: { content: 'x' } }));
    await collect(client.robots.uploadMedia(ROBOT_KEY, 'file', 'a.txt', Buffer.from('hello world')));
    await collect(client.departments.list());
    await collect(client.interceptRules.add({ rule_name: 'r', word_list: ['w'], intercept_type: 1, applicable_range: { user_list: ['u'] } }));
    await collect(client.users.get('alice'));
    expect(errors).toHaveLength(7);
    const everything = errors.map((e) => dump(e)).join('\n') + JSON.stringify(events);
    for (const secret of [SECRET, TOKEN, ROBOT_KEY, encodeURIComponent(ROBOT_KEY)]) expect(everything).not.toContain(secret);
    expect(everything).not.toMatch(/access_token=|corpsecret=|key=[^*\s]/);
    expect(events.length).toBeGreaterThan(5);
    // Errors still say which endpoint failed, by path.
    expect(errors.map((e) => (e as { endpoint?: string }).endpoint)).toEqual([
      'tag/list', 'webhook/send', 'webhook/send', 'webhook/upload_media', 'department/list', 'externalcontact/add_intercept_rule', 'user/get',
    ]);
    await client.close();
  });

  test('a bad secret at gettoken: the secret appears nowhere', async () => {
    server = await scriptedServer(() => err(40001, `invalid credential, corpsecret ${SECRET}`));
    const { client, events } = makeClient(server);
    const e = await client.tags.list().catch((x) => x);
    expect(dump(e) + JSON.stringify(events)).not.toContain(SECRET);
    await client.close();
  });

  test('RobotClient needs no corp credentials and keeps the key out of errors', async () => {
    server = await scriptedServer((req) => req.query.key === ROBOT_KEY ? err(93004, 'webhook disabled') : ok());
    const events: unknown[] = [];
    const robot = new RobotClient({ baseUrl: server.url, log: (e) => events.push(e) });
    const e = await robot.send(ROBOT_KEY, { msgtype: 'markdown', markdown: { content: '**hi**' } }).catch((x) => x);
    expect(e).toMatchObject({ code: 'WECOM_API_ERROR', errcode: 93004, endpoint: 'webhook/send' });
    expect(dump(e) + JSON.stringify(events)).not.toContain(ROBOT_KEY);
    expect(server.seen[0].query).toEqual({ key: ROBOT_KEY });
    expect(server.seen[0].body).toEqual({ msgtype: 'markdown', markdown: { content: '**hi**' } });
    await robot.close();
  });

  test('config errors name the option, never the value of a secret', () => {
    expect(() => new WecomClient({ corpId: 'c', corpSecret: '' })).toThrow(/corpSecret is missing or empty \(usually read from the environment variable WECOM_CORP_SECRET\)/);
    expect(() => new WecomClient({ corpId: '', corpSecret: SECRET })).toThrow(expect.objectContaining({ code: 'WECOM_CONFIG' }));
    expect(() => new WecomClient({ corpId: 'c', corpSecret: SECRET, baseUrl: 'not a url', tokenCache: new TokenCache() })).toThrow(/baseUrl 'not a url' is not a URL/);
    expect(() => new WecomClient({ corpId: 'c', corpSecret: SECRET, retry: { maxAttempts: 0 } })).toThrow(/retry.maxAttempts is 0/);
    expect(() => new WecomClient({ corpId: 'c', corpSecret: SECRET, limits: { chatCreatesPerDay: -1 } })).toThrow(/limits.chatCreatesPerDay/);
    expect(() => new WecomClient({ corpId: 'c', corpSecret: SECRET, maxInFlight: 0 })).toThrow(/maxInFlight/);
  });
});

describe('Redactor', () => {
  test('masks registered secrets, their URL-encoded form, and every query string', () => {
    const r = new Redactor();
    r.register('s3cr3t/with+chars');
    expect(r.scrub('a s3cr3t/with+chars b s3cr3t%2Fwith%2Bchars')).toBe('a *** b ***');
    expect(stripQueryStrings('GET http://h/cgi-bin/x?access_token=abc&y=1 failed')).toBe('GET http://h/cgi-bin/x?[redacted] failed');
    expect(stripQueryStrings('is this ours? yes')).toBe('is this ours? yes');
  });
});
