// Group robot webhooks (webhook/*, wecom-api.md §4). The robot key is the credential: it rides
// only in the query string, is registered with the redactor, and is counted against the
// per-robot limit (20 messages/min) by its fingerprint, never by its value.
// webhook/send is not idempotent and cannot be checked (the API cannot read a chat's messages):
// retried on -1/45033 (rejected before delivery), WECOM_OUTCOME_UNKNOWN after a lost answer.
// 45009 (the robot's 20/min are used, maybe by other processes) waits for the window: the call
// is asked again after growing pauses until WeCom accepts it or `maxWaitMs` is spent. WeCom
// does not say when its window frees (fixed or sliding is undocumented), so its answer decides.

import { createHash } from 'node:crypto';
import type { FormData } from 'undici';
import { ENDPOINTS } from '../../wecom/endpoints';
import { LIMITS } from '../../wecom/limits';
import { RobotMediaType, RobotMessage, RobotUploadResponse, WecomEnvelope } from '../../wecom/types';
import { Caller } from '../caller';
import { Check } from '../validate';

const ROBOT_KEY_PATTERN = /^[0-9A-Za-z_-]{1,128}$/;

/** How long `send` waits for the robot's rate window by default: two of WeCom's minutes. */
export const ROBOT_MAX_WAIT_MS = 120_000;

export interface RobotSendOptions {
  /**
   * Longest wait for the robot's window (the client's own 20/min bookkeeping, and WeCom's when
   * it answers 45009), from the start of the call; then the 45009 (or, for the client's own
   * window, WecomQuotaError) is thrown. Infinity: no bound. @default 120_000
   */
  readonly maxWaitMs?: number;
}

/** WeCom accepted the message (errcode 0). */
export interface RobotSendResult {
  /** HTTP attempts, the accepted one included. */
  readonly attempts: number;
  /** Time spent waiting for the robot's window. */
  readonly rateWaitedMs: number;
}

export class Robots {
  constructor(private readonly c: Caller) {}

  /** Resolves only once WeCom accepted the message (errcode 0); anything else throws. */
  async send(key: string, message: RobotMessage, opts: RobotSendOptions = {}): Promise<RobotSendResult> {
    checkKey(ENDPOINTS.webhookSend.path, key);
    validateMessage(message);
    const maxWaitMs = opts.maxWaitMs ?? ROBOT_MAX_WAIT_MS;
    new Check(ENDPOINTS.webhookSend.path).that(typeof maxWaitMs === 'number' && maxWaitMs >= 0, `maxWaitMs is ${String(maxWaitMs)}; expected a number of ms >= 0 (Infinity: no bound)`);
    const r = await this.c.call<WecomEnvelope>(ENDPOINTS.webhookSend, { robotKey: key, json: message, rateWaitMs: maxWaitMs });
    return { attempts: r.attempts, rateWaitedMs: r.rateWaitedMs };
  }

  /** Multipart upload (field `media`); the media_id is valid 3 days, for this robot only. */
  async uploadMedia(key: string, type: RobotMediaType, filename: string, bytes: Uint8Array): Promise<{ media_id: string; created_at: string }> {
    const path = ENDPOINTS.webhookUploadMedia.path;
    checkKey(path, key);
    const max = type === 'voice' ? LIMITS.ROBOT_VOICE_MAX_BYTES : LIMITS.ROBOT_FILE_MAX_BYTES;
    new Check(path).oneOf('type', type, ['file', 'voice'] as const).nonEmpty('filename', filename)
      .that(bytes.length >= LIMITS.ROBOT_MEDIA_MIN_BYTES && bytes.length <= max,
        `a ${type} upload has ${bytes.length} bytes; WeCom allows ${LIMITS.ROBOT_MEDIA_MIN_BYTES}..${max}`);
    const form = (): FormData => {
      // Loaded here: only media uploads need it (see transport.ts on undici's start-up cost).
      const fd = new (require('undici/lib/web/fetch/formdata') as typeof import('undici')).FormData();
      fd.append('media', new Blob([bytes]), filename);
      return fd;
    };
    const r = await this.c.call<RobotUploadResponse>(ENDPOINTS.webhookUploadMedia, { robotKey: key, query: { type }, form });
    return { media_id: r.data.media_id, created_at: r.data.created_at };
  }
}

/** Image messages carry base64 and the md5 of the raw bytes: build one from bytes. */
export function robotImage(bytes: Uint8Array): RobotMessage {
  return { msgtype: 'image', image: { base64: Buffer.from(bytes).toString('base64'), md5: createHash('md5').update(bytes).digest('hex') } };
}

function checkKey(path: string, key: string): void {
  // The key itself never goes into the message.
  new Check(path).that(typeof key === 'string' && ROBOT_KEY_PATTERN.test(key), 'the robot key is empty or malformed (expected the key=... value of the webhook URL)');
}

function validateMessage(m: RobotMessage): void {
  const c = new Check(ENDPOINTS.webhookSend.path);
  const body = (m as unknown as Record<string, unknown>)[m?.msgtype];
  c.that(body !== undefined && body !== null, `msgtype '${String(m?.msgtype)}' needs a '${String(m?.msgtype)}' field`);
  switch (m.msgtype) {
    case 'text': c.nonEmpty('text.content', m.text.content).bytes('text.content', m.text.content, LIMITS.TEXT_CONTENT_MAX_BYTES); break;
    case 'markdown': c.nonEmpty('markdown.content', m.markdown.content).bytes('markdown.content', m.markdown.content, LIMITS.ROBOT_MARKDOWN_MAX_BYTES); break;
    case 'markdown_v2': c.nonEmpty('markdown_v2.content', m.markdown_v2.content).bytes('markdown_v2.content', m.markdown_v2.content, LIMITS.ROBOT_MARKDOWN_MAX_BYTES); break;
    case 'news': c.count('news.articles', m.news.articles, 1, LIMITS.ROBOT_NEWS_ARTICLES_MAX); break;
    case 'image': c.that(Buffer.byteLength(m.image.base64, 'base64') <= LIMITS.ROBOT_IMAGE_MAX_BYTES, `image is over ${LIMITS.ROBOT_IMAGE_MAX_BYTES} bytes`); break;
    case 'file': c.nonEmpty('file.media_id', m.file.media_id); break;
    case 'voice': c.nonEmpty('voice.media_id', m.voice.media_id); break;
    case 'template_card': c.oneOf('template_card.card_type', m.template_card.card_type, ['text_notice', 'news_notice'] as const); break;
    default: c.that(false, `unknown msgtype '${String((m as { msgtype?: unknown }).msgtype)}'`);
  }
}
