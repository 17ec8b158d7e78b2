import { UNKNOWN } from '../../../src/engine/config/expressions';
import { PlanError } from '../../../src/engine/resources';
import { joinWayHandler as h } from '../../../src/engine/resources/join-way';
import { DEFAULT_ORG } from '../../../src/simulator';
import { changed, Env, expectSchemaShape, planned, startEnv, writesSince } from './helpers';

const ADDR = 'wecom_join_way.vip';
const [G1, G2, G3] = DEFAULT_ORG.customerGroups;
const base = { scene: 2, chat_id_list: [G1, G2], remark: 'VIP 活码' };

describe('wecom_join_way handler', () => {
  let env: Env;
  beforeEach(async () => { env = await startEnv(); });
  afterEach(async () => { await env.close(); });

  test('plan -> create -> read -> no change -> full-overwrite update -> drift -> import -> delete', async () => {
    const p1 = await h.plan(env.ctx(ADDR), { config: base, prior: null });
    expect(p1.after.config_id).toBe(UNKNOWN);
    expect(p1.after.qr_code).toBe(UNKNOWN);
    expect(p1.after.auto_create_room).toBe(true);

    const state = await h.create(env.ctx(ADDR), planned(p1.after));
    expect(typeof state.config_id).toBe('string');
    expect(state.id).toBe(state.config_id);
    expect(String(state.qr_code)).toContain(String(state.config_id));
    expectSchemaShape(h, state);

    // Unset optional fields come back from WeCom as '' and 0; state keeps them null.
    const read1 = (await h.read(env.ctx(ADDR), state))!;
    expectSchemaShape(h, read1);
    expect(read1.state).toBeNull();
    expect(read1.room_base_id).toBeNull();
    expect(changed(h, state, read1)).toEqual([]);
    expect(changed(h, read1, (await h.plan(env.ctx(ADDR), { config: base, prior: read1 })).after)).toEqual([]);

    // Update sends everything: set state and room_base_name, drop the remark (WeCom resets it).
    const config2 = { scene: 2, chat_id_list: [G3, G1], auto_create_room: false, room_base_name: 'VIP群', room_base_id: 10, state: 'ch01' };
    const p2 = await h.plan(env.ctx(ADDR), { config: config2, prior: read1 });
    expect(changed(h, read1, p2.after).sort()).toEqual(['auto_create_room', 'chat_id_list', 'remark', 'room_base_id', 'room_base_name', 'state']);
    expect(p2.after.config_id).toBe(state.config_id);
    const state2 = await h.update(env.ctx(ADDR), read1, planned(p2.after));
    const live = (env.sim.sim.inspect.joinWays() as Array<Record<string, unknown>>).find((j) => j.config_id === state.config_id)!;
    expect(live).toMatchObject({ chat_id_list: [G3, G1], remark: '', auto_create_room: 0, room_base_name: 'VIP群', room_base_id: 10, state: 'ch01' });
    const read2 = (await h.read(env.ctx(ADDR), state2))!;
    expect(changed(h, state2, read2)).toEqual([]);
    expect(changed(h, read2, (await h.plan(env.ctx(ADDR), { config: config2, prior: read2 })).after)).toEqual([]);

    env.sim.sim.oob.joinWay({ config_id: String(state.config_id), action: 'edit', remark: '有人改了', chat_id_list: [G2] });
    const drifted = (await h.read(env.ctx(ADDR), read2))!;
    expect(changed(h, read2, drifted).sort()).toEqual(['chat_id_list', 'remark']);

    const imported = await h.import(env.ctx(ADDR), String(state.config_id));
    expectSchemaShape(h, imported);
    expect(changed(h, drifted, imported)).toEqual([]);

    await h.delete(env.ctx(ADDR), drifted);
    expect(await h.read(env.ctx(ADDR), drifted)).toBeNull();
    await h.delete(env.ctx(ADDR), drifted);
  });

  test('scene is forceNew: a change makes config_id and qr_code unknown; scene 1 has no QR code', async () => {
    const state = await h.create(env.ctx(ADDR), planned((await h.plan(env.ctx(ADDR), { config: base, prior: null })).after));
    const p = await h.plan(env.ctx(ADDR), { config: { ...base, scene: 1 }, prior: state });
    expect(p.after.config_id).toBe(UNKNOWN);
    expect(p.after.qr_code).toBeNull();
    expect(changed(h, state, p.after)).toContain('scene');
    const s1 = await h.create(env.ctx(ADDR), planned(p.after));
    expect(s1.qr_code).toBeNull();
    expect(changed(h, s1, (await h.read(env.ctx(ADDR), s1))!)).toEqual([]);
  });

  test('a join way deleted out of band reads as gone', async () => {
    const state = await h.create(env.ctx(ADDR), planned((await h.plan(env.ctx(ADDR), { config: base, prior: null })).after));
    env.sim.sim.oob.joinWay({ config_id: String(state.config_id), action: 'delete' });
    expect(await h.read(env.ctx(ADDR), state)).toBeNull();
  });

  test('chat_id_list entries that are not customer groups fail the plan with no write call', async () => {
    const before = await env.calls();
    const err = await h.plan(env.ctx(ADDR), { config: { ...base, chat_id_list: [G1, 'wrNoSuchGroup', DEFAULT_ORG.appChats.opsRoom] }, prior: null }).catch((e) => e);
    expect(err).toBeInstanceOf(PlanError);
    expect(err.field).toBe('chat_id_list');
    expect(err.message).toContain('wrNoSuchGroup');
    expect(err.message).toContain(DEFAULT_ORG.appChats.opsRoom);
    expect(writesSince(before, await env.calls())).toEqual([]);
  });

  test("WeCom's 41091 at apply becomes a clear error on chat_id_list", async () => {
    const err = await h.create(env.ctx(ADDR), { ...base, chat_id_list: ['wrGoneSincePlan'], auto_create_room: true }).catch((e) => e);
    expect(err).toBeInstanceOf(PlanError);
    expect(err.field).toBe('chat_id_list');
    expect(err.message).toContain('41091');
  });
});
