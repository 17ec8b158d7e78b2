// wecom_tag handler (tag/*, wecom-api.md §7). Member changes are deltas against the tag as it is
// now. addtagusers/deltagusers answer errcode 0 even when part of the input was ignored as
// invalid; that partial success is an error here, naming what WeCom ignored.
import type { TagMembersResult } from '../../client';
import { tagSchema } from '../../schema';
import { LIMITS } from '../../wecom/limits';
import type { TagMembersRequest } from '../../wecom/types';
import { containsUnknown, UNKNOWN } from '../config/expressions';
import type { ChangeDetails } from '../plan/model';
import { reviewDetails } from '../plan/diff';
import { labelsOf, listProvenance, namesOf } from './labels';
import { Attrs, HandlerContext, PlanError, ResourceHandler } from './types';
import { chunks, computedFrom, isApiError, listOrPrior, numbers, setDelta, strings, userDelta } from './util';

/** 40068 invalid tagid (unknown or deleted). */
const GONE = [40068];
const NAME_TAKEN = 40071;

export const tagHandler: ResourceHandler = {
  type: 'wecom_tag',
  schema: tagSchema,

  async plan(ctx, { config, prior, state }) {
    const tagId = config.tag_id ?? computedFrom(tagSchema, config, prior, 'tag_id');
    const after: Attrs = {
      ...config,
      users: config.users ?? null,
      departments: config.departments ?? null,
      tag_id: tagId,
      id: tagId === UNKNOWN ? UNKNOWN : String(tagId),
    };
    if (containsUnknown([config.users, config.departments])) return { after };
    const { details, departed } = await checkMembers(ctx, config, prior);
    if (departed.size && config.users) {
      // People who left the company are left out, as for chats: WeCom neither adds nor removes
      // them (addtagusers ignores them; deltagusers answers 40031), so the tag keeps whoever of
      // them it holds now and gains none.
      const live = strings(prior?.users);
      after.users = [...strings(config.users).filter((u) => !departed.has(u.toLowerCase())), ...live.filter((u) => departed.has(u.toLowerCase()))];
    }
    const members = await memberDetails(ctx, prior, after, state);
    Object.assign(details, members, { names: { ...details.names, ...members.names } });
    return { after, details, ...(details.departedMembers ? { warnings: [`${ctx.address}: ${details.departedMembers.join(', ')} left the company; WeCom can neither add them to nor remove them from a tag, so the plan leaves them as they are`] } : {}) };
  },

  // Users and departments tagged or untagged out of band, by name and head count.
  async driftDetails(ctx, state, live) {
    return memberDetails(ctx, state, live, undefined);
  },

  async read(ctx, prior) {
    try {
      return toState(Number(prior.tag_id), await ctx.client.tags.get(Number(prior.tag_id)), prior);
    } catch (err) {
      if (isApiError(err, GONE)) return null;
      throw err;
    }
  },

  async create(ctx, planned) {
    const name = String(planned.tag_name);
    // A tag id chosen by WeCom is null (plan) or UNKNOWN (apply's re-plan) here: either way not ours to send.
    const wanted = typeof planned.tag_id === 'number' ? planned.tag_id : undefined;
    let tagid: number;
    try {
      ({ tagid } = await ctx.client.tags.create(name, wanted));
    } catch (err) {
      if (isApiError(err, [NAME_TAKEN])) throw await nameTaken(ctx, name, undefined);
      if (wanted !== undefined && isApiError(err, GONE)) {
        throw new PlanError(ctx.address, 'tag_id', `tag id ${wanted} is already taken (40068); import that tag with \`cdktf-wecom import ${ctx.address} ${wanted}\` or choose another tag_id`);
      }
      throw err;
    }
    let invalid: TagMembersResult;
    try {
      invalid = await changeMembers(ctx, tagid, 'add', strings(planned.users), numbers(planned.departments));
    } catch (err) {
      await ctx.client.tags.delete(tagid).catch(() => undefined);
      throw err;
    }
    if (hasInvalid(invalid)) {
      // Without a state entry the new tag would block every retry with 40071: roll it back.
      const rolledBack = await ctx.client.tags.delete(tagid).then(() => true, () => false);
      throw invalidMembers(ctx, tagid, 'add', invalid, rolledBack ? 'the new tag was deleted again' : `the new tag ${tagid} could not be deleted again; import or delete it`);
    }
    return { ...planned, tag_id: tagid, id: String(tagid) };
  },

  async update(ctx, _prior, planned) {
    const tagid = Number(planned.tag_id);
    const name = String(planned.tag_name);
    const live = await ctx.client.tags.get(tagid);
    if (live.tagname !== name) {
      try {
        await ctx.client.tags.update(tagid, name);
      } catch (err) {
        if (isApiError(err, [NAME_TAKEN])) throw await nameTaken(ctx, name, tagid);
        throw err;
      }
    }
    const users = userDelta(live.userlist.map((u) => u.userid), strings(planned.users));
    const depts = setDelta(live.partylist ?? [], numbers(planned.departments));
    for (const [op, u, d] of [['del', users.remove, depts.remove], ['add', users.add, depts.add]] as const) {
      const invalid = await changeMembers(ctx, tagid, op, [...u], [...d]);
      if (hasInvalid(invalid)) throw invalidMembers(ctx, tagid, op, invalid, 'the valid rest was applied');
    }
    return { ...planned, tag_id: tagid, id: String(tagid) };
  },

  async delete(ctx, prior) {
    try {
      await ctx.client.tags.delete(Number(prior.tag_id));
    } catch (err) {
      if (!isApiError(err, GONE)) throw err; // already gone: what destroy wants
    }
  },

  async import(ctx, id) {
    const tagid = Number(id);
    if (!Number.isInteger(tagid) || tagid < 1) throw new PlanError(ctx.address, 'tag_id', `import id '${id}' is not a tag id (a positive integer)`);
    return toState(tagid, await ctx.client.tags.get(tagid), null);
  },
};

