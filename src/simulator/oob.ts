// Out-of-band changes: what a person does in the WeCom client or admin console, outside the
// API. No quotas and no ownership checks; invalid requests throw InspectError (HTTP 400/404).
import { LIMITS, charCount } from '../wecom';
import type { UserStatus } from '../wecom';
import { InspectError } from './errors';
import { checkBody, rules } from './inspect-check';
import type { Fields } from './inspect-check';
import type { RobotState } from './model';
import type { Simulator } from './simulator';

export interface OobAppChatChange { chatid: string; name?: string; owner?: string; add_user_list?: string[]; del_user_list?: string[] }
export interface OobRuleChange {
  rule_id: string; action: 'edit' | 'delete';
  rule_name?: string; word_list?: string[]; semantics_list?: Array<1 | 2 | 3>; intercept_type?: 1 | 2; user_list?: string[]; department_list?: number[];
}
export interface OobRobotChange {
  /** Robot name or key fingerprint (or key). */
  robot: string;
  action: 'disable' | 'enable' | 'remove' | 'add';
  /** For add: the new robot's key and chat. */
  key?: string; chatid?: string;
}
export interface OobUserChange {
  userid: string; action?: 'update' | 'add' | 'delete';
  name?: string; status?: UserStatus; department?: number[];
}
export interface OobJoinWayChange { config_id: string; action: 'delete' | 'edit'; remark?: string; state?: string; chat_id_list?: string[] }
export interface OobTagChange { tagid: number; action: 'delete' | 'rename' | 'set-members'; tagname?: string; userlist?: string[]; partylist?: number[] }
export interface OobCustomerGroupChange { chat_id: string; name?: string; owner?: string; add_members?: string[]; remove_members?: string[] }

const { id, text, int, oneOf, arrayOf, required } = rules;
const ids = arrayOf(id);

/** The bodies each change takes (HTTP and in-process alike): known fields, right types. */
export const OOB_FIELDS: Readonly<Record<'appChat' | 'interceptRule' | 'robot' | 'user' | 'joinWay' | 'tag' | 'customerGroup', Fields>> = {
  appChat: { chatid: required(id), name: text, owner: id, add_user_list: ids, del_user_list: ids },
  interceptRule: {
    rule_id: required(id), action: required(oneOf(['edit', 'delete'])), rule_name: id, word_list: ids,
    semantics_list: arrayOf(oneOf([1, 2, 3])), intercept_type: oneOf([1, 2]), user_list: ids, department_list: arrayOf(int(1)),
  },
  robot: { robot: required(id), action: required(oneOf(['disable', 'enable', 'remove', 'add'])), key: id, chatid: id },
  user: {
    userid: required(id), action: oneOf(['update', 'add', 'delete']), name: id, status: oneOf([1, 2, 4, 5]), department: arrayOf(int(1), 1),
  },
  joinWay: { config_id: required(id), action: required(oneOf(['edit', 'delete'])), remark: text, state: text, chat_id_list: ids },
  tag: { tagid: required(int(1)), action: required(oneOf(['delete', 'rename', 'set-members'])), tagname: id, userlist: ids, partylist: arrayOf(int(1)) },
  customerGroup: { chat_id: required(id), name: text, owner: id, add_members: ids, remove_members: ids },
};

const checked = (kind: keyof typeof OOB_FIELDS, body: object): void => checkBody(body as Record<string, unknown>, OOB_FIELDS[kind]);

const bad = (msg: string): never => {
  throw new InspectError(400, msg);
};
const notFound = (msg: string): never => {
  throw new InspectError(404, msg);
};
const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

export class OutOfBand {
  constructor(private readonly sim: Simulator) {}

  private existingUsers(userids: string[]): string[] {
    return userids.map((u) => this.sim.store.user(u)?.userid ?? bad(`user ${u} does not exist`));
  }

  /** Rename, change owner, add or remove members of any app chat (any size). */
  appChat(c: OobAppChatChange): void {
    checked('appChat', c);
    const chat = this.sim.store.appChat(c.chatid) ?? notFound(`app chat ${c.chatid} not found`);
    const adds = this.existingUsers(c.add_user_list ?? []);
    const next = chat.userlist.filter((u) => !(c.del_user_list ?? []).some((d) => same(d, u)));
    for (const u of adds) if (!next.some((m) => same(m, u))) next.push(u);
    const owner = c.owner ?? chat.owner;
    const ownerInChat = next.find((u) => same(u, owner));
    if (!ownerInChat && next.length > 0) bad(`owner ${owner} is not a member after the change`);
    chat.userlist = next;
    chat.owner = ownerInChat ?? owner;
    if (c.name !== undefined) chat.name = c.name;
    this.sim.save();
  }

