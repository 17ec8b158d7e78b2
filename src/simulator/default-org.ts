// The built-in org a simulator starts with when no seed is given: generated in code,
// deterministically (same ids every run), so tests, demos and docs can name known objects.
// Secrets and robot keys here are fake and public on purpose.
import { Prng } from './prng';
import type { Seed, SeedCustomerGroup, SeedDepartment, SeedMember, SeedUser } from './seed';

/** Well-known ids of the default org (documented in docs/simulator.md). */
export const DEFAULT_ORG = {
  corpId: 'wwsimcorp0001',
  agents: {
    /** The app an IaC tool would use: app chats and customer contact. */
    main: { agentid: 1000002, secret: 'sim-secret-app-1-fake-7d1c0a9e3b5f4286', name: 'IaC 群管理' },
    /** A second app: objects it creates are "created by another app" for `main`. */
    other: { agentid: 1000003, secret: 'sim-secret-app-2-fake-94e2b6c81d0a3f57', name: '其他应用' },
    /** The contacts-sync secret: the only one allowed to call user/list_id. */
    contactSync: { agentid: 3010041, secret: 'sim-secret-contacts-sync-fake-2c5e8a1f', name: '通讯录同步' },
    /** No app chat and no customer contact permission (48002). */
    restricted: { agentid: 1000004, secret: 'sim-secret-app-4-fake-0b7f3e9d25c6a148', name: '受限应用' },
  },
  users: {
    zhangsan: 'zhangsan', lisi: 'lisi', wangwu: 'wangwu', zhaoliu: 'zhaoliu', sunqi: 'sunqi', zhouba: 'zhouba',
    wujiu: 'wujiu', zhengshi: 'zhengshi', hanmeimei: 'HanMeimei',
    /** status 5: left the company (owns customer groups 08 and 09). */
    left: 'qianyi',
    /** status 2: disabled. */
    disabled: 'chener',
    /** status 4: not activated. */
    inactive: 'weisan',
  },
  departments: { root: 1, tech: 2, backend: 3, frontend: 6, qa: 9, ops: 12, service: 16, vip: 19, marketing: 22, sales: 25, hr: 29, finance: 31 },
  appChats: { opsRoom: 'simopsroom', release: 'simrelease', otherApp: 'simotherapp' },
  robots: {
    ops: { key: '5100b07a-0000-4000-8000-000000000001', name: '运维告警机器人', chatid: 'simopsroom' },
    release: { key: '5100b07a-0000-4000-8000-000000000002', name: '发版通知机器人', chatid: 'simrelease' },
    service: { key: '5100b07a-0000-4000-8000-000000000003', name: '客服群助手', chatid: 'wrSimCustomerGroup01' },
    disabled: { key: '5100b07a-0000-4000-8000-000000000004', name: '已停用机器人', chatid: 'simopsroom' },
    otherApp: { key: '5100b07a-0000-4000-8000-000000000005', name: '其他应用群机器人', chatid: 'simotherapp' },
  },
  customerGroups: Array.from({ length: 10 }, (_, i) => `wrSimCustomerGroup${String(i + 1).padStart(2, '0')}`),
  tags: { duty: 1, managers: 2, newcomers: 3, techCommittee: 4 },
} as const;

const DEPARTMENTS: Array<[number, string, number]> = [
  [1, '模拟科技', 0],
  [2, '技术部', 1], [3, '后端组', 2], [4, '支付后端', 3], [5, '平台后端', 3], [6, '前端组', 2], [7, 'Web前端', 6],
  [8, '移动端', 6], [9, '测试组', 2], [10, '自动化测试', 9], [11, '运维组', 2],
  [12, '运营部', 1], [13, '内容运营', 12], [14, '用户运营', 12], [15, '活动运营', 12],
  [16, '客服部', 1], [17, '一线客服', 16], [18, '二线客服', 16], [19, 'VIP客服', 16], [20, '华东VIP', 19], [21, '华南VIP', 19],
  [22, '市场部', 1], [23, '品牌', 22], [24, '渠道', 22],
  [25, '销售部', 1], [26, '华北销售', 25], [27, '华东销售', 25], [28, '华南销售', 25],
  [29, '人事行政部', 1], [30, '招聘', 29], [31, '财务部', 1],
];

const WELL_KNOWN: SeedUser[] = [
  { userid: 'zhangsan', name: '张三', department: [2], status: 1 },
  { userid: 'lisi', name: '李四', department: [3], status: 1 },
  { userid: 'wangwu', name: '王五', department: [6], status: 1 },
  { userid: 'zhaoliu', name: '赵六', department: [9], status: 1 },
  { userid: 'sunqi', name: '孙七', department: [12], status: 1 },
  { userid: 'zhouba', name: '周八', department: [16], status: 1 },
  { userid: 'wujiu', name: '吴九', department: [22], status: 1 },
  { userid: 'zhengshi', name: '郑十', department: [25], status: 1 },
  { userid: 'HanMeimei', name: '韩梅梅', department: [13, 14], status: 1 },
  { userid: 'qianyi', name: '钱一', department: [17], status: 5 },
  { userid: 'chener', name: '陈二', department: [11], status: 2 },
  { userid: 'weisan', name: '卫三', department: [30], status: 4 },
];