function toState(tagid: number, t: { tagname: string; userlist: Array<{ userid: string }>; partylist: number[] }, prior: Attrs | null): Attrs {
  return {
    id: String(tagid),
    tag_id: tagid,
    tag_name: t.tagname,
    users: listOrPrior(t.userlist.map((u) => u.userid), prior?.users),
    departments: listOrPrior(t.partylist ?? [], prior?.departments),
  };
}

/** Unknown users and departments are plan errors; departed users (declared or in the tag now) are returned, lower-cased. */
async function checkMembers(ctx: HandlerContext, config: Attrs, prior: Attrs | null): Promise<{ details: ChangeDetails; departed: Set<string> }> {
  const users = strings(config.users);
  const missingDepts: number[] = [];
  for (const d of numbers(config.departments)) if (!(await ctx.directory.department(d))) missingDepts.push(d);
  if (missingDepts.length) throw new PlanError(ctx.address, 'departments', `department ${missingDepts.join(', ')} not found in the directory`);
  const live = strings(prior?.users);
  const checked = await ctx.directory.checkUsers([...users, ...live]);
  const unknown = users.filter((u) => !checked.get(u.toLowerCase()));
  if (unknown.length) throw new PlanError(ctx.address, 'users', `userid ${[...new Set(unknown)].join(', ')} not found in the directory`);
  const departed = [...new Set([...users, ...live].filter((u) => checked.get(u.toLowerCase())?.status === 5))];
  const details: ChangeDetails = { names: namesOf(ctx.directory, users), ...(departed.length ? { departedMembers: departed.sort() } : {}) };
  return { details, departed: new Set(departed.map((u) => u.toLowerCase())) };
}

