import { harness, ORG } from './helpers';
import type { Harness } from './helpers';

describe('appchat', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness({ limits: { maxChatMembers: 5 } });
  });
  afterEach(() => h.running.close());

  const create = (body: unknown, agent: 'main' | 'other' = 'main') => h.api.post('appchat/create', body, agent);

  describe('POST appchat/create', () => {
    it('creates with a chosen chatid and owner, in directory spelling', async () => {
      const r = await create({ chatid: 'projalpha', name: '项目', owner: 'hanmeimei', userlist: ['HANMEIMEI', 'lisi', 'lisi'] });
      expect(r).toEqual({ errcode: 0, errmsg: 'ok', chatid: 'projalpha' });
      const got = await h.api.get('appchat/get', { chatid: 'projalpha' });
      expect(got.chat_info).toEqual({ chatid: 'projalpha', name: '项目', owner: 'HanMeimei', userlist: ['HanMeimei', 'lisi'], chat_type: 0 });
      expect(h.running.sim.inspect.chat('projalpha')?.createdBy).toBe(ORG.agents.main.agentid);
    });

    it('picks a random chatid and a random owner from userlist when omitted (seeded)', async () => {
      const r = await create({ userlist: ['zhangsan', 'lisi', 'wangwu'] });
      expect(r.chatid).toMatch(/^[0-9a-z]{1,32}$/);
      const chat = h.running.sim.inspect.chat(r.chatid);
      expect(['zhangsan', 'lisi', 'wangwu']).toContain(chat?.owner);
      const again = await harness({ limits: { maxChatMembers: 5 } });
      try {
        const r2 = await again.api.post('appchat/create', { userlist: ['zhangsan', 'lisi', 'wangwu'] });
        expect(r2.chatid).toBe(r.chatid);
        expect(again.running.sim.inspect.chat(r2.chatid)?.owner).toBe(chat?.owner);
      } finally {
        await again.running.close();
      }
    });

    it('truncates names over 50 characters', async () => {
      const name = '群'.repeat(60);
      const r = await create({ chatid: 'longname', name, owner: 'lisi', userlist: ['lisi', 'wangwu'] });
      expect(r.errcode).toBe(0);
      expect((await h.api.get('appchat/get', { chatid: 'longname' })).chat_info.name).toBe('群'.repeat(50));
    });

    it.each([
      ['86204 without userlist', { owner: 'lisi' }, 86204],
      ['86006 one member', { userlist: ['lisi'] }, 86006],
      ['86006 one member after dedup', { userlist: ['lisi', 'LISI'] }, 86006],
      ['86006 over the configured maximum', { userlist: ['lisi', 'wangwu', 'zhangsan', 'zhaoliu', 'sunqi', 'zhouba'] }, 86006],
      ['86001 bad chatid characters', { chatid: 'bad-id!', userlist: ['lisi', 'wangwu'] }, 86001],
      ['86205 chatid over 32 characters', { chatid: 'a'.repeat(33), userlist: ['lisi', 'wangwu'] }, 86205],
      ['86206 numeric chatid too large', { chatid: '99999999999999999999', userlist: ['lisi', 'wangwu'] }, 86206],
      ['86207 owner not in userlist', { owner: 'zhangsan', userlist: ['lisi', 'wangwu'] }, 86207],
      ['86216 member not in the directory', { userlist: ['lisi', 'ghost'] }, 86216],
      ['86216 member who left the company', { userlist: ['lisi', ORG.users.left] }, 86216],
      ['40058 userlist not an array', { userlist: 'lisi|wangwu' }, 40058],
      ['40058 name not a string', { name: 5, userlist: ['lisi', 'wangwu'] }, 40058],
    ])('%s', async (_name, body, code) => {
      expect((await create(body)).errcode).toBe(code);
    });

    it('86215 when the chatid exists (also for another app\'s chat)', async () => {
      expect((await create({ chatid: 'dupe1', owner: 'lisi', userlist: ['lisi', 'wangwu'] })).errcode).toBe(0);
      expect((await create({ chatid: 'dupe1', owner: 'lisi', userlist: ['lisi', 'wangwu'] })).errcode).toBe(86215);
      expect((await create({ chatid: ORG.appChats.otherApp, owner: 'lisi', userlist: ['lisi', 'wangwu'] })).errcode).toBe(86215);
    });

    it('counts creates per corp per day (45009), reset on the next natural day', async () => {
      const h2 = await harness({ limits: { chatCreatesPerDay: 2 } });
      try {
        for (const id of ['day1', 'day2']) expect((await h2.api.post('appchat/create', { chatid: id, owner: 'lisi', userlist: ['lisi', 'wangwu'] })).errcode).toBe(0);
        expect((await h2.api.post('appchat/create', { chatid: 'day3', owner: 'lisi', userlist: ['lisi', 'wangwu'] })).errcode).toBe(45009);
        h2.clock.advance(3 * 3_600_000);
        h2.api.forget(); // the 2 h token expired
        expect((await h2.api.post('appchat/create', { chatid: 'day3', owner: 'lisi', userlist: ['lisi', 'wangwu'] })).errcode).toBe(45009);
        h2.clock.advance(13 * 3_600_000); // past midnight China time
        h2.api.forget();
        expect((await h2.api.post('appchat/create', { chatid: 'day3', owner: 'lisi', userlist: ['lisi', 'wangwu'] })).errcode).toBe(0);
      } finally {
        await h2.running.close();
      }
    });
  });

  describe('GET appchat/get', () => {
    it('86201 without chatid, 86003 unknown, 86008 another app\'s chat', async () => {
      expect((await h.api.get('appchat/get', {})).errcode).toBe(86201);
      expect((await h.api.get('appchat/get', { chatid: 'nosuchchat' })).errcode).toBe(86003);
      expect((await h.api.get('appchat/get', { chatid: ORG.appChats.otherApp })).errcode).toBe(86008);
      expect((await h.api.get('appchat/get', { chatid: ORG.appChats.otherApp }, 'other')).errcode).toBe(0);
    });
  });

  describe('malformed vs unknown chatid on get, update and send', () => {
    // 86001: no chat can have this id (not 1..32 of [0-9a-zA-Z]); 86003: well-formed, no such chat.
    const MALFORMED = ['bad-id!', 'has space', '中文群', 'a'.repeat(33), 'under_score'];
    const calls: Array<[string, (chatid: string) => Promise<{ errcode: number; errmsg: string }>]> = [
      ['get', (chatid) => h.api.get('appchat/get', { chatid }) as Promise<{ errcode: number; errmsg: string }>],
      ['update', (chatid) => h.api.post('appchat/update', { chatid, name: 'x' }) as Promise<{ errcode: number; errmsg: string }>],
      ['send', (chatid) => h.api.post('appchat/send', { chatid, msgtype: 'text', text: { content: 'x' } }) as Promise<{ errcode: number; errmsg: string }>],
    ];

    it.each(calls)('%s answers 86001 for every malformed chatid', async (_name, call) => {
      for (const chatid of MALFORMED) {
        const r = await call(chatid);
        expect([chatid, r.errcode]).toEqual([chatid, 86001]);
        expect(r.errmsg).toMatch(/^invalid chatid/);
      }
    });

    it.each(calls)('%s answers 86003 for well-formed unknown chatids (32 characters, all digits)', async (_name, call) => {
      for (const chatid of ['nosuchchat', 'a'.repeat(32), '9'.repeat(30)]) expect((await call(chatid)).errcode).toBe(86003);
    });

    it('a malformed chatid is not recorded as a message and changes nothing', async () => {
      await h.api.post('appchat/send', { chatid: 'bad-id!', msgtype: 'text', text: { content: 'x' } });
      expect(h.running.sim.inspect.messages({ via: 'appchat' })).toEqual([]);
    });
  });

  describe('POST appchat/update', () => {
    const chatid = ORG.appChats.opsRoom; // zhangsan (owner), lisi, wangwu, zhaoliu
    const update = (body: Record<string, unknown>, agent: 'main' | 'other' = 'main') => h.api.post('appchat/update', { chatid, ...body }, agent);

    it('applies deltas, name and owner', async () => {
      expect((await update({ name: '新名字', add_user_list: ['sunqi'], del_user_list: ['ZHAOLIU'], owner: 'lisi' })).errcode).toBe(0);
      const info = (await h.api.get('appchat/get', { chatid })).chat_info;
      expect(info).toMatchObject({ name: '新名字', owner: 'lisi', userlist: ['zhangsan', 'lisi', 'wangwu', 'sunqi'] });
    });

    it('86203 when the current owner is removed without a new owner', async () => {
      expect((await update({ del_user_list: ['zhangsan'] })).errcode).toBe(86203);
      expect((await update({ del_user_list: ['zhangsan'], owner: 'wangwu' })).errcode).toBe(0);
      expect((await h.api.get('appchat/get', { chatid })).chat_info.owner).toBe('wangwu');
    });

    it.each([
      ['86201 without chatid', { chatid: '' }, 86201],
      ['86216 adding a user not in the directory', { add_user_list: ['ghost'] }, 86216],
      ['86216 deleting a non-member', { del_user_list: ['sunqi'] }, 86216],
      ['86207 owner not a member afterwards', { owner: 'sunqi' }, 86207],
      ['86006 above the maximum', { add_user_list: ['sunqi', 'zhouba'] }, 86006],
      ['86006 below two members', { del_user_list: ['lisi', 'wangwu', 'zhaoliu'] }, 86006],
      ['86003 unknown chat', { chatid: 'nosuchchat' }, 86003],
      ['86008 another app\'s chat', { chatid: ORG.appChats.otherApp }, 86008],
      ['40058 add_user_list not an array', { add_user_list: 'sunqi' }, 40058],
    ])('%s', async (_name, body, code) => {
      expect((await update(body)).errcode).toBe(code);
    });

    it('allowUpdateBelowTwoMembers lets a chat shrink below two', async () => {
      const h2 = await harness({ limits: { allowUpdateBelowTwoMembers: true } });
      try {
        const r = await h2.api.post('appchat/update', { chatid, del_user_list: ['lisi', 'wangwu', 'zhaoliu'] });
        expect(r.errcode).toBe(0);
        expect(h2.running.sim.inspect.chat(chatid)?.userlist).toEqual(['zhangsan']);
      } finally {
        await h2.running.close();
      }
    });

    it('counts updates per corp per hour (45009)', async () => {
      const h2 = await harness({ limits: { chatUpdatesPerHour: 2 } });
      try {
        for (const name of ['a', 'b']) expect((await h2.api.post('appchat/update', { chatid, name })).errcode).toBe(0);
        expect((await h2.api.post('appchat/update', { chatid, name: 'c' })).errcode).toBe(45009);
        h2.clock.advance(3_600_000);
        expect((await h2.api.post('appchat/update', { chatid, name: 'c' })).errcode).toBe(0);
      } finally {
        await h2.running.close();
      }
    });
  });

  describe('POST appchat/send', () => {
    const chatid = ORG.appChats.release;
    const send = (body: Record<string, unknown>, agent: 'main' | 'other' = 'main') => h.api.post('appchat/send', { chatid, ...body }, agent);

    it('sends each message type and records them', async () => {
      const bodies = [
        { msgtype: 'text', text: { content: '你好' }, safe: 0 },
        { msgtype: 'markdown', markdown: { content: '**hi**' } },
        { msgtype: 'image', image: { media_id: 'MEDIA' } },
        { msgtype: 'voice', voice: { media_id: 'MEDIA' } },
        { msgtype: 'file', file: { media_id: 'MEDIA' } },
        { msgtype: 'video', video: { media_id: 'MEDIA', title: 't' } },
        { msgtype: 'textcard', textcard: { title: 't', description: 'd', url: 'https://example.com' } },
        { msgtype: 'news', news: { articles: [{ title: 't', url: 'https://example.com' }] } },
        { msgtype: 'mpnews', mpnews: { articles: [{ title: 't', thumb_media_id: 'M', content: 'c' }] } },
      ];
      for (const b of bodies) expect((await send(b)).errcode).toBe(0);
      const msgs = h.running.sim.inspect.messages({ chatid });
      expect(msgs.map((m) => m.msgtype)).toEqual(bodies.map((b) => b.msgtype));
      expect(msgs[0]).toMatchObject({ via: 'appchat', agentid: ORG.agents.main.agentid, content: { text: { content: '你好' } } });
    });

    it.each([
      ['40008 unknown msgtype', { msgtype: 'sticker', sticker: {} }, 40008],
      ['40063 missing msgtype', { text: { content: 'x' } }, 40063],
      ['40063 missing content object', { msgtype: 'text' }, 40063],
      ['40063 empty text content', { msgtype: 'text', text: { content: '' } }, 40063],
      ['40058 text over 2048 bytes', { msgtype: 'text', text: { content: '字'.repeat(683) } }, 40058],
      ['40058 news with 9 articles', { msgtype: 'news', news: { articles: Array.from({ length: 9 }, () => ({ title: 't' })) } }, 40058],
      ['40058 news with no article', { msgtype: 'news', news: { articles: [] } }, 40058],
      ['40063 textcard without url', { msgtype: 'textcard', textcard: { title: 't', description: 'd' } }, 40063],
      ['86008 another app\'s chat', { chatid: ORG.appChats.otherApp, msgtype: 'text', text: { content: 'x' } }, 86008],
      ['86003 unknown chat', { chatid: 'nosuch', msgtype: 'text', text: { content: 'x' } }, 86003],
    ])('%s', async (_name, body, code) => {
      expect((await send(body)).errcode).toBe(code);
    });

    it('accepts text of exactly 2048 bytes', async () => {
      expect((await send({ msgtype: 'text', text: { content: 'a'.repeat(2048) } })).errcode).toBe(0);
    });

    it('counts person-messages per corp per minute', async () => {
      const h2 = await harness({ limits: { appChatPersonMessagesPerMinute: 8 } });
      try {
        const msg = { chatid, msgtype: 'text', text: { content: 'x' } }; // 4 members
        expect((await h2.api.post('appchat/send', msg)).errcode).toBe(0);
        expect((await h2.api.post('appchat/send', msg)).errcode).toBe(0);
        expect((await h2.api.post('appchat/send', msg)).errcode).toBe(45009);
      } finally {
        await h2.running.close();
      }
    });
  });
});
