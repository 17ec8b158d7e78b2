// Directory lookups for one run, each fetched at most once: the department tree (one
// department/list), department members (user/list_id once when the secret may call it, else
// user/simplelist once per department needed), tags (tag/get once per tag) and users
// (user/get only for userids no listing showed). This is what keeps a plan at "one call per
// chat plus a constant" however many chats draw on the same departments.
import type { WecomClient } from '../client';
import { WecomApiError } from '../client';
import type { Department, UserStatus } from '../wecom/types';

export interface DirectoryUser { userid: string; name?: string; status: UserStatus | 'unknown' }

export type DirectoryStrategy = 'auto' | 'list_id' | 'simplelist';

export class Directory {
  private tree?: Promise<Map<number, Department>>;
  private readonly deptUsers = new Map<number, Promise<Array<{ userid: string; name?: string }>>>();
  private readonly treeUsers = new Map<number, Promise<string[]>>();
  private allPairs?: Promise<Map<number, string[]> | undefined>;
  private readonly users = new Map<string, Promise<DirectoryUser | undefined>>();
  private readonly tags = new Map<number, Promise<{ users: string[]; departments: number[] } | undefined>>();
  /**
   * Names and existence learnt from lookups, keyed by lower-cased userid. `listed`: a department
   * listing showed the user, so they have not left (WeCom lists no one with status 5).
   */
  private readonly known = new Map<string, { userid: string; name?: string; listed: boolean }>();
  /** Every userid checkUsers was asked about in this run (lower-cased). */
  private readonly checked = new Set<string>();

  constructor(private readonly client: WecomClient, private readonly strategy: DirectoryStrategy = 'auto') {}

  departments(): Promise<Map<number, Department>> {
    this.tree ??= this.client.departments.list().then((list) => new Map(list.map((d) => [d.id, d])));
    return this.tree;
  }

  async department(id: number): Promise<Department | undefined> {
    return (await this.departments()).get(id);
  }

  /** `技术部/后端` -> the department; the path starts below the root (the root's own name may lead). */
  async departmentByPath(path: string): Promise<Department | undefined> {
    const tree = await this.departments();
    const segments = path.split('/').map((s) => s.trim()).filter(Boolean);
    const roots = [...tree.values()].filter((d) => !tree.has(d.parentid) || d.parentid === 0);
    let level = roots.flatMap((r) => [...tree.values()].filter((d) => d.parentid === r.id));
    if (segments.length && roots.some((r) => r.name === segments[0])) {
      level = roots.filter((r) => r.name === segments[0]);
      segments.shift();
      if (!segments.length) return level[0];
      level = [...tree.values()].filter((d) => d.parentid === level[0].id);
    }
    let found: Department | undefined;
    for (const seg of segments) {
      found = level.find((d) => d.name === seg);
      if (!found) return undefined;
      level = [...tree.values()].filter((d) => d.parentid === found!.id);
    }
    return found;
  }

  async namePath(id: number): Promise<string | undefined> {
    const tree = await this.departments();
    const names: string[] = [];
    for (let d = tree.get(id); d; d = tree.get(d.parentid)) {
      if (!tree.has(d.parentid)) break; // stop below the root
      names.unshift(d.name);
    }
    return tree.has(id) ? names.join('/') : undefined;
  }

  /** Department ids of a subtree, the department itself included. */
  async subtree(id: number): Promise<number[]> {
    const tree = await this.departments();
    const children = new Map<number, number[]>();
    for (const d of tree.values()) children.set(d.parentid, [...(children.get(d.parentid) ?? []), d.id]);
    const out: number[] = [];
    const stack = [id];
    while (stack.length) {
      const cur = stack.pop()!;
      out.push(cur);
      stack.push(...(children.get(cur) ?? []));
    }
    return out;
  }

  /** Userids of a department and all sub-departments (people who left are not listed by WeCom). */
  async usersInDepartmentTree(id: number): Promise<string[]> {
    // Computed once per department: checkUsers asks for the whole tree once per chat.
    let p = this.treeUsers.get(id);
    if (!p) {
      p = this.loadTreeUsers(id);
      this.treeUsers.set(id, p);
    }
    return [...(await p)];
  }

  private async loadTreeUsers(id: number): Promise<string[]> {
    const ids = await this.subtree(id);
    const lists = await Promise.all(ids.map((d) => this.directUsers(d)));
    const seen = new Map<string, string>();
    for (const list of lists) for (const u of list) seen.set(u.userid.toLowerCase(), u.userid);
    return [...seen.values()];
  }

