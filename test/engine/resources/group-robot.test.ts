import { PlanError } from '../../../src/engine/resources';
import { groupRobotHandler as h } from '../../../src/engine/resources/group-robot';
import { DEFAULT_ORG } from '../../../src/simulator';
import { changed, Env, expectSchemaShape, planned, startEnv, writesSince } from './helpers';

const ADDR = 'wecom_group_robot.ops';
const KEY = DEFAULT_ORG.robots.ops.key;
const base = { webhook_key_env: 'OPS_ROBOT_KEY', chat_id: DEFAULT_ORG.robots.ops.chatid, name: '运维告警机器人' };

describe('wecom_group_robot handler', () => {
  let env: Env;
  beforeEach(async () => { env = await startEnv(); });
  afterEach(async () => { await env.close(); });

  test('lifecycle makes no API call; create and update need the env var set', async () => {
    const before = await env.calls();
    const withKey = { OPS_ROBOT_KEY: KEY };
    const p1 = await h.plan(env.ctx(ADDR), { config: base, prior: null }); // plan needs no key (CI without secrets)
    expect(p1.after.id).toBe('OPS_ROBOT_KEY');
    const state = await h.create(env.ctx(ADDR, withKey), planned(p1.after));
    expectSchemaShape(h, state);
    expect(JSON.stringify(state)).not.toContain(KEY);

    const read1 = (await h.read(env.ctx(ADDR), state))!;
    expect(read1).toEqual(state);
    expect(changed(h, read1, (await h.plan(env.ctx(ADDR), { config: base, prior: read1 })).after)).toEqual([]);

    const config2 = { ...base, name: '告警', webhook_key_env: 'ALERT_KEY' };
    const p2 = await h.plan(env.ctx(ADDR), { config: config2, prior: read1 });
    expect(changed(h, read1, p2.after).sort()).toEqual(['name', 'webhook_key_env']);
    const err = await h.update(env.ctx(ADDR, withKey), read1, planned(p2.after)).catch((e) => e);
    expect(err).toBeInstanceOf(PlanError);
    expect(err.field).toBe('webhook_key_env');
    expect(err.message).toContain('ALERT_KEY');
    const state2 = await h.update(env.ctx(ADDR, { ALERT_KEY: KEY }), read1, planned(p2.after));
    expect(state2.id).toBe('ALERT_KEY');
    expect((await h.read(env.ctx(ADDR), state2))).toEqual(state2);

    const imported = await h.import(env.ctx(ADDR), 'ALERT_KEY');
    expectSchemaShape(h, imported);
    expect(imported.webhook_key_env).toBe('ALERT_KEY');

    expect(h.forgetsOnDestroy?.(state2)).toBe(true);
    await h.delete(env.ctx(ADDR), state2);
    expect(writesSince(before, await env.calls())).toEqual([]);
    expect(Object.keys(await env.calls())).toEqual([]);
  });

  test('a missing or empty key fails create, naming the variable but never a value', async () => {
    const p = await h.plan(env.ctx(ADDR), { config: base, prior: null });
    for (const env1 of [{}, { OPS_ROBOT_KEY: '' }, { OTHER: KEY }]) {
      const err = await h.create(env.ctx(ADDR, env1), planned(p.after)).catch((e) => e);
      expect(err).toBeInstanceOf(PlanError);
      expect(err.message).toContain('OPS_ROBOT_KEY');
      expect(err.message).not.toContain(KEY);
    }
  });
});
