// Readable names for what a plan shows: `技术部/后端 (4), 37 people` for a department,
// `tag 值班 (1), 5 people` for a tag, `客服1群 (wrXXX)` for a customer group, `userid (显示名)`
// for people. All from reads the run makes anyway (the tree once, a department's people once, a
// tag once), never a call per person. One source for every handler and the planner.
import type { Directory } from '../directory';
import type { ChangeDetails } from '../plan/model';

/**
 * `技术部/后端 (4), 37 people`; the head count counts the department and its sub-departments.
 * `people`: the count when known, null for none (`技术部/后端 (4)`), undefined to read it.
 */
export async function departmentLabel(dir: Directory, id: number, people?: number | null): Promise<string> {
  if (!(await dir.department(id))) return `department ${id} (not in the directory)`;
  const n = people === null ? undefined : people ?? (await dir.usersInDepartmentTree(id)).length;
  // The root has no path below itself: its own name stands.
  return `${(await dir.namePath(id)) || (await dir.department(id))!.name} (${id})${n === undefined ? '' : `, ${n} people`}`;
}

/** `tag 值班 (1), 5 people`: its users and the people of its departments (`people` as for departments). */
export async function tagLabel(dir: Directory, id: number, people?: number | null): Promise<string> {
  const n = people === null ? undefined : people ?? (await dir.usersOfTag(id))?.length;
  return `tag ${(await dir.tagName(id)) ?? id} (${id})${n === undefined ? '' : `, ${n} people`}`;
}

/**
 * Labels by `department:<id>` / `tag:<id>`, as ChangeDetails.labels holds them. `people`: the
 * people already resolved per department and tag, or null for labels without head counts (no read).
 */
export async function labelsOf(dir: Directory, depts: number[], tags: number[], people?: { depts?: string[][]; tags?: string[][] } | null): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [i, d] of depts.entries()) out[`department:${d}`] = await departmentLabel(dir, d, people === null ? null : people?.depts?.[i]?.length);
  for (const [i, t] of tags.entries()) out[`tag:${t}`] = await tagLabel(dir, t, people === null ? null : people?.tags?.[i]?.length);
  return out;
}

/** A label without its head count, for a reason (`via department 技术部/后端 (4)`). */
export function withoutCount(label: string): string {
  return label.replace(/, \d+ people$/, '');
}

/** The label of a department, tag or chat from details, or a plain fallback. */
export function labelFor(details: ChangeDetails, kind: 'department' | 'tag' | 'chat', id: string | number): string {
  return details.labels?.[`${kind}:${id}`] ?? (kind === 'chat' ? String(id) : `${kind} ${id}`);
}

/** `userid (显示名)` when the name is known. */
export function personLabel(details: ChangeDetails, userid: string): string {
  const n = details.names?.[userid];
  return n ? `${userid} (${n})` : userid;
}

/** Display names of the given userids that the run's lookups have seen. */
export function namesOf(dir: Directory, userids: Iterable<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const u of userids) { const n = dir.nameOf(u); if (n) out[u] = n; }
  return out;
}

/**
 * Why elements of a list the code names directly (tag users, rule ranges) come and go: named in
 * the code, or no longer; added or removed in the client when the state (before refresh) says so.
 */
export function listProvenance(added: string[], removed: string[], state: unknown, live: unknown): Record<string, string[]> {
  const key = (x: unknown) => String(x).toLowerCase();
  const recorded = Array.isArray(state) ? new Set(state.map(key)) : undefined;
  const now = new Set((Array.isArray(live) ? live : []).map(key));
  const out: Record<string, string[]> = {};
  for (const x of added) out[x] = recorded?.has(key(x)) && !now.has(key(x)) ? ['removed in the client', 'named in the code'] : ['named in the code'];
  for (const x of removed) out[x] = recorded && !recorded.has(key(x)) ? ['added in the client'] : ['no longer named in the code'];
  return out;
}