  interceptRule(c: OobRuleChange): void {
    checked('interceptRule', c);
    const rule = this.sim.store.rule(c.rule_id) ?? notFound(`intercept rule ${c.rule_id} not found`);
    if (rule.deleted) notFound(`intercept rule ${c.rule_id} is deleted`);
    if (c.action === 'delete') rule.deleted = true;
    else if (c.action === 'edit') {
      if (c.rule_name !== undefined) rule.rule_name = c.rule_name;
      if (c.word_list) rule.word_list = [...c.word_list];
      if (c.semantics_list) rule.semantics_list = [...c.semantics_list];
      if (c.intercept_type) rule.intercept_type = c.intercept_type;
      if (c.user_list) rule.user_list = this.existingUsers(c.user_list);
      if (c.department_list) rule.department_list = [...c.department_list];
    } else bad(`action must be edit or delete`);
    this.sim.save();
  }

  robot(c: OobRobotChange): void {
    checked('robot', c);
    if (c.action === 'add') return this.addRobot(c);
    const robot = this.sim.store.robotByRef(c.robot) ?? notFound(`robot ${c.robot} not found`);
    const next: Record<string, RobotState> = { disable: 'disabled', enable: 'active', remove: 'removed' };
    robot.state = next[c.action] ?? bad('action must be disable, enable, remove or add');
    this.sim.save();
  }

  private addRobot(c: OobRobotChange): void {
    if (!c.key || !c.chatid || !c.robot) bad('add needs robot (the name), key and chatid');
    if (this.sim.store.robotByKey(c.key as string)) bad('a robot with that key exists');
    this.sim.state.robots.push({ key: c.key as string, chatid: c.chatid as string, name: c.robot, state: 'active' });
    this.sim.save();
  }

  /** Change a user's status (e.g. 5: left the company), name or departments; add or delete users. */
  user(c: OobUserChange): void {
    checked('user', c);
    const { store } = this.sim;
    const action = c.action ?? 'update';
    if (action === 'add') {
      if (store.user(c.userid)) bad(`user ${c.userid} exists`);
      const depts = c.department ?? [1];
      for (const d of depts) if (!store.dept(d)) bad(`department ${d} does not exist`);
      this.sim.state.users.push({ userid: c.userid, name: c.name ?? c.userid, department: depts, status: c.status ?? 1, main_department: depts[0] });
    } else {
      const user = store.user(c.userid) ?? notFound(`user ${c.userid} not found`);
      if (action === 'delete') this.sim.state.users = this.sim.state.users.filter((u) => u !== user);
      else {
        if (c.status !== undefined && ![1, 2, 4, 5].includes(c.status)) bad('status must be 1, 2, 4 or 5');
        for (const d of c.department ?? []) if (!store.dept(d)) bad(`department ${d} does not exist`);
        Object.assign(user, {
          ...(c.name !== undefined ? { name: c.name } : {}), ...(c.status !== undefined ? { status: c.status } : {}),
          ...(c.department ? { department: [...c.department], main_department: c.department[0] } : {}),
        });
      }
    }
    store.reindex();
    this.sim.save();
  }

  joinWay(c: OobJoinWayChange): void {
    checked('joinWay', c);
    const jw = this.sim.store.joinWay(c.config_id) ?? notFound(`join way ${c.config_id} not found`);
    if (c.action === 'delete') this.sim.state.joinWays = this.sim.state.joinWays.filter((x) => x !== jw);
    else if (c.action === 'edit') {
      if (c.remark !== undefined) jw.remark = c.remark;
      if (c.state !== undefined) jw.state = c.state;
      if (c.chat_id_list) jw.chat_id_list = [...c.chat_id_list];
    } else bad('action must be edit or delete');
    this.sim.save();
  }

  tag(c: OobTagChange): void {
    checked('tag', c);
    const tag = this.sim.store.tag(c.tagid) ?? notFound(`tag ${c.tagid} not found`);
    if (c.action === 'delete') this.sim.state.tags = this.sim.state.tags.filter((t) => t !== tag);
    else if (c.action === 'rename') {
      if (!c.tagname || charCount(c.tagname) > LIMITS.TAG_NAME_MAX) bad(`tagname must be 1..${LIMITS.TAG_NAME_MAX} characters`);
      tag.tagname = c.tagname as string;
    } else if (c.action === 'set-members') {
      if (c.userlist) tag.userlist = this.existingUsers(c.userlist);
      if (c.partylist) tag.partylist = [...c.partylist];
    } else bad('action must be delete, rename or set-members');
    this.sim.save();
  }

  /** Rename, change owner or membership of a customer group, as its owner would in the client. */
  customerGroup(c: OobCustomerGroupChange): void {
    checked('customerGroup', c);
    const g = this.sim.store.customerGroup(c.chat_id) ?? notFound(`customer group ${c.chat_id} not found`);
    if (c.name !== undefined) g.name = c.name;
    const now = this.sim.nowS();
    for (const u of c.add_members ?? []) {
      if (g.member_list.some((m) => same(m.userid, u))) continue;
      const internal = this.sim.store.user(u);
      g.member_list.push({ userid: internal?.userid ?? u, type: internal ? 1 : 2, join_time: now, join_scene: 1 });
    }
    g.member_list = g.member_list.filter((m) => !(c.remove_members ?? []).some((r) => same(r, m.userid)));
    if (c.owner !== undefined) g.owner = this.existingUsers([c.owner])[0];
    this.sim.save();
  }
}
