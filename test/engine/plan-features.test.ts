import { DEFAULT_ORG } from '../../src/simulator';
import { summaryLine } from '../../src/engine/plan/model';
import { renderMarkdown } from '../../src/render/markdown';
import { renderText } from '../../src/render/text';
import { readState } from '../../src/engine/state';
import { startSandbox, Sandbox, SECRET_ENV } from '../helpers/engine-sandbox';

const chat = (id: string, extra: Record<string, unknown> = {}) => ({ chat_id: id, name: `群-${id}`, owner: 'zhangsan', members: ['zhangsan', 'lisi'], ...extra });
const provider = (extra: Record<string, unknown>) => ({ wecom: [{ corp_id: DEFAULT_ORG.corpId, corp_secret_env: SECRET_ENV, ...extra }] });

describe('planner features', () => {
  let sb: Sandbox;
  beforeEach(async () => { sb = await startSandbox(); });
  afterEach(() => sb.close());

  test('quota: a plan that would exceed the daily create quota says so, counting earlier runs', async () => {
    const two = sb.writeStack({ provider: provider({ chat_creates_per_day: 3 }), resource: { wecom_app_chat: { a: chat('qa'), b: chat('qb') } } });
    const p1 = await sb.plan(two);
    expect(p1.quotas).toEqual([{ name: 'app chat creates per day', needed: 2, remaining: 3, limit: 3, ok: true }]);
    await sb.apply(two, p1);
    const four = sb.writeStack({ provider: provider({ chat_creates_per_day: 3 }), resource: { wecom_app_chat: { a: chat('qa'), b: chat('qb'), c: chat('qc'), d: chat('qd') } } });
    const p2 = await sb.plan(four);
    expect(p2.quotas).toEqual([{ name: 'app chat creates per day', needed: 2, remaining: 1, limit: 3, ok: false }]);
    // Said once, in each rendering (not again as a warning).
    expect(p2.warnings.join('\n')).not.toMatch(/quota/);
    const text = renderText(p2);
    expect(text.match(/needs 2 app chat creates per day, but only 1 of 3 remain/g)).toHaveLength(1);
    const md = renderMarkdown(p2);
    expect(md.slice(0, md.indexOf('<details>')).match(/app chat creates per day/g)).toHaveLength(1);
  });

  test('--target limits the plan to an address and its dependencies', async () => {
    const stack = sb.writeStack({ resource: { wecom_app_chat: { a: chat('ta'), b: chat('tb') } } });
    const p = await sb.plan(stack, { targets: ['wecom_app_chat.b'] });
    expect(p.changes.map((c) => c.address)).toEqual(['wecom_app_chat.b']);
    await expect(sb.plan(stack, { targets: ['wecom_app_chat.zz'] })).rejects.toThrow(/no resource with this address/);
  });

  test('ignore_changes keeps the live value of the listed attributes', async () => {
    const stack = sb.writeStack({ resource: { wecom_app_chat: { a: chat('ia', { lifecycle: { ignore_changes: ['name'] } }) } } });
    await sb.converge(stack);
    sb.sim.sim.oob.appChat({ chatid: 'ia', name: '有人改了名字' });
    const p = await sb.plan(stack);
    expect(p.drift).toHaveLength(1);
    expect(p.changes).toEqual([]);
  });

  test('on_destroy retain forgets the chat: it stays in WeCom untouched', async () => {
    const stack = sb.writeStack({ resource: { wecom_app_chat: { a: chat('ra') } } });
    await sb.converge(stack);
    const gone = sb.writeStack({});
    const p = await sb.plan(gone);
    expect(p.changes[0].kind).toBe('forget');
    expect(summaryLine(p)).toBe('Plan: 0 to add, 0 to change, 0 to destroy. 1 to forget.');
    const before = sb.sim.sim.inspect.calls().counts['appchat/update']?.calls ?? 0;
    expect((await sb.apply(gone, p)).failed).toEqual([]);
    expect(sb.sim.sim.inspect.chat('ra')!.userlist.sort()).toEqual(['lisi', 'zhangsan']);
    expect(sb.sim.sim.inspect.calls().counts['appchat/update']?.calls ?? 0).toBe(before);
    expect(readState(gone.statePath)!.resources).toEqual([]);
  });

  test('a chat deleted... can not be: a chat another app created is refused at create', async () => {
    const stack = sb.writeStack({ resource: { wecom_app_chat: { a: chat(DEFAULT_ORG.appChats.otherApp) } } });
    const p = await sb.plan(stack);
    const r = await sb.apply(stack, p);
    expect(r.failed[0].error.message).toMatch(/86008|another app/);
  });
});
