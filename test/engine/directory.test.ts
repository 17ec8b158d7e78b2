// Directory: the cached lookups that keep a plan at "one call per chat plus a constant".
import { TokenCache, WecomClient } from '../../src/client';
import { Directory } from '../../src/engine/directory';
import { buildDefaultOrg, DEFAULT_ORG, RunningSimulator, startSimulator } from '../../src/simulator';

describe('Directory', () => {
  let sim: RunningSimulator;
  let client: WecomClient;
  const active = buildDefaultOrg().users.filter((u) => u.status === 1).map((u) => u.userid);

  beforeAll(async () => { sim = await startSimulator(); });
  afterAll(async () => { await sim.close(); });
  beforeEach(() => {
    client = new WecomClient({ corpId: DEFAULT_ORG.corpId, corpSecret: DEFAULT_ORG.agents.main.secret, baseUrl: sim.url, tokenCache: new TokenCache() });
  });
  afterEach(async () => { await client.close(); });

  test('checkUsers: many small checks over a run list the directory once instead of a user/get each', async () => {
    const dir = new Directory(client, 'simplelist');
    for (let i = 0; i < 100; i += 4) {
      const found = await dir.checkUsers(active.slice(i, i + 4));
      expect([...found.values()].every((u) => u?.status === 1)).toBe(true);
    }
    expect(client.stats().calls['user/get']).toBeLessThanOrEqual(40);
    expect(client.stats().calls['user/simplelist']).toBe(buildDefaultOrg().departments.length);
  });

  test('checkUsers: a small check while a bulk check lists the directory waits for that listing, no user/get', async () => {
    const dir = new Directory(client, 'simplelist');
    const bulk = dir.checkUsers(active.slice(0, 60)); // lists the whole directory
    // Started when part of the listing is in: its people would each have cost a user/get.
    while (!(client.stats().calls['user/simplelist'] ?? 0)) await new Promise((r) => setImmediate(r));
    const small = await dir.checkUsers(active.slice(-3));
    await bulk;
    expect([...small.values()].every((u) => u?.status === 1)).toBe(true);
    expect(client.stats().calls['user/get'] ?? 0).toBe(0);
    expect(client.stats().calls['user/simplelist']).toBe(buildDefaultOrg().departments.length);
  });

  test('checkUsers: someone who left is reported as left in a bulk check, even after a user/get', async () => {
    const dir = new Directory(client, 'simplelist');
    expect((await dir.checkUsers([DEFAULT_ORG.users.left])).get(DEFAULT_ORG.users.left)?.status).toBe(5);
    const bulk = await dir.checkUsers([...active.slice(0, 60), DEFAULT_ORG.users.left, 'ghost-user']);
    expect(bulk.get(DEFAULT_ORG.users.left)?.status).toBe(5);
    expect(bulk.get('ghost-user')).toBeUndefined();
    expect(bulk.get(active[0].toLowerCase())?.status).toBe(1);
  });

  test('usersInDepartmentTree: computed once, and callers get their own copy', async () => {
    const dir = new Directory(client, 'simplelist');
    const first = await dir.usersInDepartmentTree(DEFAULT_ORG.departments.tech);
    first.push('mutated');
    const second = await dir.usersInDepartmentTree(DEFAULT_ORG.departments.tech);
    expect(second).not.toContain('mutated');
    expect(second).toEqual(first.slice(0, -1));
    const lists = client.stats().calls['user/simplelist'];
    await dir.usersInDepartmentTree(DEFAULT_ORG.departments.tech);
    expect(client.stats().calls['user/simplelist']).toBe(lists);
  });
});
