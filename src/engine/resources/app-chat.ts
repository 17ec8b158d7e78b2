// wecom_app_chat handler (appchat/*, wecom-api.md §3). Membership is resolved at plan time from
// users, departments (with sub-departments) and tags; `resolved_members` in state is what the
// chat really holds (refresh reads it), `added_members` what IaC added (additive mode only
// removes those). WeCom cannot delete a chat: destroy retains (forgets) or archives it.
import { WecomApiError } from '../../client';
import { appChatSchema, DEFAULT_ARCHIVE_PREFIX } from '../../schema';
import { LIMITS } from '../../wecom/limits';
import type { AppChatInfo } from '../../wecom/types';
import { containsUnknown, UNKNOWN } from '../config/expressions';
import type { ChangeDetails } from '../plan/model';
import { Attrs, HandlerContext, PlanError, PlanInput, PlanResult, ResourceHandler } from './types';
import { departmentLabel, labelsOf, namesOf, tagLabel, withoutCount } from './labels';
import { lowerSet, numbers, strings, unionCI, userDelta } from './util';

const GONE = new Set([86003, 40050]);

export const appChatHandler: ResourceHandler = {
  type: 'wecom_app_chat',
  schema: appChatSchema,

  async plan(ctx, input) {
    const { prior } = input;
    let { config } = input;
    const after: Attrs = {
      ...config,
      id: config.chat_id,
      membership: config.membership ?? 'authoritative',
      on_destroy: config.on_destroy ?? 'retain',
      archive_prefix: config.archive_prefix ?? DEFAULT_ARCHIVE_PREFIX,
    };
    if (containsUnknown([config.members, config.member_departments, config.member_tags, config.exclude_members, config.owner])) {
      return { after: { ...after, resolved_members: UNKNOWN, added_members: UNKNOWN } };
    }
    const successor = await successorFor(ctx, config);
    if (successor) { after.owner = successor.owner; config = { ...config, owner: successor.owner }; }
    const { desired, details, why } = await resolveMembers(ctx, config);
    if (successor) (details.notes ??= []).push(successor.note);
    if (prior) Object.assign(details.labels!, await droppedLabels(ctx, prior, config));
    const { joining, leaving } = provenanceOf(ctx, desired, prior, input.state, why, config, details);
    details.provenance = joining;
    const live = prior ? strings(prior.resolved_members) : [];
    if (after.membership === 'additive' && prior) {
      const declared = lowerSet(desired);
      const liveSet = lowerSet(live);
      const remove = lowerSet(strings(prior.added_members).filter((u) => !declared.has(u.toLowerCase()) && liveSet.has(u.toLowerCase())));
      after.resolved_members = unionCI(live, desired).filter((u) => !remove.has(u.toLowerCase()));
      after.added_members = unionCI(strings(prior.added_members).filter((u) => liveSet.has(u.toLowerCase()) && !remove.has(u.toLowerCase())), desired);
    } else {
      after.resolved_members = desired;
      after.added_members = after.membership === 'additive' ? desired : [];
    }
    checkCount(ctx, strings(after.resolved_members));
    return { after, details, ...(leaving ? { explain: async () => ({ provenance: await leaving() }) } : {}) };
  },

  async read(ctx, prior) {
    let info: AppChatInfo;
    try {
      info = await ctx.client.appChats.get(String(prior.chat_id));
    } catch (err) {
      if (err instanceof WecomApiError && GONE.has(err.errcode)) return null;
      throw err;
    }
    const live = lowerSet(info.userlist);
    return {
      ...prior,
      name: info.name,
      owner: info.owner,
      resolved_members: [...info.userlist].sort(),
      added_members: strings(prior.added_members).filter((u) => live.has(u.toLowerCase())),
    };
  },

  async create(ctx, planned) {
    const req = { chatid: String(planned.chat_id), name: String(planned.name), owner: String(planned.owner), userlist: strings(planned.resolved_members) };
    try {
      await ctx.client.appChats.create(req);
    } catch (err) {
      if (!(err instanceof WecomApiError && err.errcode === 86215)) throw err;
      // The chatid is ours by construction (derived from the construct path). A crash after a
      // create but before the state write leaves such a chat: adopt it only when this app made
      // it (get succeeds, no 86008) and it carries the planned owner or name, then converge it.
      const info = await ctx.client.appChats.get(req.chatid);
      const ours = info.owner.toLowerCase() === req.owner.toLowerCase() || info.name === req.name;
      if (!ours) {
        throw new PlanError(ctx.address, 'chat_id', `chat '${req.chatid}' already exists (created by this app, owner '${info.owner}', name '${info.name}') and does not look like this one; ` +
          `import it with \`cdktf-wecom import ${ctx.address} ${req.chatid}\` or choose another chatId`);
      }
      return appChatHandler.update(ctx, { ...planned, name: info.name, owner: info.owner, resolved_members: info.userlist }, planned);
    }
    return { ...planned, id: req.chatid };
  },

  async update(ctx, _prior, planned) {
    // Deltas are computed from the chat as it is now, not as planned: a stale delta would fail
    // (86216 for removing someone already gone) or undo a change made in between.
    const info = await ctx.client.appChats.get(String(planned.chat_id));
    const target = strings(planned.resolved_members);
    const { add, remove: del } = userDelta(info.userlist, target);
    const ownerChanges = info.owner.toLowerCase() !== String(planned.owner).toLowerCase();
    const nameChanges = info.name !== planned.name;
    if (add.length || del.length || ownerChanges || nameChanges) {
      await ctx.client.appChats.update({
        chatid: String(planned.chat_id),
        ...(nameChanges ? { name: String(planned.name) } : {}),
        // WeCom requires the owner whenever the current owner is removed.
        ...(ownerChanges || del.some((u) => u.toLowerCase() === info.owner.toLowerCase()) ? { owner: String(planned.owner) } : {}),
        ...(add.length ? { add_user_list: add } : {}),
        ...(del.length ? { del_user_list: del } : {}),
      });
    }
    return { ...planned, id: planned.chat_id, resolved_members: [...target].sort() };
  },

  async delete(ctx, prior) {
    if (prior.on_destroy !== 'archive') return; // retain: forget only
    // Idempotent: the target is computed from the chat as it is now, so a re-run after an
    // interrupted archive finds less (or nothing) left to do and converges.
    const info = await ctx.client.appChats.get(String(prior.chat_id));
    const target = archiveTarget(info, String(prior.archive_prefix ?? DEFAULT_ARCHIVE_PREFIX));
    const del = userDelta(info.userlist, target.members).remove;
    if (target.name === info.name && !del.length) return;
    await ctx.client.appChats.update({ chatid: info.chatid, ...(target.name !== info.name ? { name: target.name } : {}), ...(del.length ? { del_user_list: del } : {}) });
  },

  async import(ctx, id) {
    const info = await ctx.client.appChats.get(id);
    const members = [...info.userlist].sort();
    return {
      id, chat_id: id, name: info.name, owner: info.owner, members,
      // Unset collections are null, as a config that omits them synthesizes (Terraform tells null from []).
      member_departments: null, member_tags: null, exclude_members: null,
      membership: 'authoritative', on_destroy: 'retain', archive_prefix: DEFAULT_ARCHIVE_PREFIX,
      resolved_members: members, added_members: [],
    };
  },

  // People added or removed in the client; the chat's own departments and tags are read (once a
  // run, shared with the plan) so the planner can name their people.
  async driftDetails(ctx, state, live, details) {
    await Promise.all([
      ...numbers(state.member_departments).map(async (d) => (await ctx.directory.department(d)) && ctx.directory.usersInDepartmentTree(d)),
      ...numbers(state.member_tags).map((t) => ctx.directory.usersOfTag(t)),
    ]);
    const provenance: Record<string, string[]> = {};
    for (const u of details.membersAdded ?? []) provenance[u] = ['added in the client'];
    for (const u of details.membersRemoved ?? []) provenance[u] = ['removed in the client'];
    const out: ChangeDetails = { provenance };
    if (live.name !== state.name) out.notes = [`renamed in the client: "${String(state.name)}" -> "${String(live.name)}"`];
    return out;
  },
  forgetsOnDestroy: (prior) => prior.on_destroy !== 'archive',
  // An additive chat manages only the people it added: others joining in the client is allowed.
  allowedDrift: (prior, live) => {
    if (prior.membership !== 'additive') return live;
    const before = lowerSet(strings(prior.resolved_members));
    return { ...live, resolved_members: strings(live.resolved_members).filter((u) => before.has(u.toLowerCase())) };
  },
  destroyNote: (prior) => {
    if (prior.on_destroy !== 'archive') return 'retain: the chat stays in WeCom as it is and is no longer managed (WeCom cannot delete app chats)';
    const t = archiveTarget({ name: String(prior.name), owner: String(prior.owner), userlist: strings(prior.resolved_members) }, String(prior.archive_prefix ?? DEFAULT_ARCHIVE_PREFIX));
    const kept = t.members.filter((u) => u.toLowerCase() !== String(prior.owner).toLowerCase());
    return `archive: renamed to "${t.name}" and everyone removed but the owner ${String(prior.owner)}` +
      (kept.length ? ` and ${kept.join(', ')} (WeCom keeps at least ${LIMITS.CHAT_MEMBERS_MIN} members in a chat)` : '') + ' (WeCom cannot delete app chats)';
  },
};

