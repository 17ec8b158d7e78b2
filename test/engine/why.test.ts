// Reviewers see why: reasons that tell the directory from the code and from the client, names of
// people removed, and the drift of rules, tags and join ways in words — against the simulator,
// changed out of band over its /_sim/ HTTP interface as an admin would in the console.
import { DEFAULT_ORG } from '../../src/simulator';
import { renderJson } from '../../src/render/json';
import { renderMarkdown } from '../../src/render/markdown';
import { renderText } from '../../src/render/text';
import { startSandbox, Sandbox } from '../helpers/engine-sandbox';
import { SimHttp } from '../helpers/sim-http';
import { SLOW_SUITE_TIMEOUT_MS } from '../helpers/timeouts';

jest.setTimeout(SLOW_SUITE_TIMEOUT_MS);

const D = DEFAULT_ORG.departments;

let sb: Sandbox;
let sim: SimHttp;
beforeEach(async () => {
  sb = await startSandbox();
  sim = new SimHttp(sb.sim.origin);
});
afterEach(() => sb.close());

const chats = (aDepts: number[]) => ({
  resource: {
    wecom_app_chat: {
      a: { chat_id: 'whya', name: '原因-a', owner: 'zhangsan', members: ['zhangsan', 'lisi'], member_departments: aDepts },
      // Reads 运营部 and 客服部 in the same run, so the plan knows where people went and their names.
      b: { chat_id: 'whyb', name: '原因-b', owner: 'lisi', members: ['lisi', 'zhangsan'], member_departments: [D.ops, D.service] },
    },
  },
});

