import { DEFAULT_ORG, SeedError, buildDefaultOrg, validateSeed } from '../../src/simulator';
import { harness } from './helpers';

describe('seed', () => {
  it('the default org is deterministic and has the documented shape', () => {
    const a = buildDefaultOrg();
    expect(buildDefaultOrg()).toEqual(a);
    expect(() => validateSeed(a)).not.toThrow();
    expect(a.corp.id).toBe(DEFAULT_ORG.corpId);
    expect(a.corp.agents.length).toBeGreaterThanOrEqual(2);
    expect(a.departments.length).toBeGreaterThanOrEqual(30);
    expect(a.users).toHaveLength(300);
    expect(a.users.some((u) => u.status === 5)).toBe(true);
    expect(a.users.some((u) => u.status === 2)).toBe(true);
    expect(a.customerGroups).toHaveLength(10);
    expect(a.customerGroups?.every((g) => g.member_list.some((m) => typeof m === 'object' && m.type === 2))).toBe(true);
    for (const u of Object.values(DEFAULT_ORG.users)) expect(a.users.map((x) => x.userid)).toContain(u);
  });

  it('reports every problem at once, naming the field', () => {
    const seed = buildDefaultOrg() as unknown as Record<string, any>;
    seed.corp.agents[1].secret = seed.corp.agents[0].secret;
    seed.users[1].userid = 'ZHANGSAN';
    seed.users[2].status = 3;
    seed.tags[0].userlist = ['ghost'];
    seed.customerGroups[0].member_list.push({ userid: 'x', type: 9 });
    seed.robots[0].key = '';
    seed.appChats[0].owner = 'sunqi';
    seed.departments[5].parentid = 999;
    let err: SeedError | undefined;
    try {
      validateSeed(seed);
    } catch (e) {
      err = e as SeedError;
    }
    expect(err).toBeInstanceOf(SeedError);
    expect(err?.problems).toEqual(expect.arrayContaining([
      'corp.agents[1].secret: duplicate secret ' + seed.corp.agents[0].secret,
      'users[1].userid: duplicate userid (case-insensitive) zhangsan',
      'users[2].status: must be 1 (active), 2 (disabled), 4 (not activated) or 5 (left)',
      'tags[0].userlist[0]: user ghost does not exist',
      expect.stringMatching(/^customerGroups\[0\]\.member_list\[\d+\]\.type: must be 1 \(member\) or 2 \(external\)$/),
      'robots[0].key: must be a non-empty string',
      'appChats[0].owner: must be one of userlist',
      'departments[5].parentid: department 999 does not exist',
    ]));
  });

  it('rejects non-objects and missing sections', () => {
    expect(() => validateSeed(42)).toThrow(SeedError);
    expect(() => validateSeed({})).toThrow(/corp: must be an object/);
  });

  it('accepts a minimal seed with string and object members', async () => {
    const h = await harness({
      seed: {
        corp: { id: 'wwmini', agents: [{ agentid: 1, secret: 's1', name: 'a' }] },
        departments: [{ id: 1, name: 'root', parentid: 0 }],
        users: [{ userid: 'u1', name: 'U1', department: [1] }, { userid: 'u2', name: 'U2', department: [1] }],
        customerGroups: [{ chat_id: 'wrg1', name: 'g', owner: 'u1', member_list: ['u2', { userid: 'wmext', type: 2 }] }],
        robots: [{ key: 'k1', chatid: 'wrg1', name: 'bot' }],
      },
    });
    try {
      const tok = await h.api.getRaw('gettoken', { corpid: 'wwmini', corpsecret: 's1' });
      const g = await h.api.postRaw('externalcontact/groupchat/get', { access_token: tok.access_token }, { chat_id: 'wrg1' });
      expect(g.group_chat.member_list.map((m: { userid: string; type: number }) => [m.userid, m.type])).toEqual([['u1', 1], ['u2', 1], ['wmext', 2]]);
      expect((await h.api.robot('k1', { msgtype: 'text', text: { content: 'x' } })).errcode).toBe(0);
    } finally {
      await h.running.close();
    }
  });
});
