// The generated org (--org-size): deterministic, valid as a seed, realistic in shape; the default
// org is untouched.
import { TokenCache, WecomClient } from '../../src/client';
import { buildDefaultOrg, DEFAULT_ORG, generateOrg, startSimulator, validateSeed } from '../../src/simulator';

describe('generateOrg', () => {
  test('is deterministic and a valid seed', () => {
    const a = generateOrg({ size: 5000 });
    expect(generateOrg({ size: 5000 })).toEqual(a);
    expect(() => validateSeed(a)).not.toThrow();
    expect(a.users).toHaveLength(5000);
    expect(generateOrg({ size: 5000, seed: 7 }).users.map((u) => u.name)).not.toEqual(a.users.map((u) => u.name));
  });

  test('100,000 people: hundreds of departments in four levels, people in several departments, people who left, tags', () => {
    const org = generateOrg({ size: 100000 });
    expect(org.departments.length).toBeGreaterThan(300);
    expect(org.departments.length).toBeLessThan(2000);
    const depth = new Map<number, number>([[0, 0]]);
    for (const d of org.departments) depth.set(d.id, depth.get(d.parentid)! + 1);
    expect(Math.max(...depth.values())).toBe(4);
    expect(org.users.filter((u) => u.department.length > 1).length).toBeGreaterThan(1000);
    expect(org.users.filter((u) => u.status === 5).length).toBeGreaterThan(1000);
    expect(org.users.some((u) => /^U/.test(u.userid))).toBe(true);
    expect(org.tags!.length).toBeGreaterThan(20);
    expect(org.shape.teams.length + org.shape.centres.length + org.shape.divisions.length + 1).toBe(org.departments.length);
  });

  test('sizes out of range are refused', () => {
    expect(() => generateOrg({ size: 3 })).toThrow(/org size/);
    expect(() => generateOrg({ size: 1.5 })).toThrow(/org size/);
  });
});

describe('startSimulator({ orgSize })', () => {
  test('serves the generated org; seed and orgSize exclude each other', async () => {
    const sim = await startSimulator({ orgSize: 2000 });
    try {
      expect(sim.sim.state.users).toHaveLength(2000);
      expect(sim.corp.id).toBe(buildDefaultOrg().corp.id);
    } finally {
      await sim.close();
    }
    await expect(startSimulator({ orgSize: 2000, seed: buildDefaultOrg() })).rejects.toThrow(/not both/);
    await expect(startSimulator({ orgSize: 2 })).rejects.toThrow(/orgSize/);
  });

  test('the department and list_id indexes follow out-of-band changes (a user who left is no longer listed)', async () => {
    const sim = await startSimulator({ orgSize: 2000 });
    const client = (secret: string) => new WecomClient({ corpId: DEFAULT_ORG.corpId, corpSecret: secret, baseUrl: sim.url, tokenCache: new TokenCache() });
    const app = client(DEFAULT_ORG.agents.main.secret);
    const sync = client(DEFAULT_ORG.agents.contactSync.secret);
    try {
      const team = generateOrg({ size: 2000 }).shape.teams[0];
      const before = await app.users.simpleList(team);
      const pairs = async () => { const out = []; for await (const p of sync.users.listAllIds(500)) out.push(p); return out; };
      const rows = (await pairs()).length;
      sim.sim.oob.user({ userid: before[0].userid, status: 5 });
      expect((await app.users.simpleList(team)).map((u) => u.userid)).toEqual(before.slice(1).map((u) => u.userid));
      expect((await pairs()).length).toBe(rows - 1);
    } finally {
      await app.close();
      await sync.close();
      await sim.close();
    }
  });

  test('the default org stays the 300-person org', () => {
    const org = buildDefaultOrg();
    expect(org.users).toHaveLength(300);
    expect(org.departments).toHaveLength(31);
  });
});
