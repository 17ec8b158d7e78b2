import { DEFAULT_ORG } from '../../src/simulator';
import { readState } from '../../src/engine/state';
import { summaryLine } from '../../src/engine/plan/model';
import { startSandbox, Sandbox } from '../helpers/engine-sandbox';

const U = DEFAULT_ORG.users;

function chatStack(chat: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { resource: { wecom_app_chat: { eng: { chat_id: 'projeng', name: '工程群', owner: U.zhangsan, members: [U.zhangsan, U.lisi, U.wangwu], ...chat } }, ...extra } };
}

describe('engine: wecom_app_chat lifecycle against the simulator', () => {
  let sb: Sandbox;
  beforeEach(async () => { sb = await startSandbox(); });
  afterEach(async () => { await sb.close(); });

  test('create -> no changes -> drift detected -> repaired -> update -> archive on destroy', async () => {
    const stack = sb.writeStack(chatStack({ on_destroy: 'archive' }));
    const p1 = await sb.plan(stack);
    expect(summaryLine(p1)).toBe('Plan: 1 to add, 0 to change, 0 to destroy.');
    expect(p1.changes[0].details.membersAdded).toEqual(['lisi', 'wangwu', 'zhangsan']);
    const r1 = await sb.apply(stack, p1);
    expect(r1.failed).toEqual([]);
    const live = sb.sim.sim.inspect.chat('projeng')!;
    expect(live.owner).toBe('zhangsan');
    expect([...live.userlist].sort()).toEqual(['lisi', 'wangwu', 'zhangsan']);
    expect(readState(stack.statePath)!.resources[0].instances[0].attributes.id).toBe('projeng');

    const p2 = await sb.plan(stack);
    expect(summaryLine(p2)).toMatch(/^No changes/);
    expect(p2.drift).toEqual([]);

    // A person removes a member in the WeCom client.
    sb.sim.sim.oob.appChat({ chatid: 'projeng', del_user_list: [U.wangwu] });
    const p3 = await sb.plan(stack);
    expect(p3.drift.map((d) => d.address)).toEqual(['wecom_app_chat.eng']);
    expect(p3.drift[0].details.membersRemoved).toEqual(['wangwu']);
    expect(p3.changes[0].details.membersAdded).toEqual(['wangwu']);
    await sb.apply(stack, p3);
    expect(sb.sim.sim.inspect.chat('projeng')!.userlist).toContain('wangwu');

    // Owner change and removing the old owner in one update.
    const stack2 = sb.writeStack(chatStack({ on_destroy: 'archive', owner: U.lisi, members: [U.lisi, U.wangwu, U.zhaoliu] }));
    const p4 = await sb.plan(stack2);
    expect(p4.changes[0].kind).toBe('update');
    expect(p4.changes[0].details.ownerChange).toEqual({ from: 'zhangsan', to: 'lisi' });
    expect((await sb.apply(stack2, p4)).failed).toEqual([]);
    const after = sb.sim.sim.inspect.chat('projeng')!;
    expect(after.owner).toBe('lisi');
    expect([...after.userlist].sort()).toEqual(['lisi', 'wangwu', 'zhaoliu']);

    // Removing it from the stack archives it.
    const empty = sb.writeStack({});
    const p5 = await sb.plan(empty);
    expect(p5.changes[0].kind).toBe('delete');
    const r5 = await sb.apply(empty, p5); expect(r5.failed).toEqual([]);
    const archived = sb.sim.sim.inspect.chat('projeng')!;
    expect(archived.name.startsWith('[archived] ')).toBe(true);
    // The simulator (like WeCom, by default) refuses to leave fewer than 2 members: owner + one stay.
    expect(archived.userlist).toContain('lisi');
    expect(archived.userlist).toHaveLength(2);
    expect(readState(empty.statePath)!.resources).toEqual([]);
  });

  test('departments resolve recursively; additive membership never removes people it did not add', async () => {
    const stack = sb.writeStack(chatStack({ members: [U.zhangsan], member_departments: [DEFAULT_ORG.departments.qa], membership: 'additive' }));
    await sb.converge(stack);
    const members = sb.sim.sim.inspect.chat('projeng')!.userlist;
    expect(members.length).toBeGreaterThan(2);
    sb.sim.sim.oob.appChat({ chatid: 'projeng', add_user_list: [U.sunqi] });
    // sunqi was added by a person: additive mode leaves them.
    const p = await sb.plan(stack);
    expect(p.changes).toEqual([]);
    // Dropping the department removes only the people IaC added.
    const narrower = sb.writeStack(chatStack({ members: [U.zhangsan, U.lisi], membership: 'additive' }));
    const p2 = await sb.plan(narrower);
    expect(p2.changes[0].details.membersRemoved).not.toContain('sunqi');
    await sb.apply(narrower, p2);
    expect([...sb.sim.sim.inspect.chat('projeng')!.userlist].sort()).toEqual(['lisi', 'sunqi', 'zhangsan']);
  });

  test('unknown users and departments fail the plan, naming the field, with no write call', async () => {
    const stack = sb.writeStack(chatStack({ members: [U.zhangsan, 'nobody-here'] }));
    await expect(sb.plan(stack)).rejects.toThrow(/wecom_app_chat\.eng: plan: members: userid nobody-here not found/);
    const stack2 = sb.writeStack(chatStack({ member_departments: [9999] }));
    await expect(sb.plan(stack2)).rejects.toThrow(/member_departments: department 9999 not found/);
    const counts = sb.sim.sim.inspect.calls().counts;
    expect(Object.keys(counts).filter((p) => p.includes('appchat/create') || p.includes('appchat/update'))).toEqual([]);
  });

  test('departed users are flagged and left out; a changed chat_id replaces; prevent_destroy stops it', async () => {
    const stack = sb.writeStack(chatStack({ members: [U.zhangsan, U.lisi, U.left] }));
    const p = await sb.plan(stack);
    expect(p.changes[0].details.departedMembers).toEqual([U.left]);
    expect(p.changes[0].after!.resolved_members).not.toContain(U.left);
    await sb.apply(stack, p);
    const moved = sb.writeStack({ resource: { wecom_app_chat: { eng: { chat_id: 'projeng2', name: '工程群', owner: U.zhangsan, members: [U.zhangsan, U.lisi], lifecycle: { prevent_destroy: true } } } } });
    await expect(sb.plan(moved)).rejects.toThrow(/prevent_destroy/);
    const moved2 = sb.writeStack({ resource: { wecom_app_chat: { eng: { chat_id: 'projeng2', name: '工程群', owner: U.zhangsan, members: [U.zhangsan, U.lisi] } } } });
    const p2 = await sb.plan(moved2);
    expect(p2.changes[0].kind).toBe('replace');
    expect(p2.changes[0].details.replacePaths).toEqual(['chat_id']);
  });
});