/** Names and reasons for the users, labels for the departments a tag gains or loses from `before` to `after`. */
async function memberDetails(ctx: HandlerContext, before: Attrs | null, after: Attrs, state: Attrs | null | undefined): Promise<ChangeDetails> {
  const d = reviewDetails(tagSchema.name, before, after);
  const depts = [...(d.departmentsAdded ?? []), ...(d.departmentsRemoved ?? [])].map(Number);
  const out: ChangeDetails = {};
  // Head counts (one read per department) only for a change to what exists; a new one is explained by the code.
  if (depts.length) out.labels = await labelsOf(ctx.directory, depts, [], before ? undefined : null);
  if (d.membersAdded?.length || d.membersRemoved?.length) {
    out.names = namesOf(ctx.directory, [...(d.membersAdded ?? []), ...(d.membersRemoved ?? [])]);
    // A create's users are explained by the code in the PR.
    if (before && state !== undefined) out.provenance = listProvenance(d.membersAdded ?? [], d.membersRemoved ?? [], state?.users, before.users);
  }
  return out;
}

/** Adds or removes members in calls within WeCom's per-call limits; returns what WeCom ignored. */
async function changeMembers(ctx: HandlerContext, tagid: number, op: 'add' | 'del', users: string[], depts: number[]): Promise<TagMembersResult> {
  const userChunks = chunks(users, LIMITS.TAG_USERS_PER_CALL_MAX);
  const deptChunks = chunks(depts, LIMITS.TAG_PARTIES_PER_CALL_MAX);
  const invalid = { invalidUsers: [] as string[], invalidParties: [] as number[] };
  for (let i = 0; i < Math.max(userChunks.length, deptChunks.length); i++) {
    const req: TagMembersRequest = { tagid, ...(userChunks[i]?.length ? { userlist: userChunks[i] } : {}), ...(deptChunks[i]?.length ? { partylist: deptChunks[i] } : {}) };
    try {
      const r = op === 'add' ? await ctx.client.tags.addUsers(req) : await ctx.client.tags.delUsers(req);
      invalid.invalidUsers.push(...r.invalidUsers);
      invalid.invalidParties.push(...r.invalidParties);
    } catch (err) {
      // 40070 / 40031: every entry of the call was invalid.
      if (!isApiError(err, [40070, 40031])) throw err;
      invalid.invalidUsers.push(...(req.userlist ?? []));
      invalid.invalidParties.push(...(req.partylist ?? []));
    }
  }
  return invalid;
}

function hasInvalid(r: TagMembersResult): boolean {
  return r.invalidUsers.length > 0 || r.invalidParties.length > 0;
}

function invalidMembers(ctx: HandlerContext, tagid: number, op: 'add' | 'del', r: TagMembersResult, outcome: string): PlanError {
  const parts = [
    ...(r.invalidUsers.length ? [`userids ${r.invalidUsers.join(', ')}`] : []),
    ...(r.invalidParties.length ? [`departments ${r.invalidParties.join(', ')}`] : []),
  ];
  const verb = op === 'add' ? 'adding them to' : 'removing them from';
  return new PlanError(ctx.address, r.invalidUsers.length ? 'users' : 'departments',
    `WeCom ignored ${parts.join(' and ')} as invalid when ${verb} tag ${tagid} (not in the directory, left the company, or not visible to this app); ${outcome}`);
}

async function nameTaken(ctx: HandlerContext, name: string, selfId: number | undefined): Promise<PlanError> {
  const holder = (await ctx.client.tags.list().catch(() => [])).find((t) => t.tagname === name && t.tagid !== selfId);
  const id = holder?.tagid ?? 'TAG_ID';
  return new PlanError(ctx.address, 'tag_name', `a tag named '${name}' already exists${holder ? ` (tag id ${id})` : ''} (40071: tag names are unique); ` +
    `import it with \`cdktf-wecom import ${ctx.address} ${id}\` or choose another tag_name`);
}
