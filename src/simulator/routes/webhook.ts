// Group robots (§4): webhook/send and webhook/upload_media, authenticated by the key in the
// query string (no access token). 20 messages per robot per minute (45009); the window's kind
// (sliding/fixed) and length (robotWindowSeconds, 60) are options: WeCom documents neither.
import { ENDPOINTS, LIMITS } from '../../wecom';
import { parseMultipart } from '../body';
import { fail } from '../errors';
import type { RobotRec } from '../model';
import { fingerprint } from '../redact';
import type { Simulator } from '../simulator';
import { validateRobotMessage } from './messages';
import type { Ctx, Route } from './route';

const MEDIA_TTL_S = 3 * 86400;

function robotOf(ctx: Ctx): RobotRec {
  const key = ctx.query.get('key');
  if (!key) fail(93000);
  const robot = ctx.sim.store.robotByKey(key);
  ctx.robot = fingerprint(key);
  if (!robot || robot.state === 'removed') fail(93000);
  if (robot.state === 'disabled') fail(93004);
  return robot;
}

function checkRobotRate(sim: Simulator, fp: string): void {
  const limit = sim.limits.robotMessagesPerMinute;
  const windowMs = sim.limits.robotWindowSeconds * 1000;
  if (sim.options.robotWindow === 'sliding') sim.limiter.checkSliding(`robot:${fp}`, limit, sim.now(), windowMs);
  else sim.limiter.check(`robot:${fp}`, limit, windowMs, sim.now());
}

function countRobotMessage(sim: Simulator, fp: string): void {
  if (sim.options.robotWindow === 'sliding') sim.limiter.countSliding(`robot:${fp}`, sim.now());
  else sim.limiter.count(`robot:${fp}`, sim.limits.robotWindowSeconds * 1000, sim.now());
}

function send(ctx: Ctx): void {
  const { sim } = ctx;
  const robot = robotOf(ctx);
  const fp = fingerprint(robot.key);
  checkRobotRate(sim, fp);
  const content = validateRobotMessage(ctx.body, (id, type) => {
    const m = sim.state.media.find((x) => x.media_id === id);
    if (!m || m.robot !== fp || m.type !== type || m.created_at + MEDIA_TTL_S <= sim.nowS()) fail(40007);
  });
  countRobotMessage(sim, fp);
  sim.recordMessage({ chatid: robot.chatid, via: 'robot', robot: { name: robot.name, fingerprint: fp }, msgtype: String(ctx.body.msgtype), content });
}

function upload(ctx: Ctx): Record<string, unknown> {
  const { sim } = ctx;
  const robot = robotOf(ctx);
  const type = ctx.query.get('type');
  if (type !== 'file' && type !== 'voice') fail(40004, `invalid media type: ${String(type)} (file or voice)`);
  const parts = parseMultipart(ctx.contentType, ctx.raw);
  if (!parts) fail(41005, 'media data missing: body is not multipart/form-data');
  const media = parts.find((p) => p.name === 'media');
  if (!media) fail(41005);
  const max = type === 'file' ? LIMITS.ROBOT_FILE_MAX_BYTES : LIMITS.ROBOT_VOICE_MAX_BYTES;
  if (media.data.length < LIMITS.ROBOT_MEDIA_MIN_BYTES || media.data.length > max) {
    fail(40006, `invalid file size ${media.data.length}: ${type} must be ${LIMITS.ROBOT_MEDIA_MIN_BYTES}..${max} bytes`);
  }
  if (type === 'voice' && !media.data.subarray(0, 5).equals(Buffer.from('#!AMR'))) fail(40004, 'invalid media type: voice must be AMR');
  const now = sim.nowS();
  sim.state.media = sim.state.media.filter((m) => m.created_at + MEDIA_TTL_S > now);
  const mediaId = sim.newId('3', 47, (id) => sim.state.media.some((m) => m.media_id === id), 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-');
  sim.state.media.push({ media_id: mediaId, robot: fingerprint(robot.key), type, size: media.data.length, filename: media.filename ?? '', created_at: now });
  return { type, media_id: mediaId, created_at: String(now) };
}

export const webhookRoutes: Route[] = [
  // A 2 MB image travels as ~2.7 MB of base64 inside JSON.
  { endpoint: ENDPOINTS.webhookSend, mutates: true, bodyLimit: 4 * 1024 * 1024, before: robotOf, handle: send },
  {
    endpoint: ENDPOINTS.webhookUploadMedia, mutates: true, rawBody: true, bodyLimit: LIMITS.ROBOT_FILE_MAX_BYTES + 1024 * 1024,
    before: robotOf, handle: upload,
  },
];
