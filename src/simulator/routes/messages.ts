// Message bodies of appchat/send and webhook/send: per-type required fields and size limits.
// Returns what the simulator records (images as md5 + size, not their bytes).
import { createHash } from 'node:crypto';
import { LIMITS, utf8Bytes } from '../../wecom';
import { checkFields, f } from '../check';
import type { Fields } from '../check';
import { fail } from '../errors';

const APPCHAT_TYPES: Record<string, Fields> = {
  text: { content: f.str(40063) },
  markdown: { content: f.str(40063) },
  image: { media_id: f.str(40063) },
  voice: { media_id: f.str(40063) },
  file: { media_id: f.str(40063) },
  video: { media_id: f.str(40063), title: f.str(), description: f.str() },
  textcard: { title: f.str(40063), description: f.str(40063), url: f.str(40063), btntxt: f.str() },
  news: { articles: f.arr(f.obj({ title: f.str(40063), description: f.str(), url: f.str(), picurl: f.str() }), 40063) },
  mpnews: { articles: f.arr(f.obj({ title: f.str(40063), thumb_media_id: f.str(40063), content: f.str(40063), author: f.str(), digest: f.str() }), 40063) },
};

const ROBOT_TYPES: Record<string, Fields> = {
  text: { content: f.str(40063), mentioned_list: f.strs(), mentioned_mobile_list: f.strs() },
  markdown: { content: f.str(40063) },
  markdown_v2: { content: f.str(40063) },
  image: { base64: f.str(40063), md5: f.str(40063) },
  news: { articles: f.arr(f.obj({ title: f.str(40063), description: f.str(), url: f.str(40063), picurl: f.str() }), 40063) },
  file: { media_id: f.str(40063) },
  voice: { media_id: f.str(40063) },
  template_card: { card_type: f.str(40063), card_action: f.obj({ type: f.int(40063), url: f.str(), appid: f.str(), pagepath: f.str() }, 40063) },
};

function maxBytes(value: string, max: number, where: string): void {
  const n = utf8Bytes(value);
  if (n > max) fail(40058, `${where} exceed max length ${max}, got ${n} bytes`);
}

function articles(list: unknown[], where: string): void {
  if (list.length < 1 || list.length > LIMITS.ROBOT_NEWS_ARTICLES_MAX) fail(40058, `${where} must hold 1..${LIMITS.ROBOT_NEWS_ARTICLES_MAX} articles, got ${list.length}`);
}

/** The `<msgtype>` object of a message body after type checks (40008 for an unknown msgtype). */
function typedContent(body: Record<string, unknown>, types: Record<string, Fields>): [string, Record<string, unknown>] {
  const msgtype = body.msgtype;
  if (typeof msgtype !== 'string' || msgtype === '') fail(40063, 'msgtype missing');
  if (!Object.hasOwn(types, msgtype)) fail(40008, `invalid message type: ${msgtype}`);
  checkFields({ [msgtype]: f.obj(types[msgtype], 40063) }, body);
  return [msgtype, body[msgtype] as Record<string, unknown>];
}

export function validateAppChatMessage(body: Record<string, unknown>): Record<string, unknown> {
  const [msgtype, c] = typedContent(body, APPCHAT_TYPES);
  if (msgtype === 'text' || msgtype === 'markdown') maxBytes(c.content as string, LIMITS.TEXT_CONTENT_MAX_BYTES, `${msgtype}.content`);
  if (msgtype === 'news' || msgtype === 'mpnews') articles(c.articles as unknown[], `${msgtype}.articles`);
  if (body.safe !== undefined && ![0, 1, 2].includes(body.safe as number)) fail(40058, 'invalid parameter: safe must be 0 or 1');
  return { [msgtype]: c };
}

function robotImage(c: Record<string, unknown>): Record<string, unknown> {
  const b64 = c.base64 as string;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) fail(40058, 'invalid parameter: image.base64 is not base64');
  const raw = Buffer.from(b64, 'base64');
  if (raw.length > LIMITS.ROBOT_IMAGE_MAX_BYTES) fail(40058, `image exceed max size ${LIMITS.ROBOT_IMAGE_MAX_BYTES} bytes, got ${raw.length}`);
  const md5 = createHash('md5').update(raw).digest('hex');
  if (md5 !== String(c.md5).toLowerCase()) fail(40058, 'invalid parameter: image.md5 does not match the image bytes');
  return { md5, bytes: raw.length };
}

/** Checks a robot message; `media` resolves a media_id of this robot (40007 otherwise). */
export function validateRobotMessage(body: Record<string, unknown>, media: (id: string, type: 'file' | 'voice') => void): Record<string, unknown> {
  const [msgtype, c] = typedContent(body, ROBOT_TYPES);
  switch (msgtype) {
    case 'text': maxBytes(c.content as string, LIMITS.TEXT_CONTENT_MAX_BYTES, 'text.content'); break;
    case 'markdown':
    case 'markdown_v2': maxBytes(c.content as string, LIMITS.ROBOT_MARKDOWN_MAX_BYTES, `${msgtype}.content`); break;
    case 'image': return { image: robotImage(c) };
    case 'news': articles(c.articles as unknown[], 'news.articles'); break;
    case 'file':
    case 'voice': media(c.media_id as string, msgtype); break;
    case 'template_card':
      if (c.card_type !== 'text_notice' && c.card_type !== 'news_notice') fail(40058, `invalid parameter: template_card.card_type must be text_notice or news_notice`);
      break;
  }
  return { [msgtype]: c };
}
