// What the policy knows about the org at synth time. WeCom answers who is in which department
// only at plan time, so rules that need it take it as data: a userid -> departments map and a
// department -> parent map (e.g. exported from the directory, or the simulator's default org).

import { isToken } from '../constructs/validation';

/** The root department: an ancestor of every department. */
export const ROOT_DEPARTMENT = 1;

export interface OrgDirectoryProps {
  /**
   * Departments of each userid (userids compare case-insensitively, as in WeCom).
   * @default - no user's departments are known
   */
  readonly userDepartments?: Readonly<Record<string, readonly number[]>>;
  /**
   * Parent of each department (child id -> parent id); the root (1) needs no entry.
   * @default - no department's parent is known
   */
  readonly departmentParents?: Readonly<Record<number, number>>;
}

export class OrgDirectory {
  private readonly users = new Map<string, readonly number[]>();
  private readonly parents = new Map<number, number>();

  public constructor(props: OrgDirectoryProps = {}) {
    for (const [u, ds] of Object.entries(props.userDepartments ?? {})) this.users.set(u.toLowerCase(), ds);
    for (const [d, p] of Object.entries(props.departmentParents ?? {})) this.parents.set(Number(d), p);
  }

  /** Departments of a userid, or undefined when unknown (or a reference). */
  public departmentsOf(userId: string): readonly number[] | undefined {
    if (isToken(userId)) return undefined;
    return this.users.get(userId.toLowerCase());
  }

  /**
   * The department and its known ancestors, nearest first, always ending with the root when the
   * chain is known up to it. A looked-up department (a reference) yields only itself.
   */
  public selfAndAncestors(department: number): number[] {
    const out = [department];
    if (isToken(department)) return out;
    const seen = new Set(out);
    for (let d = this.parents.get(department); d !== undefined && !seen.has(d); d = this.parents.get(d)) {
      out.push(d);
      seen.add(d);
    }
    return out;
  }

  /** True when `department` is one of `within` or lies below one of them (as far as known). */
  public isWithin(department: number, within: ReadonlySet<number>): boolean {
    if (within.has(ROOT_DEPARTMENT) && !isToken(department)) return true;
    return this.selfAndAncestors(department).some((d) => within.has(d));
  }
}