/**
 * What an archived chat ends as: the name prefixed once, and the owner plus the first other
 * member by userid (WeCom refuses, with 86006, an update that leaves fewer than 2 members;
 * whether it always does is undocumented, so the archive never tries). Plan and apply both use this.
 */
export function archiveTarget(chat: { name: string; owner: string; userlist: string[] }, prefix: string): { name: string; members: string[] } {
  const name = chat.name.startsWith(prefix) ? chat.name : [...(prefix + chat.name)].slice(0, LIMITS.CHAT_NAME_MAX).join('');
  const others = chat.userlist.filter((u) => u.toLowerCase() !== chat.owner.toLowerCase()).sort();
  const members = [chat.owner, ...others.slice(0, Math.max(0, LIMITS.CHAT_MEMBERS_MIN - 1))];
  return { name, members };
}

/**
 * When the owner has left the company and owner_successors are given, the first active successor
 * takes over (WeCom's 离职继承 for groups); the plan says why. Undefined: keep the owner.
 */
async function successorFor(ctx: HandlerContext, config: Attrs): Promise<{ owner: string; note: string } | undefined> {
  const successors = strings(config.owner_successors);
  if (!successors.length || containsUnknown(config.owner)) return undefined;
  const owner = String(config.owner);
  const checked = await ctx.directory.checkUsers([owner, ...successors]);
  if (checked.get(owner.toLowerCase())?.status !== 5) return undefined;
  const next = successors.find((u) => { const x = checked.get(u.toLowerCase()); return x && x.status !== 5; });
  if (!next) throw new PlanError(ctx.address, 'owner_successors', `owner '${owner}' has left the company (status 5), and so has every one of owner_successors (${successors.join(', ')}); name another owner`);
  return { owner: next, note: `owner ${owner} has left the company: ${next}, the first active of owner_successors, takes over (离职继承)` };
}

