// The seed: the org a simulator starts with (--seed FILE or an object in-process).
// Validation reports every problem at once, each naming the field (`users[3].department[0]`).
import * as fs from 'node:fs';
import { CHAT_ID_PATTERN, LIMITS, USER_ID_PATTERN, charCount } from '../wecom';
import type { GroupChatMember, UserStatus } from '../wecom';
import type { SimState } from './model';

export interface SeedAgent {
  agentid: number; secret: string; name: string;
  /** The contacts-sync secret (may call user/list_id). @default false */
  contactSync?: boolean;
  /** Visible to the root department (may call appchat/*). @default true */
  allowAppChat?: boolean;
  /** Customer-contact permission (may call externalcontact/*). @default true */
  customerContact?: boolean;
}
export interface SeedDepartment { id: number; name: string; parentid: number; name_en?: string; order?: number; department_leader?: string[] }
export interface SeedUser { userid: string; name: string; department: number[]; status?: UserStatus }
export interface SeedTag { tagid: number; tagname: string; userlist?: string[]; partylist?: number[] }
/** A plain string is an internal member (type 1); `{userid, type: 2}` an external WeChat user. */
export type SeedMember = string | { userid: string; type: 1 | 2; name?: string; join_time?: number; join_scene?: number };
export interface SeedCustomerGroup { chat_id: string; name: string; owner: string; member_list: SeedMember[]; notice?: string; create_time?: number }
export interface SeedRobot { key: string; chatid: string; name: string; disabled?: boolean }
/** Extension: app chats that already exist, created by `createdBy` (an agentid). */
export interface SeedAppChat { chatid: string; name: string; owner: string; userlist: string[]; createdBy: number }

export interface Seed {
  corp: { id: string; agents: SeedAgent[] };
  departments: SeedDepartment[];
  users: SeedUser[];
  tags?: SeedTag[];
  customerGroups?: SeedCustomerGroup[];
  robots?: SeedRobot[];
  appChats?: SeedAppChat[];
}

