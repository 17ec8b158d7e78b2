import { createHash } from 'node:crypto';
import { fingerprint } from '../../src/simulator';
import { harness, ORG } from './helpers';
import type { Harness, Json } from './helpers';

const OPS = ORG.robots.ops;
const RELEASE = ORG.robots.release;

async function upload(h: Harness, key: string, type: string, data: Buffer | string, field = 'media'): Promise<Json> {
  const form = new FormData();
  form.append(field, new Blob([data]), 'payload.bin');
  const res = await fetch(h.api.url('webhook/upload_media', { key, type }), { method: 'POST', body: form });
  expect(res.status).toBe(200);
  return (await res.json()) as Json;
}

describe('webhook', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(() => h.running.close());

  describe('POST webhook/send?key=', () => {
    it('posts every message type into the robot\'s chat and records it', async () => {
      const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
      const file = await upload(h, OPS.key, 'file', 'hello file contents');
      const voice = await upload(h, OPS.key, 'voice', '#!AMR\n0123456789');
      const bodies = [
        { msgtype: 'text', text: { content: 'hi', mentioned_list: ['zhangsan', '@all'] } },
        { msgtype: 'markdown', markdown: { content: '# title' } },
        { msgtype: 'markdown_v2', markdown_v2: { content: '# title' } },
        { msgtype: 'image', image: { base64: png.toString('base64'), md5: createHash('md5').update(png).digest('hex') } },
        { msgtype: 'news', news: { articles: [{ title: 't', url: 'https://example.com' }] } },
        { msgtype: 'file', file: { media_id: file.media_id } },
        { msgtype: 'voice', voice: { media_id: voice.media_id } },
        { msgtype: 'template_card', template_card: { card_type: 'text_notice', main_title: { title: 't' }, card_action: { type: 1, url: 'https://example.com' } } },
      ];
      for (const b of bodies) expect(await h.api.robot(OPS.key, b)).toEqual({ errcode: 0, errmsg: 'ok' });
      const msgs = h.running.sim.inspect.messages({ robot: OPS.name });
      expect(msgs.map((m) => m.msgtype)).toEqual(bodies.map((b) => b.msgtype));
      expect(msgs.every((m) => m.chatid === OPS.chatid && m.via === 'robot' && m.robot?.fingerprint === fingerprint(OPS.key))).toBe(true);
      expect(msgs[3].content).toEqual({ image: { md5: createHash('md5').update(png).digest('hex'), bytes: png.length } });
      expect(h.running.sim.inspect.messages({ robot: fingerprint(OPS.key) })).toHaveLength(bodies.length);
      expect(h.running.sim.inspect.messages({ chatid: RELEASE.chatid })).toHaveLength(0);
    });

    it('93000 for a missing or unknown key and a removed robot, 93004 for a disabled one', async () => {
      const text = { msgtype: 'text', text: { content: 'x' } };
      expect((await h.api.postRaw('webhook/send', {}, text)).errcode).toBe(93000);
      expect((await h.api.robot('00000000-0000-0000-0000-000000000000', text)).errcode).toBe(93000);
      expect((await h.api.robot(ORG.robots.disabled.key, text)).errcode).toBe(93004);
      h.running.sim.oob.robot({ robot: OPS.name, action: 'remove' });
      expect((await h.api.robot(OPS.key, text)).errcode).toBe(93000);
      expect((await h.api.robot(OPS.key, '{bad json')).errcode).toBe(93000); // key checked before the body
    });

    it.each([
      ['40008 unknown msgtype', { msgtype: 'link', link: {} }, 40008],
      ['40063 empty text', { msgtype: 'text', text: { content: '' } }, 40063],
      ['40058 text over 2048 bytes', { msgtype: 'text', text: { content: 'a'.repeat(2049) } }, 40058],
      ['40058 markdown over 4096 bytes', { msgtype: 'markdown', markdown: { content: 'a'.repeat(4097) } }, 40058],
      ['40058 mentioned_list not an array', { msgtype: 'text', text: { content: 'x', mentioned_list: 'zhangsan' } }, 40058],
      ['40058 image md5 mismatch', { msgtype: 'image', image: { base64: Buffer.from('abcdef').toString('base64'), md5: '0'.repeat(32) } }, 40058],
      ['40058 image not base64', { msgtype: 'image', image: { base64: '!!!', md5: '0'.repeat(32) } }, 40058],
      ['40058 nine news articles', { msgtype: 'news', news: { articles: Array.from({ length: 9 }, () => ({ title: 't', url: 'u' })) } }, 40058],
      ['40063 news article without url', { msgtype: 'news', news: { articles: [{ title: 't' }] } }, 40063],
      ['40007 unknown media_id', { msgtype: 'file', file: { media_id: 'nope' } }, 40007],
      ['40058 bad card_type', { msgtype: 'template_card', template_card: { card_type: 'vote_interaction', card_action: { type: 1 } } }, 40058],
      ['40063 template card without card_action', { msgtype: 'template_card', template_card: { card_type: 'text_notice' } }, 40063],
    ])('%s', async (_name, body, code) => {
      expect((await h.api.robot(OPS.key, body)).errcode).toBe(code);
    });

    it('accepts markdown of exactly 4096 bytes; images up to 2 MB', async () => {
      expect((await h.api.robot(OPS.key, { msgtype: 'markdown', markdown: { content: 'a'.repeat(4096) } })).errcode).toBe(0);
      const big = Buffer.alloc(2 * 1024 * 1024 + 1, 7);
      const md5 = createHash('md5').update(big).digest('hex');
      expect((await h.api.robot(OPS.key, { msgtype: 'image', image: { base64: big.toString('base64'), md5 } })).errcode).toBe(40058);
      const ok = big.subarray(0, 2 * 1024 * 1024);
      expect((await h.api.robot(OPS.key, { msgtype: 'image', image: { base64: ok.toString('base64'), md5: createHash('md5').update(ok).digest('hex') } })).errcode).toBe(0);
    });

    it('20 messages per robot per minute (sliding window), then 45009', async () => {
      const text = { msgtype: 'text', text: { content: 'x' } };
      for (let i = 0; i < 20; i++) {
        expect((await h.api.robot(OPS.key, text)).errcode).toBe(0);
        h.clock.advance(1000);
      }
      expect((await h.api.robot(OPS.key, text)).errcode).toBe(45009);
      expect((await h.api.robot(RELEASE.key, text)).errcode).toBe(0); // per robot
      h.clock.advance(41_500); // t = 61.5 s: the messages sent at 0 s and 1 s left the window
      expect((await h.api.robot(OPS.key, text)).errcode).toBe(0);
      expect((await h.api.robot(OPS.key, text)).errcode).toBe(0);
      expect((await h.api.robot(OPS.key, text)).errcode).toBe(45009);
    });

    it('robotWindow fixed resets at the minute boundary', async () => {
      const h2 = await harness({ robotWindow: 'fixed', limits: { robotMessagesPerMinute: 2 } });
      try {
        const text = { msgtype: 'text', text: { content: 'x' } };
        expect((await h2.api.robot(OPS.key, text)).errcode).toBe(0);
        expect((await h2.api.robot(OPS.key, text)).errcode).toBe(0);
        expect((await h2.api.robot(OPS.key, text)).errcode).toBe(45009);
        h2.clock.advance(60_000);
        expect((await h2.api.robot(OPS.key, text)).errcode).toBe(0);
      } finally {
        await h2.running.close();
      }
    });
  });

  describe('robotWindowSeconds: the robot window length', () => {
    const text = { msgtype: 'text', text: { content: 'x' } };

    it.each(['sliding', 'fixed'] as const)('%s: a 2 s window frees after 2 s, not 60', async (robotWindow) => {
      const h2 = await harness({ robotWindow, limits: { robotMessagesPerMinute: 2, robotWindowSeconds: 2 } });
      try {
        h2.clock.t = Math.ceil(h2.clock.t / 2000) * 2000; // start of a fixed bucket
        expect((await h2.api.robot(OPS.key, text)).errcode).toBe(0);
        expect((await h2.api.robot(OPS.key, text)).errcode).toBe(0);
        expect((await h2.api.robot(OPS.key, text)).errcode).toBe(45009);
        h2.clock.advance(1000);
        expect((await h2.api.robot(OPS.key, text)).errcode).toBe(45009);
        h2.clock.advance(1500);
        // sliding: the two messages at 0 s left the window; fixed: a new bucket, and the breach
        // at 0 s blocked for one window length (until 2 s).
        expect((await h2.api.robot(OPS.key, text)).errcode).toBe(0);
        expect(h2.running.sim.inspect.messages({ robot: OPS.name })).toHaveLength(3);
      } finally {
        await h2.running.close();
      }
    });

    it('must be a positive integer', async () => {
      await expect(harness({ limits: { robotWindowSeconds: 0 } })).rejects.toThrow(/robotWindowSeconds must be a positive integer/);
    });
  });

  describe('POST webhook/upload_media?key=&type=', () => {
    it('answers a media_id usable by that robot only, for 3 days', async () => {
      const r = await upload(h, OPS.key, 'file', 'report contents');
      expect(r).toMatchObject({ errcode: 0, errmsg: 'ok', type: 'file' });
      expect(typeof r.media_id).toBe('string');
      expect(r.created_at).toMatch(/^\d+$/);
      const file = { msgtype: 'file', file: { media_id: r.media_id } };
      expect((await h.api.robot(RELEASE.key, file)).errcode).toBe(40007);
      expect((await h.api.robot(OPS.key, { msgtype: 'voice', voice: { media_id: r.media_id } })).errcode).toBe(40007);
      h.clock.advance(3 * 86_400_000);
      expect((await h.api.robot(OPS.key, file)).errcode).toBe(40007);
    });

    it.each([
      ['40004 bad type', 'image', 'contents', 40004],
      ['40006 five bytes or fewer', 'file', '12345', 40006],
      ['40004 voice that is not AMR', 'voice', 'not an amr file', 40004],
    ])('%s', async (_name, type, data, code) => {
      expect((await upload(h, OPS.key, type, data)).errcode).toBe(code);
    });

    it('41005 without a media field or multipart body; 93000/93004 for bad robots', async () => {
      expect((await upload(h, OPS.key, 'file', 'contents', 'other')).errcode).toBe(41005);
      expect((await h.api.postRaw('webhook/upload_media', { key: OPS.key, type: 'file' }, 'plain')).errcode).toBe(41005);
      expect((await upload(h, 'nope', 'file', 'contents')).errcode).toBe(93000);
      expect((await upload(h, ORG.robots.disabled.key, 'file', 'contents')).errcode).toBe(93004);
    });

    it('40006 for voice over 2 MB', async () => {
      const big = Buffer.concat([Buffer.from('#!AMR\n'), Buffer.alloc(2 * 1024 * 1024)]);
      expect((await upload(h, OPS.key, 'voice', big)).errcode).toBe(40006);
    });
  });
});