type Reasons = Record<string, string[]>;

/**
 * Reasons for the people who join or leave (userid -> reasons), from what the plan read: no call
 * per person, at most one read of a department or tag the code dropped. People who stay are left
 * out (the plan shows only changes). `state` (before refresh) tells people added or removed in
 * the client apart from the directory's and the code's changes. Leavers are explained after the
 * whole plan's reads (`explain`), since who is listed where is then known whatever the timing.
 */
function provenanceOf(
  ctx: HandlerContext, desired: string[], prior: Attrs | null, state: Attrs | null | undefined, why: Map<string, string[]>, config: Attrs, details: ChangeDetails,
): { joining: Reasons; leaving?: () => Promise<Reasons> } {
  const joining: Reasons = {};
  const live = prior ? strings(prior.resolved_members) : [];
  const liveSet = lowerSet(live);
  const recorded = state ? lowerSet(strings(state.resolved_members)) : undefined;
  for (const u of desired) {
    if (liveSet.has(u.toLowerCase())) continue;
    const back = prior && recorded?.has(u.toLowerCase()) ? ['removed in the client'] : [];
    joining[u] = [...back, ...(why.get(u.toLowerCase()) ?? ['named in the code'])];
  }
  const want = lowerSet(desired);
  // Named no more but still in the chat through a department or tag: the members list loses
  // them, the chat does not; the plan's members diff says so.
  const namedNow = lowerSet(strings(config.members));
  for (const u of strings(prior?.members)) {
    const k = u.toLowerCase();
    if (namedNow.has(k) || !want.has(k) || !liveSet.has(k)) continue;
    joining[u] = ['no longer named in the code', ...(why.get(k) ?? []).map((w) => `still a member ${w}`)];
  }
  const gone = live.filter((u) => !want.has(u.toLowerCase()));
  if (!gone.length || !prior) return { joining };
  const exclude = lowerSet(strings(config.exclude_members));
  const departed = lowerSet(details.departedMembers ?? []);
  return {
    joining,
    leaving: async () => {
      const out: Reasons = {};
      const because = await declaredBefore(ctx, prior, config, details);
      for (const u of gone) {
        const k = u.toLowerCase();
        const reasons = [...(why.get(k) ?? [])];
        const status = await ctx.directory.knownStatus(u);
        if (exclude.has(k)) reasons.unshift('excluded');
        else if (departed.has(k) || status === 'left') reasons.unshift('left the company');
        else if (recorded && !recorded.has(k)) reasons.push('added in the client');
        else reasons.push(...await because(u, status));
        out[u] = reasons;
      }
      return out;
    },
  };
}