const SURNAMES: Array<[string, string]> = [
  ['wang', '王'], ['li', '李'], ['zhang', '张'], ['liu', '刘'], ['chen', '陈'], ['yang', '杨'], ['huang', '黄'],
  ['zhao', '赵'], ['wu', '吴'], ['zhou', '周'], ['xu', '徐'], ['sun', '孙'], ['ma', '马'], ['zhu', '朱'],
  ['hu', '胡'], ['guo', '郭'], ['he', '何'], ['gao', '高'], ['lin', '林'], ['luo', '罗'],
];
const GIVEN: Array<[string, string]> = [
  ['wei', '伟'], ['fang', '芳'], ['na', '娜'], ['min', '敏'], ['jing', '静'], ['lei', '磊'], ['qiang', '强'],
  ['yang', '洋'], ['yan', '艳'], ['jun', '军'], ['jie', '杰'], ['tao', '涛'], ['ming', '明'], ['chao', '超'],
  ['xiuying', '秀英'], ['guiying', '桂英'], ['hua', '华'], ['ping', '平'], ['gang', '刚'], ['hui', '辉'],
];

const USER_COUNT = 300;
/** Departments that receive generated staff (all but the root). */
const STAFFED = DEPARTMENTS.filter(([id]) => id !== 1).map(([id]) => id);

function generatedUsers(): SeedUser[] {
  const rng = new Prng(20240101);
  const taken = new Set(WELL_KNOWN.map((u) => u.userid.toLowerCase()));
  const out: SeedUser[] = [];
  for (let i = 0; out.length < USER_COUNT - WELL_KNOWN.length; i++) {
    const [sp, sh] = rng.pick(SURNAMES);
    const [gp, gh] = rng.pick(GIVEN);
    let userid = `${sp}${gp}`;
    for (let n = 2; taken.has(userid); n++) userid = `${sp}${gp}${n}`;
    taken.add(userid);
    const k = out.length + 1;
    const status = k % 37 === 0 ? 5 : k % 53 === 0 ? 2 : k % 71 === 0 ? 4 : 1;
    out.push({ userid, name: `${sh}${gh}`, department: [STAFFED[i % STAFFED.length]], status });
  }
  return out;
}

const EXTERNAL_NAMES = ['Alice', '小明', 'Bob', '王女士', 'Carol', '李先生', 'Dave', '赵总', 'Eve', '孙老师'];

function customerGroups(): SeedCustomerGroup[] {
  const owners = ['zhouba', 'zhouba', 'zhouba', 'sunqi', 'sunqi', 'zhengshi', 'zhengshi', 'qianyi', 'qianyi', 'lisi'];
  const names = ['VIP客户1群', 'VIP客户2群', '售后交流群', '新品体验群', '活动福利群', '华北客户群', '华东客户群', '老客户群', '渠道伙伴群', '技术支持群'];
  const base = 1700000000;
  return owners.map((owner, i) => {
    const members: SeedMember[] = [owner, i % 2 === 0 ? 'zhangsan' : 'HanMeimei'];
    for (let e = 0; e < 3 + (i % 4); e++) {
      const n = i * 10 + e + 1;
      members.push({ userid: `wmSimExternal${String(n).padStart(4, '0')}`, type: 2, name: EXTERNAL_NAMES[(i + e) % EXTERNAL_NAMES.length] });
    }
    return { chat_id: DEFAULT_ORG.customerGroups[i], name: names[i], owner, member_list: members, notice: '', create_time: base + i * 86400 };
  });
}

/** The default org as a seed (a fresh object each call). */
/** The default org's corp and agents (their fake secrets are public), shared by generated orgs. */
export function defaultCorp(): Seed['corp'] {
  const { agents } = DEFAULT_ORG;
  return {
    id: DEFAULT_ORG.corpId,
    agents: [
      { ...agents.main },
      { ...agents.other },
      { ...agents.contactSync, contactSync: true, allowAppChat: false, customerContact: false },
      { ...agents.restricted, allowAppChat: false, customerContact: false },
    ],
  };
}

export function buildDefaultOrg(): Seed {
  const { agents, robots, appChats } = DEFAULT_ORG;
  const departments: SeedDepartment[] = DEPARTMENTS.map(([id, name, parentid]) => ({ id, name, parentid, order: 100000000 - id }));
  departments[1].department_leader = ['zhangsan'];
  return {
    corp: defaultCorp(),
    departments,
    users: [...WELL_KNOWN.map((u) => ({ ...u, department: [...u.department] })), ...generatedUsers()],
    tags: [
      { tagid: 1, tagname: '值班', userlist: ['zhangsan', 'lisi'], partylist: [] },
      { tagid: 2, tagname: '管理层', userlist: ['zhangsan', 'sunqi', 'zhouba', 'wujiu', 'zhengshi'], partylist: [] },
      { tagid: 3, tagname: '新员工', userlist: [], partylist: [30] },
      { tagid: 4, tagname: '技术委员会', userlist: ['lisi', 'wangwu'], partylist: [2] },
    ],
    customerGroups: customerGroups(),
    robots: Object.values(robots).map((r) => ({ key: r.key, chatid: r.chatid, name: r.name, ...(r === robots.disabled ? { disabled: true } : {}) })),
    appChats: [
      { chatid: appChats.opsRoom, name: '运维值班群', owner: 'zhangsan', userlist: ['zhangsan', 'lisi', 'wangwu', 'zhaoliu'], createdBy: agents.main.agentid },
      { chatid: appChats.release, name: '发版通知群', owner: 'lisi', userlist: ['lisi', 'wangwu', 'zhaoliu', 'HanMeimei'], createdBy: agents.main.agentid },
      { chatid: appChats.otherApp, name: '其他应用的群', owner: 'sunqi', userlist: ['sunqi', 'zhouba', 'wujiu'], createdBy: agents.other.agentid },
    ],
  };
}