test('a person moved out of a department the chat still declares is told apart from a department dropped from the code and from someone added in the client', async () => {
  await sb.converge(sb.writeStack(chats([D.qa, D.frontend])));
  await sim.oobUser({ userid: 'zhaoliu', department: [D.ops] }); // 测试组 -> 运营部 in the directory
  await sim.oobAppChat({ chatid: 'whya', add_user_list: ['zhouba'] }); // 客服部, added in the client

  const p = await sb.plan(sb.writeStack(chats([D.qa]))); // the code drops 前端组
  const a = p.changes.find((c) => c.address === 'wecom_app_chat.a')!;
  const why = a.details.provenance!;
  expect(why.zhaoliu).toEqual([`no longer in 技术部/测试组 (${D.qa}) in the directory (now in 运营部 (${D.ops}))`]);
  expect(why.wangwu).toEqual([`no longer declared: 技术部/前端组 (${D.frontend}) removed from the code`]);
  expect(why.zhouba).toEqual(['added in the client']);
  // Removed people carry their names, from reads the run made anyway.
  expect(a.details.names).toMatchObject({ zhaoliu: '赵六', wangwu: '王五', zhouba: '周八' });
  const b = p.changes.find((c) => c.address === 'wecom_app_chat.b')!;
  expect(b.details.provenance!.zhaoliu).toEqual([`via department 运营部 (${D.ops}) and its sub-departments`]);

  // The drift: who was added in the client, by name.
  const drift = p.drift.find((c) => c.address === 'wecom_app_chat.a')!;
  expect(drift.details.provenance).toEqual({ zhouba: ['added in the client'] });
  expect(drift.details.names).toMatchObject({ zhouba: '周八' });

  const md = renderMarkdown(p);
  expect(md).toContain(`no longer in 技术部/测试组 (${D.qa}) in the directory (now in 运营部 (${D.ops})): zhaoliu (赵六)`);
  expect(md).toContain(`no longer declared: 技术部/前端组 (${D.frontend}) removed from the code: `);
  expect(md).toMatch(/added in the client: [^\n]*zhouba \(周八\)/);
  expect(md).toMatch(/- `wecom_app_chat\.a`: \*\*\+1\*\* added in the client: zhouba \(周八\)/);
  expect(renderText(p)).toMatch(/- "zhaoliu" \(赵六\),\s+# no longer in 技术部\/测试组/);
  expect(renderText(p)).toMatch(new RegExp(`- ${D.frontend},\\s+# 技术部/前端组 \\(${D.frontend}\\)`));
  const json = JSON.parse(renderJson(p));
  expect(json.cdktf_wecom.details['wecom_app_chat.a'].provenance.zhaoliu[0]).toMatch(/^no longer in /);
  expect(json.cdktf_wecom.drift_details['wecom_app_chat.a'].provenance.zhouba).toEqual(['added in the client']);
});

test('the code no longer naming someone says so; one removed in the client and put back says that', async () => {
  const stack = (members: string[]) => ({ resource: { wecom_app_chat: { c: { chat_id: 'whyc', name: '原因-c', owner: 'zhangsan', members } } } });
  await sb.converge(sb.writeStack(stack(['zhangsan', 'lisi', 'wangwu'])));
  await sim.oobAppChat({ chatid: 'whyc', del_user_list: ['lisi'] });
  const p = await sb.plan(sb.writeStack(stack(['zhangsan', 'lisi', 'zhaoliu'])));
  const why = p.changes[0].details.provenance!;
  expect(why.wangwu).toEqual(['no longer named in the code']);
  expect(why.lisi).toEqual(['removed in the client', 'named in the code']);
  expect(why.zhaoliu).toEqual(['named in the code']);
  // lisi's name is known from checking the named members; nothing this plan read lists wangwu.
  expect(p.changes[0].details.names).toMatchObject({ lisi: '李四' });
  expect(p.changes[0].details.names?.wangwu).toBeUndefined();
});

test('a directory read per department, not a call per person: explaining a move costs no user/get', async () => {
  await sb.converge(sb.writeStack(chats([D.qa, D.frontend])));
  await sim.oobUser({ userid: 'zhaoliu', department: [D.ops] });
  await sim.oobAppChat({ chatid: 'whya', add_user_list: ['zhouba'] });
  const before = await sim.calls();
  await sb.plan(sb.writeStack(chats([D.qa])));
  const after = await sim.calls();
  const n = (path: string) => (after.counts[path]?.calls ?? 0) - (before.counts[path]?.calls ?? 0);
  // The two named members are checked as always (their departments are not read); none of the
  // three people explained costs a call.
  expect(n('user/get')).toBe(2);
  // 测试组 and 前端组 trees, 运营部 and 客服部 trees, each department listed once.
  expect(n('user/simplelist')).toBeLessThanOrEqual(31);
});

test('an intercept rule narrowed and its words cut out of band: drift and plan say what, by name and head count, and that the plan restores them', async () => {
  const rule = { resource: { wecom_intercept_rule: { r: {
    rule_name: '原因-敏感词', word_list: ['转账', '私下交易'], intercept_type: 1,
    applicable_users: ['zhangsan', 'lisi'], applicable_departments: [D.qa, D.backend],
  } } } };
  const stack = sb.writeStack(rule);
  await sb.converge(stack);
  const ruleId = (await import('../../src/engine/state')).readState(stack.statePath)!.resources[0].instances[0].attributes.rule_id as string;
  await sim.oobInterceptRule({ rule_id: ruleId, action: 'edit', word_list: ['转账', '返利'], user_list: ['zhangsan', 'wangwu'], department_list: [D.qa], intercept_type: 2 });

  const drift = await sb.plan(stack, { refreshOnly: true });
  const d = drift.drift[0];
  expect(d.details.labels?.[`department:${D.backend}`]).toMatch(new RegExp(`^技术部/后端组 \\(${D.backend}\\), \\d+ people$`));
  // lisi is listed in 后端组, read for its head count; no read lists wangwu, so no name (and no call).
  expect(d.details.names).toEqual({ lisi: '李四' });
  const dmd = renderMarkdown(drift);
  expect(dmd).toContain('words added: 返利; words removed: 私下交易');
  expect(dmd).toMatch(new RegExp(`departments removed: 技术部/后端组 \\(${D.backend}\\), \\d+ people`));
  expect(dmd).toContain('users added: wangwu; users removed: lisi (李四); intercept type warn and block (1) -> warn only (2)');
  expect(dmd).toContain('Applying the code restores these');

  const p = await sb.plan(stack);
  const c = p.changes.find((x) => x.address === 'wecom_intercept_rule.r')!;
  const note = c.details.notes?.find((x) => x.startsWith('restores'));
  expect(note).toMatch(new RegExp(`^restores what changed outside cdktf-wecom: puts back: words 私下交易; departments 技术部/后端组 \\(${D.backend}\\), \\d+ people; users lisi \\(李四\\); intercept type warn and block \\(1\\) — removes again: words 返利; users wangwu$`));
  expect(c.details.provenance).toEqual({ lisi: ['removed in the client', 'named in the code'], wangwu: ['added in the client'] });
  const md = renderMarkdown(p);
  expect(md).toContain(`. The plan ${note}`);
  // Taking out what was only added outside still weakens the live rule: listed, and said why.
  expect(md).toContain('words no longer intercepted: 返利 (added outside cdktf-wecom; the code does not have them)');
  expect(md).toContain('no longer covers users wangwu (added outside cdktf-wecom; the code does not have them)');
  expect(renderText(p)).toMatch(new RegExp(`\\+ ${D.backend},\\s+# 技术部/后端组 \\(${D.backend}\\), \\d+ people`));
  // Applying restores it.
  const res = await sb.apply(stack, p);
  expect(res.failed).toEqual([]);
  const live = (await (await fetch(`${sb.sim.inspectUrl}rules`)).json()) as Array<{ rule_id: string; word_list: string[]; user_list: string[]; department_list: number[] }>;
  const r = live.find((x) => x.rule_id === ruleId)!;
  expect([...r.word_list].sort()).toEqual(['私下交易', '转账'].sort());
  expect([...r.department_list].sort()).toEqual([D.qa, D.backend].sort());
  expect([...r.user_list].sort()).toEqual(['lisi', 'zhangsan']);
});

test('a tag: users and departments by name and head count, reasons for who comes and goes; a join way names its customer groups', async () => {
  const groups = DEFAULT_ORG.customerGroups;
  const doc = (users: string[], chatIds: string[]) => ({ resource: {
    wecom_tag: { t: { tag_name: '原因-标签', users, departments: [D.qa] } },
    wecom_join_way: { j: { scene: 2, chat_id_list: chatIds, remark: 'why' } },
  } });
  await sb.converge(sb.writeStack(doc(['zhangsan', 'lisi'], [groups[0]])));
  const state = (await import('../../src/engine/state')).readState(sb.writeStack(doc([], [])).statePath)!;
  const tagId = state.resources.find((r) => r.type === 'wecom_tag')!.instances[0].attributes.tag_id as number;
  await sim.oobTag({ tagid: tagId, action: 'set-members', userlist: ['zhangsan', 'lisi', 'sunqi'], partylist: [D.qa, D.frontend] });

  const p = await sb.plan(sb.writeStack(doc(['zhangsan', 'wangwu'], [groups[0], groups[1]])));
  const drift = p.drift.find((c) => c.address === 'wecom_tag.t')!;
  expect(drift.details.labels?.[`department:${D.frontend}`]).toMatch(new RegExp(`^技术部/前端组 \\(${D.frontend}\\), \\d+ people$`));
  const t = p.changes.find((c) => c.address === 'wecom_tag.t')!;
  expect(t.details.provenance).toEqual({ wangwu: ['named in the code'], lisi: ['no longer named in the code'], sunqi: ['added in the client'] });
  expect(t.details.names).toMatchObject({ wangwu: '王五', lisi: '李四' });
  expect(t.details.notes?.join()).toMatch(new RegExp(`^restores what changed outside cdktf-wecom: removes again: departments 技术部/前端组 \\(${D.frontend}\\), \\d+ people; users sunqi \\(孙七\\)$`));

  const j = p.changes.find((c) => c.address === 'wecom_join_way.j')!;
  const name1 = (await (await fetch(`${sb.sim.inspectUrl}customer-groups`)).json() as Array<{ chat_id: string; name: string }>).find((g) => g.chat_id === groups[1])!.name;
  expect(j.details.labels?.[`chat:${groups[1]}`]).toBe(`${name1} (${groups[1]})`);
  const md = renderMarkdown(p);
  expect(md).toContain(`join way now leads customers into 1 more group: ${name1} (${groups[1]})`);
  expect(renderText(p)).toContain(`+ "${groups[1]}",  # ${name1} (${groups[1]})`);
});

test('a first plan with a chat, its robot, a rule, a tag and a join way: the PR comment from Terraform\'s JSON of it is ours, byte for byte', async () => {
  const { toTerraformJson } = await import('../../src/render/json');
  const { labelIds, planFromTerraformJson } = await import('../../src/render/terraform-plan');
  const { labelsOf } = await import('../../src/engine/resources/labels');
  const stack = sb.writeStack({ resource: {
    wecom_app_chat: { c: { chat_id: 'whyfirst', name: '原因-首次', owner: 'zhangsan', members: ['zhangsan', 'lisi'], member_departments: [D.qa] } },
    wecom_group_robot: { r: { chat_id: '${wecom_app_chat.c.chat_id}', webhook_key_env: 'WHY_ROBOT_KEY', name: '原因机器人' } },
    wecom_intercept_rule: { w: { rule_name: '原因-首次规则', word_list: ['转账'], intercept_type: 1, applicable_users: ['lisi'], applicable_departments: [D.backend] } },
    wecom_tag: { t: { tag_name: '原因-首次标签', users: ['wangwu'], departments: [D.qa] } },
    wecom_join_way: { j: { scene: 2, chat_id_list: [DEFAULT_ORG.customerGroups[0]] } },
  } });
  const ours = await sb.plan(stack);
  expect(renderMarkdown(ours)).toContain('a robot webhook will post into 原因-首次 (whyfirst)');
  expect(renderMarkdown(ours)).toMatch(new RegExp(`whole departments added as members: 技术部/测试组 \\(${D.qa}\\), \\d+ people`));
  const tf = JSON.parse(JSON.stringify(toTerraformJson(ours)));
  const rt = await sb.runtime(stack);
  try {
    const people = ours.changes.flatMap((c) => [...c.details.membersAdded ?? [], ...c.details.membersRemoved ?? []]);
    await rt.directory.checkUsers(people);
    // As `render --names` does: names of the people, labels of the departments and tags.
    const ids = labelIds(tf);
    const labels = await labelsOf(rt.directory, ids.departments, ids.tags);
    const theirs = planFromTerraformJson(tf, stack, { configText: '', names: (u) => rt.directory.nameOf(u), labels });
    expect(renderMarkdown({ ...theirs, quotas: ours.quotas, warnings: ours.warnings, policy: ours.policy })).toBe(renderMarkdown(ours));
  } finally {
    await rt.close();
  }
});

test('with the contacts-sync secret the whole directory is listed once, so someone gone from a department is told to have left the company', async () => {
  sb.env.WHY_CONTACTS_SECRET = DEFAULT_ORG.agents.contactSync.secret;
  const doc = { provider: { wecom: [{ corp_id: DEFAULT_ORG.corpId, corp_secret_env: 'WECOM_TEST_SECRET', contacts_secret_env: 'WHY_CONTACTS_SECRET' }] }, ...chats([D.qa]) };
  await sb.converge(sb.writeStack(doc));
  await sim.oobUser({ userid: 'zhaoliu', status: 5 });
  const p = await sb.plan(sb.writeStack(doc));
  const a = p.changes.find((c) => c.address === 'wecom_app_chat.a')!;
  expect(a.details.provenance).toEqual({ zhaoliu: ['left the company'] });
  expect(renderMarkdown(p)).toContain('**-1** left the company: zhaoliu');
});

test('someone untagged in the directory, the chat still declaring the tag: "no longer in tag 值班 (1) in the directory"', async () => {
  const duty = DEFAULT_ORG.tags.duty;
  await sim.oobTag({ tagid: duty, action: 'set-members', userlist: ['zhangsan', 'lisi', 'wangwu'] });
  const doc = { resource: { wecom_app_chat: { c: { chat_id: 'whytag', name: '原因-值班', owner: 'zhangsan', members: ['zhangsan'], member_tags: [duty] } } } };
  await sb.converge(sb.writeStack(doc));
  await sim.oobTag({ tagid: duty, action: 'set-members', userlist: ['zhangsan', 'lisi'] });
  const p = await sb.plan(sb.writeStack(doc));
  const c = p.changes[0];
  expect(c.details.provenance).toEqual({ wangwu: [`no longer in tag 值班 (${duty}) in the directory`] });
  expect(renderMarkdown(p)).toContain(`**-1** no longer in tag 值班 (${duty}) in the directory: wangwu`);
});

test('someone no longer named but still in the chat through a department: the members diff says why they stay', async () => {
  // zhaoliu is in 测试组: named and via the department at first, then only via the department.
  const stack = (members: string[]) => ({ resource: { wecom_app_chat: { a: { chat_id: 'whystay', name: '原因-留', owner: 'zhangsan', members, member_departments: [D.qa] } } } });
  await sb.converge(sb.writeStack(stack(['zhangsan', 'zhaoliu'])));
  const p = await sb.plan(sb.writeStack(stack(['zhangsan'])));
  const a = p.changes.find((c) => c.address === 'wecom_app_chat.a')!;
  expect(a.details.membersRemoved ?? []).toEqual([]); // nobody leaves the chat
  expect(a.details.provenance!.zhaoliu).toEqual(['no longer named in the code', `still a member via department 技术部/测试组 (${D.qa}) and its sub-departments`]);
  expect(renderText(p)).toMatch(/- "zhaoliu" \(赵六\),\s+# no longer named in the code; still a member via department 技术部\/测试组/);
});
