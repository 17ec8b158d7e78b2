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

/**
 * Listings kept beyond one Directory: terraform-provider-wecom shares them between the provider
 * processes of one Terraform command (src/provider/command-cache.ts). Values are plain JSON;
 * null records that WeCom answered "none" (user unknown, list_id not permitted).
 */
export interface DirectoryStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

interface Tree {
  byId: Map<number, Department>;
  children: Map<number, Department[]>;
  /** Departments whose parent is not in the tree (normally just the root, 1). */
  roots: Department[];
}

export class Directory {
  private tree?: Promise<Tree>;
  private readonly deptUsers = new Map<number, Promise<Array<{ userid: string; name?: string }>>>();
  private readonly treeUsers = new Map<number, Promise<string[]>>();
  private allPairs?: Promise<Map<number, string[]> | undefined>;
  private readonly users = new Map<string, Promise<DirectoryUser | undefined>>();
  private readonly tags = new Map<number, Promise<{ name: string; users: string[]; departments: number[] } | undefined>>();
  /**
   * Names and existence learnt from lookups, keyed by lower-cased userid. `listed`: a department
   * listing showed the user, so they have not left (WeCom lists no one with status 5).
   */
  private readonly known = new Map<string, { userid: string; name?: string; listed: boolean; departments?: Set<number> }>();
  /** Every userid checkUsers was asked about in this run (lower-cased). */
  private readonly checked = new Set<string>();

  constructor(private readonly client: WecomClient, private readonly strategy: DirectoryStrategy = 'auto', private readonly store?: DirectoryStore) {}

  /** `load()`, unless the store already holds the answer under `key`; a fresh answer is stored. */
  private async shared<T>(key: string, load: () => Promise<T>): Promise<T> {
    const kept = this.store?.get(key) as T | undefined;
    if (kept !== undefined) return kept;
    const value = await load();
    this.store?.set(key, value);
    return value;
  }

  private loadTree(): Promise<Tree> {
    this.tree ??= this.shared('department/list', () => this.client.departments.list()).then((list) => {
      const byId = new Map(list.map((d) => [d.id, d]));
      const children = new Map<number, Department[]>();
      for (const d of list) {
        const siblings = children.get(d.parentid);
        if (siblings) siblings.push(d);
        else children.set(d.parentid, [d]);
      }
      return { byId, children, roots: list.filter((d) => d.parentid === 0 || !byId.has(d.parentid)) };
    });
    return this.tree;
  }

  async departments(): Promise<Map<number, Department>> {
    return (await this.loadTree()).byId;
  }

  async department(id: number): Promise<Department | undefined> {
    return (await this.departments()).get(id);
  }

  /** `技术部/后端` -> the department; the path starts below the root (the root's own name may lead). */
  async departmentByPath(path: string): Promise<Department | undefined> {
    const { children, roots } = await this.loadTree();
    const segments = path.split('/').map((s) => s.trim()).filter(Boolean);
    const below = (id: number): Department[] => children.get(id) ?? [];
    let level = roots.flatMap((r) => below(r.id));
    if (segments.length && roots.some((r) => r.name === segments[0])) {
      level = roots.filter((r) => r.name === segments[0]);
      segments.shift();
      if (!segments.length) return level[0];
      level = below(level[0].id);
    }
    let found: Department | undefined;
    for (const seg of segments) {
      found = level.find((d) => d.name === seg);
      if (!found) return undefined;
      level = below(found.id);
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
    const { children } = await this.loadTree();
    const out: number[] = [];
    const stack = [id];
    while (stack.length) {
      const cur = stack.pop()!;
      out.push(cur);
      for (const c of children.get(cur) ?? []) stack.push(c.id);
    }
    return out;
  }

  /**
   * Userids of a department and all sub-departments (people who left are not listed by WeCom).
   * With list_id: from the one whole-directory listing. Otherwise one user/simplelist per
   * department of the subtree, each department read at most once per run (subtrees that
   * overlap share their reads); nothing outside the subtree is read.
   */
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
    if (pairs) return (pairs.get(dept) ?? []).map((userid) => ({ userid }));
    const list = await this.shared(`user/simplelist:${dept}`, () => this.client.users.simpleList(dept));
    for (const u of list) this.remember(u.userid, u.name, true, dept);
    return list;
  }

  /**
   * user/list_id pairs when the secret may call it (contacts-sync); undefined otherwise. One
   * listing of the whole directory (10,000 rows a call), after which every listed user is known.
   */
  private pairs(): Promise<Map<number, string[]> | undefined> {
    if (this.strategy === 'simplelist') return Promise.resolve(undefined);
    this.allPairs ??= this.shared('user/list_id', async (): Promise<Array<[string, number]> | null> => {
      try {
        const all: Array<[string, number]> = [];
        for await (const p of this.client.users.listAllIds()) all.push([p.userid, p.department]);
        return all;
      } catch (err) {
        // 48002: only the contacts-sync secret may call list_id; an app secret recurses instead.
        if (this.strategy === 'auto' && err instanceof WecomApiError && (err.errcode === 48002 || err.errcode === 60011)) return null;
        throw err;
      }
    }).then((all) => {
      if (!all) return undefined;
      const byDept = new Map<number, string[]>();
      for (const [userid, department] of all) {
        const list = byDept.get(department);
        if (list) list.push(userid);
        else byDept.set(department, [userid]);
        this.remember(userid, undefined, true, department);
      }
      return byDept;
    });
    return this.allPairs;
  }