/** Labels of the departments and tags the code no longer declares (no head count: not read for it). */
async function droppedLabels(ctx: HandlerContext, prior: Attrs, config: Attrs): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const keep = (a: unknown) => new Set(numbers(a));
  const depts = keep(config.member_departments), tags = keep(config.member_tags);
  for (const d of numbers(prior.member_departments)) if (!depts.has(d)) out[`department:${d}`] = await departmentLabel(ctx.directory, d, null);
  for (const t of numbers(prior.member_tags)) if (!tags.has(t)) out[`tag:${t}`] = await tagLabel(ctx.directory, t, null);
  return out;
}

/**
 * Why someone the chat held is no longer declared: the code stopped naming them or making them
 * owner, dropped the department or tag that brought them, or the directory moved them out of a
 * department or tag the chat still declares (`no longer in 技术部/后端 (4) in the directory`).
 */
async function declaredBefore(ctx: HandlerContext, prior: Attrs, config: Attrs, details: ChangeDetails): Promise<(u: string, status: 'active' | 'left' | undefined) => Promise<string[]>> {
  const dir = ctx.directory;
  const named = lowerSet(strings(config.members));
  const namedBefore = lowerSet(strings(prior.members));
  const ownerBefore = String(prior.owner ?? '').toLowerCase();
  const groups = (kind: 'department' | 'tag', a: unknown) => numbers(a).map((id) => ({ kind, id }));
  const now = new Set([...groups('department', config.member_departments), ...groups('tag', config.member_tags)].map((g) => `${g.kind}:${g.id}`));
  const before = [...groups('department', prior.member_departments), ...groups('tag', prior.member_tags)];
  const kept = before.filter((g) => now.has(`${g.kind}:${g.id}`));
  const dropped = before.filter((g) => !now.has(`${g.kind}:${g.id}`));
  const label = (g: { kind: 'department' | 'tag'; id: number }) => withoutCount(details.labels?.[`${g.kind}:${g.id}`] ?? `${g.kind} ${g.id}`);
  // People of dropped departments and tags, read only when it tells a dropped group from the directory.
  const peopleOf = async (g: { kind: 'department' | 'tag'; id: number }) => lowerSet(g.kind === 'department'
    ? (await dir.department(g.id) ? await dir.usersInDepartmentTree(g.id) : [])
    : (await dir.usersOfTag(g.id)) ?? []);
  return async (u, status) => {
    const k = u.toLowerCase();
    const out: string[] = [];
    if (namedBefore.has(k) && !named.has(k)) out.push('no longer named in the code');
    if (k === ownerBefore && String(config.owner).toLowerCase() !== k) out.push('no longer the owner');
    if (out.length) return out;
    const inDropped = kept.length ? (await Promise.all(dropped.map(async (g) => ((await peopleOf(g)).has(k) ? g : undefined)))).filter((g) => !!g) : dropped;
    if (inDropped.length) return [`no longer declared: ${inDropped.map(label).join(', ')} removed from the code`];
    if (!kept.length) return ['no longer named or in a department or tag of the code'];
    const where = status === 'active' ? dir.listedIn(u) : [];
    const moved = where.length ? ` (now in ${(await Promise.all(where.map((d) => departmentLabel(dir, d, null)))).join(', ')})` : '';
    return [`no longer in ${kept.map(label).join(' or ')} in the directory${moved}`];
  };
}

