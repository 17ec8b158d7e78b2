// Customer group join ways (群活码, §6). update is a FULL overwrite: omitted optional fields
// return to their defaults. An app sees only the join ways it created; others' (and unknown)
// config ids answer 40058 invalid parameter (WeCom documents no dedicated code).
import { ENDPOINTS, LIMITS, charCount } from '../../wecom';
import { f } from '../check';
import { fail } from '../errors';
import type { JoinWayRec } from '../model';
import type { Simulator } from '../simulator';
import { me } from './route';
import type { Ctx, Route } from './route';

type Config = Omit<JoinWayRec, 'config_id' | 'createdBy'>;

function maxChars(value: string | undefined, max: number, name: string): string {
  if (value !== undefined && charCount(value) > max) fail(40058, `invalid parameter: ${name} longer than ${max} characters`);
  return value ?? '';
}

/** The whole configuration from a body (add and update share it: update overwrites everything). */
function config(sim: Simulator, b: Record<string, unknown>): Config {
  if (b.scene !== 1 && b.scene !== 2) fail(40058, 'invalid parameter: scene must be 1 or 2');
  const autoCreate = b.auto_create_room ?? 1;
  if (autoCreate !== 0 && autoCreate !== 1) fail(40058, 'invalid parameter: auto_create_room must be 0 or 1');
  const chats = b.chat_id_list as string[];
  if (chats.length < 1 || chats.length > LIMITS.JOIN_WAY_CHATS_MAX) fail(41091, `chat_id_list must hold 1..${LIMITS.JOIN_WAY_CHATS_MAX} chats, got ${chats.length}`);
  for (const c of chats) if (!sim.store.customerGroup(c)) fail(41091, `invalid chat_id_list: ${c} is not a customer group`);
  return {
    scene: b.scene, remark: maxChars(b.remark as string | undefined, LIMITS.JOIN_WAY_REMARK_MAX, 'remark'),
    auto_create_room: autoCreate, room_base_name: maxChars(b.room_base_name as string | undefined, LIMITS.JOIN_WAY_ROOM_BASE_NAME_MAX, 'room_base_name'),
    room_base_id: (b.room_base_id as number | undefined) ?? 0, chat_id_list: [...new Set(chats)],
    state: maxChars(b.state as string | undefined, LIMITS.JOIN_WAY_STATE_MAX, 'state'),
  };
}

function ownJoinWay(ctx: Ctx): JoinWayRec {
  const jw = ctx.sim.store.joinWay(ctx.body.config_id as string);
  if (!jw || jw.createdBy !== me(ctx).agentid) fail(40058, 'invalid parameter: config_id not found');
  return jw;
}

export function joinWayView(jw: JoinWayRec): Record<string, unknown> {
  const { createdBy: _createdBy, ...rest } = jw;
  return {
    ...rest, chat_id_list: [...jw.chat_id_list],
    ...(jw.scene === 2 ? { qr_code: `https://wework.qpic.cn/wwpic/simulator/${jw.config_id}/0` } : {}),
  };
}

const CONFIG_FIELDS = {
  scene: f.int(40063), remark: f.str(), auto_create_room: f.int(), room_base_name: f.str(), room_base_id: f.int(),
  chat_id_list: f.strs(41091), state: f.str(),
};

export const joinWayRoutes: Route[] = [
  {
    endpoint: ENDPOINTS.joinWayAdd, area: 'customerContact', mutates: true, fields: CONFIG_FIELDS,
    handle(ctx) {
      const { sim } = ctx;
      const cfg = config(sim, ctx.body);
      const configId = sim.newId('', 32, (id) => !!sim.store.joinWay(id));
      sim.state.joinWays.push({ config_id: configId, ...cfg, createdBy: me(ctx).agentid });
      return { config_id: configId };
    },
  },
  {
    endpoint: ENDPOINTS.joinWayGet, area: 'customerContact', fields: { config_id: f.str(40063) },
    handle: (ctx) => ({ join_way: joinWayView(ownJoinWay(ctx)) }),
  },
  {
    endpoint: ENDPOINTS.joinWayUpdate, area: 'customerContact', mutates: true, fields: { config_id: f.str(40063), ...CONFIG_FIELDS },
    handle(ctx) {
      const jw = ownJoinWay(ctx);
      Object.assign(jw, config(ctx.sim, ctx.body));
    },
  },
  {
    endpoint: ENDPOINTS.joinWayDelete, area: 'customerContact', mutates: true, fields: { config_id: f.str(40063) },
    handle(ctx) {
      const jw = ownJoinWay(ctx);
      ctx.sim.state.joinWays = ctx.sim.state.joinWays.filter((x) => x !== jw);
    },
  },
];
