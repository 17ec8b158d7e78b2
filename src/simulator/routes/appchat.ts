// App group chats (§3): create / update / get / send. There is no list and no delete endpoint.
// An app sees and changes only the chats it created (86008).
import { CHAT_ID_PATTERN, ENDPOINTS, LIMITS } from '../../wecom';
import { f } from '../check';
import { fail } from '../errors';
import type { AppChatRec } from '../model';
import type { Simulator } from '../simulator';
import { validateAppChatMessage } from './messages';
import { me } from './route';
import type { Ctx, Route } from './route';

const INT64_MAX = 9223372036854775807n;

function checkChatId(chatid: string): void {
  if (!/^[0-9a-zA-Z]*$/.test(chatid)) fail(86001, `invalid chatid: only [0-9a-zA-Z] allowed`);
  if (chatid.length > LIMITS.CHAT_ID_MAX) fail(86205);
  if (/^\d+$/.test(chatid) && BigInt(chatid) > INT64_MAX) fail(86206);
  if (!CHAT_ID_PATTERN.test(chatid)) fail(86001);
}

/** WeCom truncates names over 50 characters instead of rejecting them. */
function truncateName(name: string): string {
  return [...name].slice(0, LIMITS.CHAT_NAME_MAX).join('');
}

/** Deduplicated (case-insensitively), in directory spelling; 86216 for unknown or departed users. */
function directoryMembers(sim: Simulator, userids: string[]): string[] {
  const out = new Map<string, string>();
  for (const u of userids) {
    const user = sim.store.user(u);
    if (!user || user.status === 5) fail(86216, `invalid member userid: ${u}`);
    out.set(user.userid.toLowerCase(), user.userid);
  }
  return [...out.values()];
}

function countOk(sim: Simulator, n: number, allowBelowTwo: boolean): void {
  if (n > sim.limits.maxChatMembers || (n < LIMITS.CHAT_MEMBERS_MIN && !allowBelowTwo)) {
    fail(86006, `chat member count ${n} out of range ${LIMITS.CHAT_MEMBERS_MIN}..${sim.limits.maxChatMembers}`);
  }
}

/**
 * The chat for this app: 86001 when the chatid is malformed (not 1..32 of [0-9a-zA-Z]: no chat
 * can have it), 86003 when well-formed but absent, 86008 when another app created it.
 */
export function ownChat(ctx: Ctx, chatid: string): AppChatRec {
  if (!CHAT_ID_PATTERN.test(chatid)) fail(86001, `invalid chatid: 1..${LIMITS.CHAT_ID_MAX} characters of [0-9a-zA-Z]`);
  const chat = ctx.sim.store.appChat(chatid);
  if (!chat) fail(86003);
  if (chat.createdBy !== me(ctx).agentid) fail(86008);
  return chat;
}

const sameUser = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

function create(ctx: Ctx): Record<string, unknown> {
  const { sim } = ctx;
  const b = ctx.body as { name?: string; owner?: string; userlist: string[]; chatid?: string };
  if (b.owner === '') delete b.owner;
  if (b.chatid) checkChatId(b.chatid);
  if (b.chatid && sim.store.appChat(b.chatid)) fail(86215);
  const userlist = directoryMembers(sim, b.userlist);
  countOk(sim, userlist.length, false);
  if (b.owner !== undefined && !userlist.some((u) => sameUser(u, b.owner as string))) fail(86207);
  sim.limiter.check('chat-create', sim.limits.chatCreatesPerDay, 'day', sim.now());
  const owner = b.owner !== undefined ? (sim.store.user(b.owner)?.userid as string) : sim.rng.pick(userlist);
  const chatid = b.chatid || sim.newId('', 20, (id) => !!sim.store.appChat(id), 'abcdefghijklmnopqrstuvwxyz0123456789');
  sim.state.appChats.push({ chatid, name: truncateName(b.name ?? ''), owner, userlist, chat_type: 0, createdBy: me(ctx).agentid, create_time: sim.nowS() });
  sim.limiter.count('chat-create', 'day', sim.now());
  return { chatid };
}