  private directUsers(dept: number): Promise<Array<{ userid: string; name?: string }>> {
    let p = this.deptUsers.get(dept);
    if (!p) {
      p = this.loadDirectUsers(dept);
      this.deptUsers.set(dept, p);
    }
    return p;
  }

  private async loadDirectUsers(dept: number): Promise<Array<{ userid: string; name?: string }>> {
    const pairs = await this.pairs();
    const list = pairs ? (pairs.get(dept) ?? []).map((userid) => ({ userid })) : await this.client.users.simpleList(dept);
    for (const u of list) this.remember(u.userid, (u as { name?: string }).name, true);
    return list;
  }

  /** user/list_id pairs when the secret may call it (contacts-sync); undefined otherwise. */
  private pairs(): Promise<Map<number, string[]> | undefined> {
    if (this.strategy === 'simplelist') return Promise.resolve(undefined);
    this.allPairs ??= (async () => {
      try {
        const byDept = new Map<number, string[]>();
        for await (const p of this.client.users.listAllIds()) byDept.set(p.department, [...(byDept.get(p.department) ?? []), p.userid]);
        return byDept;
      } catch (err) {
        // 48002: only the contacts-sync secret may call list_id; an app secret recurses instead.
        if (this.strategy === 'auto' && err instanceof WecomApiError && (err.errcode === 48002 || err.errcode === 60011)) return undefined;
        throw err;
      }
    })();
    return this.allPairs;
  }

  /** Users and departments a tag carries. undefined when the tag does not exist. */
  tag(tagid: number): Promise<{ users: string[]; departments: number[] } | undefined> {
    let p = this.tags.get(tagid);
    if (!p) {
      p = this.client.tags.get(tagid).then(
        (t) => {
          for (const u of t.userlist) this.remember(u.userid, u.name);
          return { users: t.userlist.map((u) => u.userid), departments: t.partylist ?? [] };
        },
        (err) => { if (err instanceof WecomApiError && (err.errcode === 40068 || err.errcode === 60011)) return undefined; throw err; },
      );
      this.tags.set(tagid, p);
    }
    return p;
  }

  /** People a tag stands for: its users and everyone in its departments' trees. */
  async usersOfTag(tagid: number): Promise<string[] | undefined> {
    const t = await this.tag(tagid);
    if (!t) return undefined;
    const fromDepts = await Promise.all(t.departments.map((d) => this.usersInDepartmentTree(d)));
    return [...t.users, ...fromDepts.flat()];
  }

  /** A user by id (user/get, once); undefined when WeCom does not know the userid. */
  user(userid: string): Promise<DirectoryUser | undefined> {
    const key = userid.toLowerCase();
    let p = this.users.get(key);
    if (!p) {
      p = this.client.users.get(userid).then(
        (u) => { this.remember(u.userid, u.name); return { userid: u.userid, name: u.name, status: u.status }; },
        (err) => { if (err instanceof WecomApiError && (err.errcode === 60111 || err.errcode === 46004)) return undefined; throw err; },
      );
      this.users.set(key, p);
    }
    return p;
  }

  /**
   * Checks many userids with the fewest calls: a few are looked up one by one; many (in this
   * call, or over the run: 10,000 chats of 4 people each name the whole directory) make the
   * whole directory listed once (list_id or one simplelist per department), and only the ids no
   * listing showed are looked up (to tell "left the company" from "never existed").
   */
  async checkUsers(userids: Iterable<string>, bulkThreshold = 40): Promise<Map<string, DirectoryUser | undefined>> {
    const wanted = [...new Map([...userids].map((u) => [u.toLowerCase(), u])).values()];
    for (const u of wanted) this.checked.add(u.toLowerCase());
    const bulk = wanted.length > bulkThreshold || this.checked.size > bulkThreshold;
    if (bulk) await this.usersInDepartmentTree(await this.rootId());
    const out = new Map<string, DirectoryUser | undefined>();
    await Promise.all(wanted.map(async (u) => {
      const k = this.known.get(u.toLowerCase());
      out.set(u.toLowerCase(), k?.listed && bulk ? { userid: k.userid, name: k.name, status: 1 } : await this.user(u));
    }));
    return out;
  }

  /** Display name for a userid, when any lookup has seen it. */
  nameOf(userid: string): string | undefined {
    return this.known.get(userid.toLowerCase())?.name;
  }

  private async rootId(): Promise<number> {
    const tree = await this.departments();
    return [...tree.values()].find((d) => !tree.has(d.parentid))?.id ?? 1;
  }

  private remember(userid: string, name?: string, listed = false): void {
    const k = userid.toLowerCase();
    const prev = this.known.get(k);
    this.known.set(k, { userid, name: name ?? prev?.name, listed: listed || (prev?.listed ?? false) });
  }
}
