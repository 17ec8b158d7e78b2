// Which changes a security reviewer must see outside the folded plan: owner changes, intercept
// rules weakened (words removed, scope narrowed, type relaxed), join ways opened to more groups,
// robots added, membership widened to whole departments.
import { labelFor, personLabel } from '../resources/labels';
import { chatDelta } from './drift';
import { Plan, ResourceChange, SecurityNote } from './model';

/**
 * `drift`: what changed outside cdktf-wecom in the same plan, listed too. Taking out words or
 * scope that were only ever added outside still weakens the live rule, so it stays listed, and
 * says so.
 */
export function securityNotes(changes: ResourceChange[], drift: ResourceChange[] = []): SecurityNote[] {
  const notes: SecurityNote[] = [];
  for (const c of changes) {
    const d = c.details;
    const add = (kind: SecurityNote['kind'], message: string) => notes.push({ kind, address: c.address, message });
    if (d.ownerChange && c.kind !== 'create') add('owner-change', `owner ${d.ownerChange.from ?? '(none)'} -> ${d.ownerChange.to}`);
    if (c.type === 'wecom_intercept_rule') {
      const outside = drift.find((x) => x.address === c.address)?.details;
      const split = <T>(xs: T[] | undefined, addedOutside: T[] | undefined) => {
        const o = new Set((addedOutside ?? []).map((x) => String(x).toLowerCase()));
        return [(xs ?? []).filter((x) => !o.has(String(x).toLowerCase())), (xs ?? []).filter((x) => o.has(String(x).toLowerCase()))] as const;
      };
      const OUTSIDE = ' (added outside cdktf-wecom; the code does not have them)';
      if (c.kind === 'delete' || c.kind === 'replace') add('intercept-rule-removed', c.kind === 'delete' ? 'intercept rule deleted' : 'intercept rule replaced (briefly absent)');
      const [words, wordsOutside] = split(d.wordsRemoved, outside?.wordsAdded);
      if (words.length) add('intercept-words-removed', `words no longer intercepted: ${words.join(', ')}`);
      if (wordsOutside.length) add('intercept-words-removed', `words no longer intercepted: ${wordsOutside.join(', ')}${OUTSIDE}`);
      const [users, usersOutside] = split(d.membersRemoved, outside?.membersAdded);
      const [depts, deptsOutside] = split(d.departmentsRemoved, outside?.departmentsAdded);
      const scope = (u: readonly string[], x: readonly (string | number)[], tail: string) => {
        if (!u.length && !x.length) return;
        const parts = [u.length ? `users ${u.map((v) => personLabel(d, v)).join(', ')}` : '',
          x.length ? `departments ${x.map((v) => d.labels?.[`department:${v}`] ?? String(v)).join('; ')}` : ''].filter(Boolean);
        add('intercept-scope-narrowed', `no longer covers ${parts.join(' and ')}${tail}`);
      };
      scope(users, depts, '');
      scope(usersOutside, deptsOutside, OUTSIDE);
    }
    if (c.type === 'wecom_intercept_rule' && c.kind === 'update' && Number(c.before?.intercept_type) === 1 && Number(c.after?.intercept_type) === 2) {
      add('intercept-relaxed', 'intercept type relaxed from warn-and-block (1) to warn only (2)');
    }
    if (c.type === 'wecom_join_way' && c.kind !== 'delete') {
      const opened = chatDelta(c.before, c.after).added;
      if (opened.length && c.kind !== 'create') add('join-way-opened', `join way now leads customers into ${opened.length} more group${opened.length === 1 ? '' : 's'}: ${opened.map((x) => labelFor(d, 'chat', x)).join(', ')}`);
    }
    if (c.type === 'wecom_group_robot' && c.kind === 'create') {
      const chat = typeof c.after?.chat_id === 'string' ? d.labels?.[`chat:${c.after.chat_id}`] : undefined;
      add('robot-added', `a robot webhook will post into ${chat ?? 'this chat'}`);
    }
    if (c.type === 'wecom_app_chat' && d.departmentsAdded?.length && c.kind !== 'delete') {
      add('membership-widened', `whole departments added as members: ${d.departmentsAdded.map((x) => d.labels?.[`department:${x}`] ?? String(x)).join('; ')}`);
    }
    if (c.type === 'wecom_app_chat' && c.kind !== 'delete') {
      const before = new Set((Array.isArray(c.before?.member_tags) ? c.before.member_tags : []).map(String));
      const added = (Array.isArray(c.after?.member_tags) ? c.after.member_tags : []).map(String).filter((t) => !before.has(t));
      if (added.length && c.kind !== 'create') add('membership-widened', `whole tags added as members: ${added.map((t) => d.labels?.[`tag:${t}`] ?? `tag ${t}`).join('; ')}`);
    }
  }
  // Weakened outside the code (a rule narrowed in the admin console, an owner changed in the
  // client) matters to a security reviewer as much as a change in the PR.
  for (const n of drift.length ? securityNotes(drift) : []) notes.push({ ...n, message: `changed outside cdktf-wecom: ${n.message}` });
  return notes;
}

/**
 * Changes that lose something in WeCom: deletions, replacements, archives and forgets. A
 * null_resource (a robot announcement) is replaced to post again: nothing is lost, not listed.
 */
export function destructiveChanges(plan: Plan): ResourceChange[] {
  return plan.changes.filter((c) => c.mode === 'managed' && c.type !== 'null_resource' && (c.kind === 'delete' || c.kind === 'replace' || c.kind === 'forget'));
}