describe('owner successors (离职继承)', () => {
  let sb: Sandbox;
  beforeEach(async () => { sb = await startSandbox(); });
  afterEach(() => sb.close());
  const chat = (extra: Record<string, unknown>) => ({ resource: { wecom_app_chat: { s: { chat_id: 'succ', name: '继承-测试', owner: 'lisi', members: ['lisi', 'zhangsan'], owner_successors: ['wangwu', 'zhaoliu'], ...extra } } } });

  test('an owner who left is replaced by the first active successor, and the plan says why; then nothing to do', async () => {
    const stack = sb.writeStack(chat({}));
    await sb.converge(stack);
    sb.sim.sim.oob.user({ userid: 'lisi', status: 5 });
    sb.sim.sim.oob.user({ userid: 'wangwu', status: 5 });
    const p = await sb.plan(stack);
    const c = p.changes.find((x) => x.address === 'wecom_app_chat.s')!;
    expect(c.kind).toBe('update');
    expect(c.after!.owner).toBe('zhaoliu');
    expect(c.details.notes?.join('\n')).toMatch(/owner lisi has left the company: zhaoliu, the first active of owner_successors, takes over/);
    const res = await sb.apply(stack, p);
    expect(res.failed).toEqual([]);
    expect(sb.sim.sim.inspect.chats().find((x) => x.chatid === 'succ')!.owner).toBe('zhaoliu');
    expect((await sb.plan(stack)).changes).toEqual([]);
  });

  test('every successor gone too: the plan fails naming the chat and the field', async () => {
    const stack = sb.writeStack(chat({ owner_successors: ['wangwu'] }));
    await sb.converge(stack);
    sb.sim.sim.oob.user({ userid: 'lisi', status: 5 });
    sb.sim.sim.oob.user({ userid: 'wangwu', status: 5 });
    await expect(sb.plan(stack)).rejects.toThrow(/wecom_app_chat\.s: plan: owner_successors: owner 'lisi' has left the company .* and so has every one of owner_successors \(wangwu\)/);
  });
});