  /** A tag's name, from the read usersOfTag already made (no call of its own when that ran). */
  async tagName(tagid: number): Promise<string | undefined> {
    return (await this.tag(tagid))?.name;
  }

  /** Users and departments a tag carries. undefined when the tag does not exist. */
  tag(tagid: number): Promise<{ name: string; users: string[]; departments: number[] } | undefined> {
    let p = this.tags.get(tagid);
    if (!p) {
      p = this.client.tags.get(tagid).then(
        (t) => {
          for (const u of t.userlist) this.remember(u.userid, u.name);
          return { name: t.tagname, users: t.userlist.map((u) => u.userid), departments: t.partylist ?? [] };
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
      p = this.shared(`user/get:${key}`, () => this.client.users.get(userid).then(
        (u): DirectoryUser => ({ userid: u.userid, name: u.name, status: u.status }),
        (err) => { if (err instanceof WecomApiError && (err.errcode === 60111 || err.errcode === 46004)) return null; throw err; },
      )).then((u) => {
        if (!u) return undefined;
        this.remember(u.userid, u.name);
        return u;
      });
      this.users.set(key, p);
    }
    return p;
  }

  /**
   * Checks many userids with the fewest calls. Someone a listing already showed (a department
   * the stack names, or the list_id listing) has not left and needs no call. The rest are
   * looked up one by one (user/get) until that would cost more than listing the whole directory
   * once — with list_id a few calls, so after `bulkThreshold` look-ups over the run (10,000 chats
   * of 4 people each name the whole directory); with user/simplelist one call per department not
   * read yet, so never on a big org for a few hundred owners. After a listing, only the ids no
   * listing showed are looked up (to tell "left the company" from "never existed").
   */
  async checkUsers(userids: Iterable<string>, bulkThreshold = 40): Promise<Map<string, DirectoryUser | undefined>> {
    const wanted = [...new Map([...userids].map((u) => [u.toLowerCase(), u])).values()];
    for (const u of wanted) this.checked.add(u.toLowerCase());
    const unlisted = wanted.filter((u) => !this.known.get(u.toLowerCase())?.listed && !this.users.has(u.toLowerCase()));
    // A whole-directory listing another check started is awaited, not raced with user/get: while
    // it runs, part of it is known and the rest would each cost a call (chats plan in parallel).
    const inFlight = unlisted.length && this.tree ? this.treeUsers.get(await this.rootId()) : undefined;
    if (inFlight) {
      await inFlight;
    } else if (unlisted.length && this.users.size + unlisted.length > bulkThreshold && this.users.size + unlisted.length > await this.listingCost()) {
      await this.usersInDepartmentTree(await this.rootId());
    }
    const out = new Map<string, DirectoryUser | undefined>();
    await Promise.all(wanted.map(async (u) => {
      const k = this.known.get(u.toLowerCase());
      // A user/get already made answers with the real status (a listing cannot show status 5).
      out.set(u.toLowerCase(), k?.listed && !this.users.has(u.toLowerCase()) ? { userid: k.userid, name: k.name, status: 1 } : await this.user(u));
    }));
    return out;
  }

  /** Calls a listing of the whole directory would still cost (a guess before list_id was tried). */
  private async listingCost(): Promise<number> {
    const pairs = this.strategy === 'simplelist' ? undefined : this.allPairs ? await this.allPairs : undefined;
    if (pairs) return 0;
    if (this.strategy === 'list_id') return 1;
    const { byId } = await this.loadTree();
    let unread = 0;
    for (const id of byId.keys()) if (!this.deptUsers.has(id)) unread++;
    return unread;
  }

  /** Display name for a userid, when any lookup has seen it. */
  nameOf(userid: string): string | undefined {
    return this.known.get(userid.toLowerCase())?.name;
  }

  /**
   * What this run's reads say of a person, without a call: 'active' when a listing showed them,
   * 'left' when user/get said status 5 or the whole directory was listed without them; undefined
   * when no read tells (a plan never looks people up just to explain a change).
   */
  async knownStatus(userid: string): Promise<'active' | 'left' | undefined> {
    const k = this.known.get(userid.toLowerCase());
    const got = this.users.get(userid.toLowerCase());
    if (got) return (await got)?.status === 5 ? 'left' : k ? 'active' : undefined;
    if (k?.listed) return 'active';
    const pairs = this.strategy === 'simplelist' ? undefined : this.allPairs ? await this.allPairs : undefined;
    const whole = this.treeUsers.get(await this.rootId());
    if (!pairs && !whole) return undefined;
    if (whole) await whole;
    return this.known.get(userid.toLowerCase())?.listed ? 'active' : 'left';
  }

  /** Departments whose listing (read in this run) shows the person directly. */
  listedIn(userid: string): number[] {
    return [...(this.known.get(userid.toLowerCase())?.departments ?? [])].sort((a, b) => a - b);
  }

  private async rootId(): Promise<number> {
    const { roots } = await this.loadTree();
    return roots[0]?.id ?? 1;
  }

  private remember(userid: string, name?: string, listed = false, department?: number): void {
    const k = userid.toLowerCase();
    const prev = this.known.get(k);
    const departments = department === undefined ? prev?.departments : new Set([...(prev?.departments ?? []), department]);
    this.known.set(k, { userid, name: name ?? prev?.name, listed: listed || (prev?.listed ?? false), ...(departments ? { departments } : {}) });
  }
}