/** users ∪ departments' people ∪ tags' people − exclude, owner always included; unknown ids are plan errors. */
async function resolveMembers(ctx: HandlerContext, config: Attrs): Promise<{ desired: string[]; details: ChangeDetails; why: Map<string, string[]> }> {
  const dir = ctx.directory;
  const explicit = strings(config.members);
  const depts = (Array.isArray(config.member_departments) ? config.member_departments : []).map(Number);
  const tags = (Array.isArray(config.member_tags) ? config.member_tags : []).map(Number);
  const owner = String(config.owner);

  const missingDepts: number[] = [];
  const fromDepts = await Promise.all(depts.map(async (d) => {
    if (!(await dir.department(d))) { missingDepts.push(d); return []; }
    return dir.usersInDepartmentTree(d);
  }));
  if (missingDepts.length) throw new PlanError(ctx.address, 'member_departments', `department ${missingDepts.join(', ')} not found in the directory`);
  const missingTags: number[] = [];
  const fromTags = await Promise.all(tags.map(async (t) => (await dir.usersOfTag(t)) ?? (missingTags.push(t), [])));
  if (missingTags.length) throw new PlanError(ctx.address, 'member_tags', `tag ${missingTags.join(', ')} not found (or not visible to this app)`);

  const checked = await dir.checkUsers([...explicit, owner]);
  const unknown = [...explicit, owner].filter((u) => !checked.get(u.toLowerCase()));
  if (unknown.length) throw new PlanError(ctx.address, 'members', `userid ${[...new Set(unknown)].join(', ')} not found in the directory`);
  const departed = [...explicit, owner].filter((u) => checked.get(u.toLowerCase())?.status === 5);
  if (departed.some((u) => u.toLowerCase() === owner.toLowerCase())) {
    throw new PlanError(ctx.address, 'owner', `owner '${owner}' has left the company (status 5); choose another owner`);
  }
  const departedSet = lowerSet(departed);
  const exclude = lowerSet(strings(config.exclude_members));
  const all = unionCI([owner], explicit.filter((u) => !departedSet.has(u.toLowerCase())), ...fromDepts, ...fromTags);
  const desired = all.filter((u) => !exclude.has(u.toLowerCase()) || u.toLowerCase() === owner.toLowerCase()).sort();
  const names = namesOf(dir, desired);
  const labels = await labelsOf(dir, depts, tags, { depts: fromDepts, tags: fromTags });
  const details: ChangeDetails = { names, labels };
  if (departed.length) details.departedMembers = [...new Set(departed)].sort();
  // Why each person is wanted (or would be, for people excluded or gone).
  const why = new Map<string, string[]>();
  const because = (u: string, r: string) => { const k = u.toLowerCase(); why.set(k, [...(why.get(k) ?? []), r]); };
  because(owner, 'owner');
  for (const u of explicit) because(u, 'named in the code');
  depts.forEach((d, i) => { const l = withoutCount(labels[`department:${d}`]); for (const u of fromDepts[i]) because(u, `via department ${l} and its sub-departments`); });
  tags.forEach((t, i) => { const l = withoutCount(labels[`tag:${t}`]); for (const u of fromTags[i]) because(u, `via ${l}`); });
  return { desired, details, why };
}

function checkCount(ctx: HandlerContext, members: string[]): void {
  const max = ctx.limits?.maxChatMembers ?? LIMITS.CHAT_MEMBERS_MAX;
  if (members.length < LIMITS.CHAT_MEMBERS_MIN || members.length > max) {
    throw new PlanError(ctx.address, 'resolved_members', `resolves to ${members.length} members; WeCom allows ${LIMITS.CHAT_MEMBERS_MIN}..${max} (WECOM_CHAT_MEMBERS)`);
  }
}

export type { PlanInput, PlanResult };
