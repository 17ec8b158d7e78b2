// The org and every object the API created, with lookups and atomic persistence.
// Userids compare case-insensitively (WeCom: uniqueness is case-insensitive), so lookups go
// through a lowercase index and stored references use the directory's spelling.
import { writeFileAtomic } from '../fs-atomic';
import * as fs from 'node:fs';
import type {
  AgentRec, AppChatRec, CustomerGroupRec, DeptRec, JoinWayRec, RobotRec, RuleRec, SimState, TagRec, UserRec,
  WelcomeTemplateRec,
} from './model';
import { fingerprint } from './redact';

/** Messages kept per store (oldest dropped first) so a long-running simulator stays bounded. */
export const MAX_MESSAGES = 10000;

export class Store {
  private users = new Map<string, UserRec>();
  private depts = new Map<number, DeptRec>();
  private children = new Map<number, number[]>();
  /** Direct members by department (user/simplelist), and list_id's pairs: O(1) per call at 100k people. */
  private members = new Map<number, UserRec[]>();
  private pairRows?: Array<{ userid: string; department: number }>;

  constructor(public state: SimState, readonly dataFile?: string) {
    this.reindex();
  }

  /** Rebuild the lookup indexes; call after changing users or departments wholesale. */
  reindex(): void {
    this.users = new Map(this.state.users.map((u) => [u.userid.toLowerCase(), u]));
    this.depts = new Map(this.state.departments.map((d) => [d.id, d]));
    this.children = new Map();
    for (const d of this.state.departments) {
      if (!this.children.has(d.parentid)) this.children.set(d.parentid, []);
      (this.children.get(d.parentid) as number[]).push(d.id);
    }
    this.members = new Map();
    for (const u of this.state.users) {
      for (const d of u.department) {
        const list = this.members.get(d);
        if (list) list.push(u);
        else this.members.set(d, [u]);
      }
    }
    this.pairRows = undefined;
  }

  agentBySecret(secret: string): AgentRec | undefined {
    return this.state.corp.agents.find((a) => a.secret === secret);
  }

  agent(agentid: number): AgentRec | undefined {
    return this.state.corp.agents.find((a) => a.agentid === agentid);
  }

  user(userid: string): UserRec | undefined {
    return this.users.get(userid.toLowerCase());
  }

  dept(id: number): DeptRec | undefined {
    return this.depts.get(id);
  }

  /** The department and all departments below it, parents first. */
  deptTree(id: number): DeptRec[] {
    const out: DeptRec[] = [];
    const walk = (d: number): void => {
      const rec = this.depts.get(d);
      if (rec) out.push(rec);
      for (const c of this.children.get(d) ?? []) walk(c);
    };
    walk(id);
    return out;
  }

  /** Roots of the department forest (normally just department 1). */
  rootDepts(): number[] {
    return this.state.departments.filter((d) => !this.depts.has(d.parentid)).map((d) => d.id);
  }

  /** Users directly in the department (not in its sub-departments), in directory order. */
  directMembers(deptId: number): UserRec[] {
    return [...(this.members.get(deptId) ?? [])];
  }

  /**
   * user/list_id's rows: one per (user, department) pair of everyone but those who left (status 5),
   * in directory order; cached until the next reindex (every change of users reindexes).
   */
  listedPairs(): Array<{ userid: string; department: number }> {
    this.pairRows ??= this.state.users.filter((u) => u.status !== 5).flatMap((u) => u.department.map((department) => ({ userid: u.userid, department })));
    return this.pairRows;
  }

  /** Lowercased userids of everyone in the departments (recursively) plus `userids`. */
  coveredUserids(userids: string[], deptIds: number[]): Set<string> {
    const all = new Set(userids.map((u) => u.toLowerCase()));
    const depts = new Set(deptIds.flatMap((d) => this.deptTree(d).map((x) => x.id)));
    for (const u of this.state.users) if (u.department.some((d) => depts.has(d))) all.add(u.userid.toLowerCase());
    return all;
  }

  appChat(chatid: string): AppChatRec | undefined {
    return this.state.appChats.find((c) => c.chatid === chatid);
  }

  customerGroup(chatId: string): CustomerGroupRec | undefined {
    return this.state.customerGroups.find((c) => c.chat_id === chatId);
  }

  robotByKey(key: string): RobotRec | undefined {
    return this.state.robots.find((r) => r.key === key);
  }

  /** A robot by name, key fingerprint or key (for out-of-band changes). */
  robotByRef(ref: string): RobotRec | undefined {
    return this.state.robots.find((r) => r.name === ref || fingerprint(r.key) === ref || r.key === ref);
  }

  tag(tagid: number): TagRec | undefined {
    return this.state.tags.find((t) => t.tagid === tagid);
  }

  rule(ruleId: string): RuleRec | undefined {
    return this.state.rules.find((r) => r.rule_id === ruleId);
  }

  joinWay(configId: string): JoinWayRec | undefined {
    return this.state.joinWays.find((j) => j.config_id === configId);
  }

  template(templateId: string): WelcomeTemplateRec | undefined {
    return this.state.welcomeTemplates.find((t) => t.template_id === templateId);
  }

  /** The directory's spelling of each userid (callers already checked they exist). */
  canonical(userids: string[]): string[] {
    return userids.map((u) => this.user(u)?.userid ?? u);
  }

  /** Writes the state atomically (temp file, fsync, rename) when a data file is configured. */
  save(): void {
    if (!this.dataFile) return;
    writeFileAtomic(this.dataFile, JSON.stringify(this.state));
  }
}

/** Reads a data file written by `save`; undefined when it does not exist. */
export function loadState(file: string): SimState | undefined {
  if (!fs.existsSync(file)) return undefined;
  let state: SimState;
  try {
    state = JSON.parse(fs.readFileSync(file, 'utf8')) as SimState;
  } catch (err) {
    throw new Error(`simulator data file ${file}: not valid JSON (${(err as Error).message}); move it away to start from the seed`);
  }
  if (state.version !== 1 || !state.corp || !Array.isArray(state.users)) {
    throw new Error(`simulator data file ${file}: not a simulator state (version 1)`);
  }
  return state;
}