export class SeedError extends Error {
  constructor(readonly problems: string[], source = 'seed') {
    super(`${source}: ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
    this.name = 'SeedError';
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const isStr = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

class Problems {
  readonly list: string[] = [];
  add(where: string, msg: string): void {
    this.list.push(`${where}: ${msg}`);
  }
  /** Each element of `v` (an array at `where`), or nothing plus a problem when it is not one. */
  items(v: unknown, where: string, required: boolean): Obj[] {
    if (v === undefined && !required) return [];
    if (!Array.isArray(v)) return this.add(where, 'must be an array'), [];
    return v.filter((item, i) => isObj(item) || (this.add(`${where}[${i}]`, 'must be an object'), false)) as Obj[];
  }
  unique<T>(seen: Set<T>, key: T, where: string, what: string): void {
    if (seen.has(key)) this.add(where, `duplicate ${what} ${String(key)}`);
    seen.add(key);
  }
}

function checkCorp(seed: Obj, p: Problems): void {
  const corp = seed.corp;
  if (!isObj(corp)) return p.add('corp', 'must be an object {id, agents}');
  if (!isStr(corp.id)) p.add('corp.id', 'must be a non-empty string');
  const agents = p.items(corp.agents, 'corp.agents', true);
  if (Array.isArray(corp.agents) && corp.agents.length === 0) p.add('corp.agents', 'needs at least one agent');
  const ids = new Set<number>(), secrets = new Set<string>();
  agents.forEach((a, i) => {
    const at = `corp.agents[${i}]`;
    if (!isInt(a.agentid) || a.agentid <= 0) p.add(`${at}.agentid`, 'must be a positive integer');
    else p.unique(ids, a.agentid, `${at}.agentid`, 'agentid');
    if (!isStr(a.secret)) p.add(`${at}.secret`, 'must be a non-empty string');
    else p.unique(secrets, a.secret, `${at}.secret`, 'secret');
    if (typeof a.name !== 'string') p.add(`${at}.name`, 'must be a string');
    for (const flag of ['contactSync', 'allowAppChat', 'customerContact']) {
      if (a[flag] !== undefined && typeof a[flag] !== 'boolean') p.add(`${at}.${flag}`, 'must be a boolean');
    }
  });
}

function checkDepartments(seed: Obj, p: Problems): Set<number> {
  const depts = p.items(seed.departments, 'departments', true);
  const ids = new Set<number>();
  depts.forEach((d, i) => {
    if (!isInt(d.id) || d.id <= 0) p.add(`departments[${i}].id`, 'must be a positive integer');
    else p.unique(ids, d.id, `departments[${i}].id`, 'department id');
    if (!isStr(d.name)) p.add(`departments[${i}].name`, 'must be a non-empty string');
    if (!isInt(d.parentid)) p.add(`departments[${i}].parentid`, 'must be an integer (0 for the root)');
    if (d.order !== undefined && !isInt(d.order)) p.add(`departments[${i}].order`, 'must be an integer');
  });
  if (Array.isArray(seed.departments) && !ids.has(1)) p.add('departments', 'needs the root department with id 1');
  depts.forEach((d, i) => {
    if (isInt(d.parentid) && d.parentid !== 0 && !ids.has(d.parentid)) p.add(`departments[${i}].parentid`, `department ${d.parentid} does not exist`);
    if (d.id === 1 && d.parentid !== 0) p.add(`departments[${i}].parentid`, 'the root department 1 must have parentid 0');
  });
  return ids;
}

function checkUsers(seed: Obj, p: Problems, depts: Set<number>): Set<string> {
  const ids = new Set<string>();
  p.items(seed.users, 'users', true).forEach((u, i) => {
    const at = `users[${i}]`;
    if (typeof u.userid !== 'string' || !USER_ID_PATTERN.test(u.userid)) p.add(`${at}.userid`, 'must be 1..64 characters of [0-9A-Za-z_-@.]');
    else p.unique(ids, u.userid.toLowerCase(), `${at}.userid`, 'userid (case-insensitive)');
    if (!isStr(u.name)) p.add(`${at}.name`, 'must be a non-empty string');
    if (!Array.isArray(u.department) || u.department.length === 0) p.add(`${at}.department`, 'must be a non-empty array of department ids');
    else u.department.forEach((d, j) => { if (!depts.has(d as number)) p.add(`${at}.department[${j}]`, `department ${String(d)} does not exist`); });
    if (u.status !== undefined && ![1, 2, 4, 5].includes(u.status as number)) p.add(`${at}.status`, 'must be 1 (active), 2 (disabled), 4 (not activated) or 5 (left)');
  });
  return ids;
}

function checkUserRefs(list: unknown, at: string, users: Set<string>, p: Problems): void {
  if (!Array.isArray(list)) return p.add(at, 'must be an array of userids');
  list.forEach((u, j) => { if (typeof u !== 'string' || !users.has(u.toLowerCase())) p.add(`${at}[${j}]`, `user ${String(u)} does not exist`); });
}

function checkTags(seed: Obj, p: Problems, depts: Set<number>, users: Set<string>): void {
  const ids = new Set<number>(), names = new Set<string>();
  p.items(seed.tags, 'tags', false).forEach((t, i) => {
    const at = `tags[${i}]`;
    if (!isInt(t.tagid) || t.tagid <= 0) p.add(`${at}.tagid`, 'must be a positive integer');
    else p.unique(ids, t.tagid, `${at}.tagid`, 'tagid');
    if (!isStr(t.tagname) || charCount(t.tagname) > LIMITS.TAG_NAME_MAX) p.add(`${at}.tagname`, `must be 1..${LIMITS.TAG_NAME_MAX} characters`);
    else p.unique(names, t.tagname, `${at}.tagname`, 'tagname');
    if (t.userlist !== undefined) checkUserRefs(t.userlist, `${at}.userlist`, users, p);
    if (t.partylist !== undefined) {
      if (!Array.isArray(t.partylist)) p.add(`${at}.partylist`, 'must be an array of department ids');
      else t.partylist.forEach((d, j) => { if (!depts.has(d as number)) p.add(`${at}.partylist[${j}]`, `department ${String(d)} does not exist`); });
    }
  });
}

function checkMember(m: unknown, at: string, users: Set<string>, p: Problems): void {
  if (typeof m === 'string') return void (users.has(m.toLowerCase()) || p.add(at, `user ${m} does not exist`));
  if (!isObj(m) || !isStr(m.userid)) return p.add(at, 'must be a userid or {userid, type}');
  if (m.type !== 1 && m.type !== 2) return p.add(`${at}.type`, 'must be 1 (member) or 2 (external)');
  if (m.type === 1 && !users.has(m.userid.toLowerCase())) p.add(`${at}.userid`, `user ${m.userid} does not exist`);
}

function checkGroups(seed: Obj, p: Problems, users: Set<string>): void {
  const ids = new Set<string>();
  p.items(seed.customerGroups, 'customerGroups', false).forEach((g, i) => {
    const at = `customerGroups[${i}]`;
    if (!isStr(g.chat_id)) p.add(`${at}.chat_id`, 'must be a non-empty string');
    else p.unique(ids, g.chat_id, `${at}.chat_id`, 'chat_id');
    if (typeof g.name !== 'string') p.add(`${at}.name`, 'must be a string');
    if (typeof g.owner !== 'string' || !users.has(g.owner.toLowerCase())) p.add(`${at}.owner`, `user ${String(g.owner)} does not exist`);
    if (!Array.isArray(g.member_list)) p.add(`${at}.member_list`, 'must be an array');
    else g.member_list.forEach((m, j) => checkMember(m, `${at}.member_list[${j}]`, users, p));
  });
}

function checkRobots(seed: Obj, p: Problems): void {
  const keys = new Set<string>();
  p.items(seed.robots, 'robots', false).forEach((r, i) => {
    if (!isStr(r.key)) p.add(`robots[${i}].key`, 'must be a non-empty string');
    else p.unique(keys, r.key, `robots[${i}].key`, 'key');
    if (!isStr(r.chatid)) p.add(`robots[${i}].chatid`, 'must be a non-empty string');
    if (!isStr(r.name)) p.add(`robots[${i}].name`, 'must be a non-empty string');
    if (r.disabled !== undefined && typeof r.disabled !== 'boolean') p.add(`robots[${i}].disabled`, 'must be a boolean');
  });
}

function checkAppChats(seed: Obj, p: Problems, users: Set<string>, agentIds: unknown[]): void {
  const ids = new Set<string>();
  p.items(seed.appChats, 'appChats', false).forEach((c, i) => {
    const at = `appChats[${i}]`;
    if (typeof c.chatid !== 'string' || !CHAT_ID_PATTERN.test(c.chatid)) p.add(`${at}.chatid`, 'must be 1..32 characters of [0-9a-zA-Z]');
    else p.unique(ids, c.chatid, `${at}.chatid`, 'chatid');
    if (typeof c.name !== 'string') p.add(`${at}.name`, 'must be a string');
    checkUserRefs(c.userlist, `${at}.userlist`, users, p);
    if (Array.isArray(c.userlist) && c.userlist.length < 2) p.add(`${at}.userlist`, 'needs at least 2 members');
    const members = Array.isArray(c.userlist) ? c.userlist.map((u) => String(u).toLowerCase()) : [];
    if (typeof c.owner !== 'string' || !members.includes(c.owner.toLowerCase())) p.add(`${at}.owner`, 'must be one of userlist');
    if (!agentIds.includes(c.createdBy)) p.add(`${at}.createdBy`, `agent ${String(c.createdBy)} does not exist`);
  });
}

/** Throws SeedError listing every problem; returns the value typed as a Seed otherwise. */
export function validateSeed(value: unknown, source = 'seed'): Seed {
  if (!isObj(value)) throw new SeedError(['(top level): must be an object {corp, departments, users, ...}'], source);
  const p = new Problems();
  checkCorp(value, p);
  const depts = checkDepartments(value, p);
  const users = checkUsers(value, p, depts);
  checkTags(value, p, depts, users);
  checkGroups(value, p, users);
  checkRobots(value, p);
  const agents = isObj(value.corp) && Array.isArray(value.corp.agents) ? value.corp.agents.map((a) => (isObj(a) ? a.agentid : undefined)) : [];
  checkAppChats(value, p, users, agents);
  if (p.list.length > 0) throw new SeedError(p.list, source);
  return value as unknown as Seed;
}

export function loadSeedFile(file: string): Seed {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new SeedError([`cannot read: ${(err as Error).message}`], file);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new SeedError([`not valid JSON: ${(err as Error).message}`], file);
  }
  return validateSeed(value, file);
}

function toMember(m: SeedMember, canon: (u: string) => string, time: number): GroupChatMember {
  if (typeof m === 'string') return { userid: canon(m), type: 1, join_time: time, join_scene: 1 };
  return {
    userid: m.type === 1 ? canon(m.userid) : m.userid, type: m.type, join_time: m.join_time ?? time,
    join_scene: m.join_scene ?? 1, ...(m.name ? { name: m.name } : {}),
  };
}

/** The initial state for a validated seed; `nowS` is the creation time in unix seconds. */
export function seedToState(seed: Seed, nowS: number): SimState {
  const byLower = new Map(seed.users.map((u) => [u.userid.toLowerCase(), u.userid]));
  const canon = (u: string): string => byLower.get(u.toLowerCase()) ?? u;
  return {
    version: 1,
    corp: { id: seed.corp.id, agents: seed.corp.agents.map((a) => ({ ...a })) },
    departments: seed.departments.map((d) => ({
      id: d.id, name: d.name, ...(d.name_en ? { name_en: d.name_en } : {}), parentid: d.parentid,
      order: d.order ?? 100000000 - d.id, department_leader: (d.department_leader ?? []).map(canon),
    })),
    users: seed.users.map((u) => ({ userid: u.userid, name: u.name, department: [...u.department], status: u.status ?? 1, main_department: u.department[0] })),
    tags: (seed.tags ?? []).map((t) => ({ tagid: t.tagid, tagname: t.tagname, userlist: (t.userlist ?? []).map(canon), partylist: [...(t.partylist ?? [])], createdBy: null })),
    customerGroups: (seed.customerGroups ?? []).map((g) => {
      const time = g.create_time ?? nowS;
      const members = g.member_list.map((m) => toMember(m, canon, time));
      if (!members.some((m) => m.type === 1 && m.userid.toLowerCase() === g.owner.toLowerCase())) members.unshift(toMember(g.owner, canon, time));
      return { chat_id: g.chat_id, name: g.name, owner: canon(g.owner), create_time: time, notice: g.notice ?? '', member_list: members, admin_list: [], inherited: false };
    }),
    robots: (seed.robots ?? []).map((r) => ({ key: r.key, chatid: r.chatid, name: r.name, state: r.disabled ? 'disabled' : 'active' })),
    appChats: (seed.appChats ?? []).map((c) => ({
      chatid: c.chatid, name: c.name, owner: canon(c.owner), userlist: c.userlist.map(canon), chat_type: 0, createdBy: c.createdBy, create_time: nowS,
    })),
    rules: [], joinWays: [], welcomeTemplates: [], messages: [], media: [],
    seq: { message: 0, rule: 0, object: 0 },
  };
}
