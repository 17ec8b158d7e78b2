// Customer groups (§6): read-only from the seed (people create them in the client), plus the
// two ownership transfers. Status: 0 normal, 1 owner left (awaiting transfer), 2 transfer in
// progress, 3 transfer done. Transfers complete at once, so 2 and 90507 never occur.
import { ENDPOINTS, LIMITS, errInfo } from '../../wecom';
import { f } from '../check';
import { fail } from '../errors';
import type { CustomerGroupRec } from '../model';
import type { Simulator } from '../simulator';
import { decodeCursor, encodeCursor } from './cursor';
import type { Ctx, Route } from './route';

export function groupStatus(sim: Simulator, g: CustomerGroupRec): 0 | 1 | 3 {
  if (sim.store.user(g.owner)?.status === 5) return 1;
  return g.inherited ? 3 : 0;
}

function list(ctx: Ctx): Record<string, unknown> {
  const { sim } = ctx;
  const b = ctx.body as { status_filter?: number; owner_filter?: { userid_list?: string[] }; cursor?: string; limit: number };
  if (b.limit < 1 || b.limit > LIMITS.GROUPCHAT_LIST_LIMIT_MAX) fail(40058, `invalid parameter: limit must be 1..${LIMITS.GROUPCHAT_LIST_LIMIT_MAX}`);
  const status = b.status_filter ?? 0;
  if (![0, 1, 2, 3].includes(status)) fail(40058, 'invalid parameter: status_filter must be 0..3');
  const owners = b.owner_filter?.userid_list;
  if (owners && owners.length > LIMITS.GROUPCHAT_OWNER_FILTER_MAX) fail(40058, `invalid parameter: owner_filter.userid_list holds at most ${LIMITS.GROUPCHAT_OWNER_FILTER_MAX}`);
  const wanted = new Set((owners ?? []).map((u) => u.toLowerCase()));
  const all = sim.state.customerGroups
    .map((g) => ({ chat_id: g.chat_id, status: groupStatus(sim, g), owner: g.owner }))
    .filter((g) => status === 0 || g.status === status)
    .filter((g) => wanted.size === 0 || wanted.has(g.owner.toLowerCase()));
  const start = decodeCursor(b.cursor);
  const page = all.slice(start, start + b.limit);
  const next = start + b.limit < all.length ? encodeCursor(start + b.limit) : '';
  return { group_chat_list: page.map(({ chat_id, status: s }) => ({ chat_id, status: s })), next_cursor: next };
}

function get(ctx: Ctx): Record<string, unknown> {
  const b = ctx.body as { chat_id: string; need_name?: number };
  const g = ctx.sim.store.customerGroup(b.chat_id);
  if (!g) fail(ctx.sim.store.appChat(b.chat_id) ? 90501 : 40050);
  const needName = b.need_name === 1;
  const members = g.member_list.map((m) => {
    const { name, ...rest } = m;
    const internalName = m.type === 1 ? ctx.sim.store.user(m.userid)?.name : name;
    return needName && internalName ? { ...rest, name: internalName } : rest;
  });
  return {
    group_chat: { chat_id: g.chat_id, name: g.name, owner: g.owner, create_time: g.create_time, notice: g.notice, member_list: members, admin_list: g.admin_list.map((a) => ({ ...a })) },
  };
}

type Outcome = number | undefined;

function transferAll(ctx: Ctx, decide: (g: CustomerGroupRec | undefined, newOwner: string) => Outcome): Record<string, unknown> {
  const { sim } = ctx;
  const b = ctx.body as { chat_id_list: string[]; new_owner: string };
  if (b.chat_id_list.length < 1 || b.chat_id_list.length > LIMITS.TRANSFER_CHATS_MAX) fail(40058, `invalid parameter: chat_id_list must hold 1..${LIMITS.TRANSFER_CHATS_MAX} chats`);
  const newOwner = sim.store.user(b.new_owner);
  if (!newOwner || newOwner.status !== 1) fail(60111, `userid not found or not active: ${b.new_owner}`);
  const failed: Array<{ chat_id: string; errcode: number; errmsg: string }> = [];
  for (const chatId of b.chat_id_list) {
    const g = sim.store.customerGroup(chatId);
    const code = decide(g, newOwner.userid);
    if (code !== undefined) failed.push({ chat_id: chatId, errcode: code, errmsg: errInfo(code)?.msg ?? 'error' });
    else if (g) moveOwner(g, newOwner.userid, sim.nowS());
  }
  return { failed_chat_list: failed };
}

function moveOwner(g: CustomerGroupRec, owner: string, now: number): void {
  if (!g.member_list.some((m) => m.type === 1 && m.userid.toLowerCase() === owner.toLowerCase())) {
    g.member_list.push({ userid: owner, type: 1, join_time: now, join_scene: 1 });
  }
  g.owner = owner;
}

const sameUser = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

const TRANSFER_FIELDS = { chat_id_list: f.strs(40063), new_owner: f.str(40063) };

export const customerGroupRoutes: Route[] = [
  {
    endpoint: ENDPOINTS.groupChatList, area: 'customerContact', handle: list,
    fields: { status_filter: f.int(), owner_filter: f.obj({ userid_list: f.strs() }), cursor: f.str(), limit: f.int(40063) },
  },
  { endpoint: ENDPOINTS.groupChatGet, area: 'customerContact', handle: get, fields: { chat_id: f.str(40063), need_name: f.int() } },
  {
    // Resigned owners only: an active owner's chat answers 90500 (90508 once already inherited).
    endpoint: ENDPOINTS.groupChatTransfer, area: 'customerContact', mutates: true, fields: TRANSFER_FIELDS,
    handle: (ctx) => transferAll(ctx, (g, owner) => {
      if (!g) return 90501;
      if (ctx.sim.store.user(g.owner)?.status !== 5) return g.inherited ? 90508 : 90500;
      if (sameUser(g.owner, owner)) return 90504;
      g.inherited = true;
      return undefined;
    }),
  },
  {
    endpoint: ENDPOINTS.groupChatOnJobTransfer, area: 'customerContact', mutates: true, fields: TRANSFER_FIELDS,
    handle: (ctx) => transferAll(ctx, (g, owner) => {
      if (!g) return 90501;
      if (sameUser(g.owner, owner)) return 90504;
      return undefined;
    }),
  },
];
