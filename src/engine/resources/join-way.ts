// wecom_join_way handler (externalcontact/groupchat/*_join_way, wecom-api.md §6). update_join_way
// is a FULL overwrite: every update sends the whole configuration, since an omitted optional
// field is reset by WeCom. scene is forceNew (schema), so the planner replaces on its change.
import { joinWaySchema } from '../../schema';
import type { JoinWay, JoinWayConfig } from '../../wecom/types';
import { containsUnknown } from '../config/expressions';
import { chatDelta } from '../plan/drift';
import { Attrs, HandlerContext, PlanError, ResourceHandler } from './types';
import { computedFrom, isApiError, strings, unsetAsPrior } from './util';

/** WeCom documents no "not found" code for join ways: unknown and foreign config ids answer 40058. */
const GONE = [40058];
/** 41091: chat_id_list holds something that is not a customer group (or too many). */
const BAD_CHATS = 41091;

export const joinWayHandler: ResourceHandler = {
  type: 'wecom_join_way',
  schema: joinWaySchema,

  async plan(ctx, { config, prior }) {
    const configId = computedFrom(joinWaySchema, config, prior, 'config_id');
    const after: Attrs = {
      ...config,
      remark: config.remark ?? null,
      auto_create_room: config.auto_create_room ?? true,
      room_base_name: config.room_base_name ?? null,
      room_base_id: config.room_base_id ?? null,
      state: config.state ?? null,
      config_id: configId,
      id: configId,
      // WeCom makes a QR code for scene 2 only; it belongs to the config id, so it stays with it.
      qr_code: Number(config.scene) === 2 ? computedFrom(joinWaySchema, config, prior, 'qr_code') : null,
    };
    if (containsUnknown(config.chat_id_list)) return { after };
    const labels = await checkChats(ctx, strings(config.chat_id_list));
    // Groups it no longer leads into are named too (best effort: a dissolved group keeps its id).
    Object.assign(labels, await groupLabels(ctx, strings(prior?.chat_id_list).filter((id) => !labels[`chat:${id}`])));
    return { after, details: { labels } };
  },

  // Customer groups added or removed out of band, by name.
  async driftDetails(ctx, state, live) {
    const { added, removed } = chatDelta(state, live);
    return added.length || removed.length ? { labels: await groupLabels(ctx, [...added, ...removed]) } : {};
  },

  async read(ctx, prior) {
    try {
      return toState(await ctx.client.joinWays.get(String(prior.config_id)), prior);
    } catch (err) {
      if (isApiError(err, GONE)) return null;
      throw err;
    }
  },

  async create(ctx, planned) {
    const configId = await withChatsError(ctx, () => ctx.client.joinWays.add(toConfig(planned)));
    // add answers only the id; the QR code URL comes from get.
    const jw = await ctx.client.joinWays.get(configId);
    return { ...planned, config_id: configId, id: configId, qr_code: jw.qr_code || null };
  },

  async update(ctx, _prior, planned) {
    const configId = String(planned.config_id);
    await withChatsError(ctx, () => ctx.client.joinWays.update(configId, toConfig(planned)));
    return { ...planned, config_id: configId, id: configId };
  },

  async delete(ctx, prior) {
    try {
      await ctx.client.joinWays.delete(String(prior.config_id));
    } catch (err) {
      if (!isApiError(err, GONE)) throw err; // already gone: what destroy wants
    }
  },

  async import(ctx, id) {
    return toState(await ctx.client.joinWays.get(id), null);
  },
};

/** The whole configuration, as update_join_way needs it; unset optional fields are left out. */
function toConfig(a: Attrs): JoinWayConfig {
  const cfg: JoinWayConfig = {
    scene: Number(a.scene) as 1 | 2,
    chat_id_list: strings(a.chat_id_list),
    auto_create_room: a.auto_create_room === false ? 0 : 1,
  };
  if (a.remark !== null && a.remark !== undefined) cfg.remark = String(a.remark);
  if (a.room_base_name !== null && a.room_base_name !== undefined) cfg.room_base_name = String(a.room_base_name);
  if (a.room_base_id !== null && a.room_base_id !== undefined) cfg.room_base_id = Number(a.room_base_id);
  if (a.state !== null && a.state !== undefined) cfg.state = String(a.state);
  return cfg;
}

function toState(jw: JoinWay, prior: Attrs | null): Attrs {
  return {
    id: jw.config_id,
    config_id: jw.config_id,
    scene: jw.scene,
    chat_id_list: [...jw.chat_id_list],
    // get reports unset optional fields as '' or 0.
    remark: unsetAsPrior(jw.remark, prior?.remark, ''),
    auto_create_room: jw.auto_create_room !== 0,
    room_base_name: unsetAsPrior(jw.room_base_name, prior?.room_base_name, ''),
    room_base_id: unsetAsPrior(jw.room_base_id, prior?.room_base_id, 0),
    state: unsetAsPrior(jw.state, prior?.state, ''),
    qr_code: jw.qr_code || null,
  };
}

/**
 * Each chat must be a customer group: groupchat/get answers 40050 (unknown) or 90501 (an app
 * chat). Returns their labels (`客服1群 (wrXXX)`) from the same reads.
 */
async function checkChats(ctx: HandlerContext, chatIds: string[]): Promise<Record<string, string>> {
  const bad: string[] = [];
  const labels: Record<string, string> = {};
  await Promise.all(chatIds.map(async (id) => {
    try {
      labels[`chat:${id}`] = groupLabel(id, (await ctx.client.customerGroups.get(id)).name);
    } catch (err) {
      if (isApiError(err, [40050, 90501, 40058])) bad.push(id);
      else throw err;
    }
  }));
  if (bad.length) {
    throw new PlanError(ctx.address, 'chat_id_list', `${bad.sort().join(', ')} ${bad.length > 1 ? 'are not customer groups' : 'is not a customer group'} of this corp (join ways take customer group chat ids, not app chats)`);
  }
  return labels;
}

/** `客服1群 (wrXXX)`; a group without a name (WeCom allows it) is its id. */
function groupLabel(id: string, name: string | undefined): string {
  return name ? `${name} (${id})` : id;
}

/** Labels of customer groups by one groupchat/get each; groups that cannot be read keep their id. */
async function groupLabels(ctx: HandlerContext, ids: string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  await Promise.all(ids.map(async (id) => {
    const name = await ctx.client.customerGroups.get(id).then((g) => g.name, () => undefined);
    if (name) out[`chat:${id}`] = groupLabel(id, name);
  }));
  return out;
}

async function withChatsError<T>(ctx: HandlerContext, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (!isApiError(err, [BAD_CHATS])) throw err;
    throw new PlanError(ctx.address, 'chat_id_list', `WeCom rejected chat_id_list (41091: ${err.errmsg}); every entry must be an existing customer group, 1..5 of them`);
  }
}