function update(ctx: Ctx): void {
  const { sim } = ctx;
  const b = ctx.body as { chatid: string; name?: string; owner?: string; add_user_list?: string[]; del_user_list?: string[] };
  if (b.owner === '') delete b.owner;
  const chat = ownChat(ctx, b.chatid);
  sim.limiter.check('chat-update', sim.limits.chatUpdatesPerHour, 'hour', sim.now());
  const adds = directoryMembers(sim, b.add_user_list ?? []);
  for (const u of b.del_user_list ?? []) if (!chat.userlist.some((m) => sameUser(m, u))) fail(86216, `invalid member userid: ${u} is not in the chat`);
  const removed = (u: string): boolean => (b.del_user_list ?? []).some((d) => sameUser(d, u));
  if (b.owner === undefined && removed(chat.owner)) fail(86203, 'chat owner missing: the owner is removed, name a new one');
  const next = [...chat.userlist.filter((u) => !removed(u))];
  for (const u of adds) if (!next.some((m) => sameUser(m, u))) next.push(u);
  // The disputed lower bound applies to updates that shrink the chat; a rename or owner change
  // of a chat that a person already emptied below 2 must not be blocked by it.
  countOk(sim, next.length, sim.limits.allowUpdateBelowTwoMembers || next.length >= chat.userlist.length);
  if (b.owner !== undefined && !next.some((u) => sameUser(u, b.owner as string))) fail(86207);
  if (b.name !== undefined) chat.name = truncateName(b.name);
  if (b.owner !== undefined) chat.owner = next.find((u) => sameUser(u, b.owner as string)) as string;
  chat.userlist = next;
  sim.limiter.count('chat-update', 'hour', sim.now());
}

function get(ctx: Ctx): Record<string, unknown> {
  const chatid = ctx.query.get('chatid');
  if (!chatid) fail(86201);
  const chat = ownChat(ctx, chatid);
  return { chat_info: { chatid: chat.chatid, name: chat.name, owner: chat.owner, userlist: [...chat.userlist], chat_type: chat.chat_type } };
}

function send(ctx: Ctx): void {
  const { sim } = ctx;
  const b = ctx.body as { chatid: string; msgtype: string; safe?: number };
  const chat = ownChat(ctx, b.chatid);
  const content = validateAppChatMessage(ctx.body);
  const key = 'chat-person-messages';
  // A message to an n-member chat counts n person-messages against the corp's minute quota.
  sim.limiter.check(key, sim.limits.appChatPersonMessagesPerMinute, 'minute', sim.now(), chat.userlist.length);
  sim.limiter.count(key, 'minute', sim.now(), chat.userlist.length);
  sim.recordMessage({ chatid: chat.chatid, via: 'appchat', agentid: me(ctx).agentid, msgtype: b.msgtype, content: { ...content, safe: b.safe ?? 0 } });
}

export const appChatRoutes: Route[] = [
  {
    endpoint: ENDPOINTS.appChatCreate, area: 'appchat', mutates: true,
    fields: { name: f.str(), owner: f.str(), userlist: f.strs(86204), chatid: f.str() },
    handle: create,
  },
  {
    endpoint: ENDPOINTS.appChatUpdate, area: 'appchat', mutates: true,
    fields: { chatid: f.str(86201), name: f.str(), owner: f.str(), add_user_list: f.strs(), del_user_list: f.strs() },
    handle: update,
  },
  { endpoint: ENDPOINTS.appChatGet, area: 'appchat', handle: get },
  {
    endpoint: ENDPOINTS.appChatSend, area: 'appchat', mutates: true,
    fields: { chatid: f.str(86201), msgtype: f.str(40063), safe: f.int() },
    handle: send,
  },
];
