import { UNKNOWN } from '../../../src/engine/config/expressions';
import { PlanError } from '../../../src/engine/resources';
import { welcomeTemplateHandler as h } from '../../../src/engine/resources/welcome-template';
import { changed, Env, expectSchemaShape, planned, startEnv, writesSince } from './helpers';

const ADDR = 'wecom_group_welcome_template.hello';
const base = {
  text: { content: '欢迎 %NICKNAME% 加入！' },
  link: { title: '服务指南', url: 'https://example.com/guide' },
  notify: false,
};

describe('wecom_group_welcome_template handler', () => {
  let env: Env;
  beforeEach(async () => { env = await startEnv(); });
  afterEach(async () => { await env.close(); });

  test('plan -> create -> read -> no change -> edit -> drift -> import -> delete', async () => {
    const p1 = await h.plan(env.ctx(ADDR), { config: base, prior: null });
    expect(p1.after.template_id).toBe(UNKNOWN);
    // Nested values in canonical form: every schema key, unset ones null.
    expect(p1.after.link).toEqual({ title: '服务指南', url: 'https://example.com/guide', picurl: null, desc: null });
    expect(p1.after.image).toBeNull();

    const state = await h.create(env.ctx(ADDR), planned(p1.after));
    expect(String(state.template_id)).toMatch(/^msg/);
    expect(state.id).toBe(state.template_id);
    expectSchemaShape(h, state);
    const rec = env.sim.sim.inspect.welcomeTemplates().find((t) => t.template_id === state.template_id)!;
    expect(rec.notify).toBe(0);

    const read1 = (await h.read(env.ctx(ADDR), state))!;
    expectSchemaShape(h, read1);
    expect(changed(h, state, read1)).toEqual([]);
    expect(read1.notify).toBe(false); // kept from state: get does not report it
    expect(changed(h, read1, (await h.plan(env.ctx(ADDR), { config: base, prior: read1 })).after)).toEqual([]);

    // edit replaces the content: the link goes, an image comes.
    const config2 = { text: { content: '你好 %NICKNAME%' }, image: { pic_url: 'https://example.com/a.png' }, notify: false };
    const p2 = await h.plan(env.ctx(ADDR), { config: config2, prior: read1 });
    expect(changed(h, read1, p2.after).sort()).toEqual(['image', 'link', 'text']);
    const state2 = await h.update(env.ctx(ADDR), read1, planned(p2.after));
    const live = env.sim.sim.inspect.welcomeTemplates().find((t) => t.template_id === state.template_id)!;
    expect(live.content).toEqual({ text: { content: '你好 %NICKNAME%' }, image: { pic_url: 'https://example.com/a.png' } });
    const read2 = (await h.read(env.ctx(ADDR), state2))!;
    expect(changed(h, state2, read2)).toEqual([]);
    expect(changed(h, read2, (await h.plan(env.ctx(ADDR), { config: config2, prior: read2 })).after)).toEqual([]);

    // The simulator has no oob route for templates: change its store directly, as a person in the admin console would.
    env.sim.sim.state.welcomeTemplates.find((t) => t.template_id === state.template_id)!.content = { text: { content: '被改了' } };
    const drifted = (await h.read(env.ctx(ADDR), read2))!;
    expect(changed(h, read2, drifted).sort()).toEqual(['image', 'text']);

    const imported = await h.import(env.ctx(ADDR), String(state.template_id));
    expectSchemaShape(h, imported);
    expect(changed(h, { ...drifted, notify: true }, imported)).toEqual([]);

    const before = await env.calls();
    await h.delete(env.ctx(ADDR), drifted);
    expect(writesSince(before, await env.calls())).toEqual([expect.stringContaining('group_welcome_template/del')]);
    expect(await h.read(env.ctx(ADDR), drifted)).toBeNull();
    await h.delete(env.ctx(ADDR), drifted);
  });

  test('content rules are plan errors: something to send, one attachment, image source', async () => {
    const before = await env.calls();
    const e1 = await h.plan(env.ctx(ADDR), { config: { notify: true }, prior: null }).catch((e) => e);
    expect(e1).toBeInstanceOf(PlanError);
    const e2 = await h.plan(env.ctx(ADDR), { config: { ...base, image: { pic_url: 'https://example.com/a.png' } }, prior: null }).catch((e) => e);
    expect(e2.field).toBe('link');
    expect(e2.message).toContain('image and link');
    const e3 = await h.plan(env.ctx(ADDR), { config: { image: {} }, prior: null }).catch((e) => e);
    expect(e3.field).toBe('image');
    expect(writesSince(before, await env.calls())).toEqual([]);
  });
});
