// What changed outside cdktf-wecom, in words a reviewer reads (`words removed: 私下交易`,
// `departments removed: 技术部/后端 (4), 37 people`), and what the plan does about it. Built from the
// review details (before/after) with the names and labels the handlers added; no reads here.
import { labelFor, personLabel } from '../resources/labels';
import { Attrs, ChangeDetails, ResourceChange } from './model';

type Role = 'words' | 'departments' | 'members' | 'chats';

/** What each review role is called per type; app chat members are explained per person instead. */
const NOUNS: Record<string, Partial<Record<Role, string>>> = {
  wecom_intercept_rule: { words: 'words', departments: 'departments', members: 'users' },
  wecom_tag: { departments: 'departments', members: 'users' },
  wecom_join_way: { chats: 'customer groups' },
};

function label(d: ChangeDetails, role: Role, x: string | number): string {
  if (role === 'departments') return labelFor(d, 'department', x);
  if (role === 'chats') return labelFor(d, 'chat', x);
  return role === 'members' ? personLabel(d, String(x)) : String(x);
}

/** Customer groups a join way gains and loses (chat_id_list has no review role in the schema). */
export function chatDelta(before: Attrs | null, after: Attrs | null): { added: string[]; removed: string[] } {
  const list = (a: Attrs | null) => (Array.isArray(a?.chat_id_list) ? (a.chat_id_list as unknown[]).map(String) : []);
  const b = list(before), a = list(after);
  return { added: a.filter((x) => !b.includes(x)), removed: b.filter((x) => !a.includes(x)) };
}

function deltas(c: ResourceChange): Partial<Record<Role, { added: Array<string | number>; removed: Array<string | number> }>> {
  const d = c.details;
  const chats = c.type === 'wecom_join_way' ? chatDelta(c.before, c.after) : { added: [], removed: [] };
  return {
    words: { added: d.wordsAdded ?? [], removed: d.wordsRemoved ?? [] },
    departments: { added: d.departmentsAdded ?? [], removed: d.departmentsRemoved ?? [] },
    members: { added: d.membersAdded ?? [], removed: d.membersRemoved ?? [] },
    chats,
  };
}

/** `words removed: 私下交易`, `departments added: 技术部/后端 (4), 37 people`, ... for one drifted object. */
export function driftLines(c: ResourceChange): string[] {
  const nouns = NOUNS[c.type] ?? {};
  const out: string[] = [];
  for (const [role, delta] of Object.entries(deltas(c)) as Array<[Role, { added: Array<string | number>; removed: Array<string | number> }]>) {
    const noun = nouns[role];
    if (!noun) continue;
    if (delta.added.length) out.push(`${noun} added: ${delta.added.map((x) => label(c.details, role, x)).join(', ')}`);
    if (delta.removed.length) out.push(`${noun} removed: ${delta.removed.map((x) => label(c.details, role, x)).join(', ')}`);
  }
  if (c.details.ownerChange && c.before) out.push(`owner ${c.details.ownerChange.from ?? '(none)'} -> ${c.details.ownerChange.to}`);
  const type = typeChange(c);
  if (type) out.push(`intercept type ${type}`);
  if (c.kind === 'delete') out.push('deleted');
  return out;
}

const INTERCEPT_TYPES: Record<number, string> = { 1: 'warn and block', 2: 'warn only' };

/** `warn and block (1) -> warn only (2)` when a rule's intercept type differs. */
function typeChange(c: ResourceChange): string | undefined {
  if (c.type !== 'wecom_intercept_rule' || !c.before || !c.after) return undefined;
  const [b, a] = [Number(c.before.intercept_type), Number(c.after.intercept_type)];
  return b === a ? undefined : `${INTERCEPT_TYPES[b] ?? b} (${b}) -> ${INTERCEPT_TYPES[a] ?? a} (${a})`;
}

/**
 * What `change` does about `drift` of the same object: puts back what was removed outside and
 * takes out what was added there, e.g. `restores what changed outside cdktf-wecom: puts back:
 * words 私下交易; departments 技术部/后端 (4), 37 people — removes again: users lisi (李四)`.
 */
export function restoreNote(drift: ResourceChange, change: ResourceChange): string | undefined {
  if (drift.kind === 'delete') return change.kind === 'create' ? 'deleted outside cdktf-wecom: created again' : undefined;
  const nouns = NOUNS[change.type] ?? {};
  const was = deltas(drift), now = deltas(change);
  const known: ChangeDetails = { names: { ...drift.details.names, ...change.details.names }, labels: { ...drift.details.labels, ...change.details.labels } };
  const undone = (xs: Array<string | number>, ys: Array<string | number>) => xs.filter((x) => ys.some((y) => String(y).toLowerCase() === String(x).toLowerCase()));
  const back: string[] = [], again: string[] = [];
  for (const role of Object.keys(nouns) as Role[]) {
    const restored = undone(was[role]!.removed, now[role]!.added);
    const dropped = undone(was[role]!.added, now[role]!.removed);
    if (restored.length) back.push(`${nouns[role]} ${restored.map((x) => label(known, role, x)).join(', ')}`);
    if (dropped.length) again.push(`${nouns[role]} ${dropped.map((x) => label(known, role, x)).join(', ')}`);
  }
  const owner = drift.details.ownerChange, to = change.details.ownerChange;
  if (owner?.from && to && to.to.toLowerCase() === owner.from.toLowerCase()) back.push(`owner ${owner.from}`);
  const type = typeChange(change);
  if (typeChange(drift) && type && Number(change.after?.intercept_type) === Number(drift.before?.intercept_type)) back.push(`intercept type ${INTERCEPT_TYPES[Number(change.after?.intercept_type)] ?? ''} (${Number(change.after?.intercept_type)})`);
  const parts = [back.length ? `puts back: ${back.join('; ')}` : '', again.length ? `removes again: ${again.join('; ')}` : ''].filter(Boolean);
  return parts.length ? `restores what changed outside cdktf-wecom: ${parts.join(' — ')}` : undefined;
}

/**
 * The app chat a robot posts into, by its name (`shop-告警 (cproj0ops)`), from the chats in the
 * changes and `chats` (state, or a Terraform plan's unchanged resources): no call. The planner and
 * the reading of a Terraform JSON plan both use it, so their PR comments stay the same.
 */
export function labelRobotChats(changes: ResourceChange[], chats: Array<Attrs | null | undefined> = []): void {
  const names = new Map<string, string>();
  const learn = (a: Attrs | null | undefined) => { if (typeof a?.chat_id === 'string' && typeof a.name === 'string') names.set(a.chat_id, a.name); };
  chats.forEach(learn);
  for (const c of changes) if (c.type === 'wecom_app_chat') { learn(c.before); learn(c.after); }
  for (const c of changes) {
    if (c.type !== 'wecom_group_robot') continue;
    for (const a of [c.before, c.after]) {
      const id = a?.chat_id;
      if (typeof id === 'string' && names.has(id)) c.details.labels = { ...c.details.labels, [`chat:${id}`]: `${names.get(id)!} (${id})` };
    }
  }
}
