// Tags (§7). Only the app that created a tag may change it (81011); tags from the seed were
// made by a person in the admin console, so they belong to no app and every app gets 81011.
// Every app may list and read every tag. Member changes answer partial success.
import { ENDPOINTS, LIMITS, charCount } from '../../wecom';
import { f } from '../check';
import { fail } from '../errors';
import type { TagRec } from '../model';
import type { Simulator } from '../simulator';
import { me, queryInt } from './route';
import type { Ctx, Route } from './route';

function checkName(sim: Simulator, name: string, self?: TagRec): void {
  if (charCount(name) > LIMITS.TAG_NAME_MAX) fail(40058, `invalid parameter: tagname longer than ${LIMITS.TAG_NAME_MAX} characters`);
  if (sim.state.tags.some((t) => t !== self && t.tagname === name)) fail(40071);
}

function findTag(sim: Simulator, tagid: number): TagRec {
  const tag = sim.store.tag(tagid);
  if (!tag) fail(40068);
  return tag;
}

function ownTag(ctx: Ctx, tagid: number): TagRec {
  const tag = findTag(ctx.sim, tagid);
  if (tag.createdBy !== me(ctx).agentid) fail(81011);
  return tag;
}

function create(ctx: Ctx): Record<string, unknown> {
  const { sim } = ctx;
  const b = ctx.body as { tagname: string; tagid?: number };
  checkName(sim, b.tagname);
  if (b.tagid !== undefined && (b.tagid <= 0 || sim.store.tag(b.tagid))) fail(40068, `invalid tagid: ${b.tagid} is taken or not positive`);
  if (sim.state.tags.length >= LIMITS.TAGS_PER_CORP_MAX) fail(40058, `invalid parameter: a corp has at most ${LIMITS.TAGS_PER_CORP_MAX} tags`);
  const tagid = b.tagid ?? Math.max(0, ...sim.state.tags.map((t) => t.tagid)) + 1;
  sim.state.tags.push({ tagid, tagname: b.tagname, userlist: [], partylist: [], createdBy: me(ctx).agentid });
  return { tagid };
}

interface MemberChange { tagid: number; userlist?: string[]; partylist?: number[] }

function memberChange(ctx: Ctx, adding: boolean): Record<string, unknown> {
  const { sim } = ctx;
  const b = ctx.body as unknown as MemberChange;
  const users = b.userlist ?? [], parties = b.partylist ?? [];
  if (users.length > LIMITS.TAG_USERS_PER_CALL_MAX) fail(40058, `invalid parameter: userlist holds at most ${LIMITS.TAG_USERS_PER_CALL_MAX}`);
  if (parties.length > LIMITS.TAG_PARTIES_PER_CALL_MAX) fail(40058, `invalid parameter: partylist holds at most ${LIMITS.TAG_PARTIES_PER_CALL_MAX}`);
  if (users.length === 0 && parties.length === 0) fail(40063, 'userlist and partylist are both empty');
  const tag = ownTag(ctx, b.tagid);
  const inTag = (u: string): boolean => tag.userlist.some((x) => x.toLowerCase() === u.toLowerCase());
  const validUser = (u: string): boolean => {
    const user = sim.store.user(u);
    return !!user && user.status !== 5 && (adding || inTag(u));
  };
  const validParty = (d: number): boolean => !!sim.store.dept(d) && (adding || tag.partylist.includes(d));
  const badUsers = users.filter((u) => !validUser(u)), badParties = parties.filter((d) => !validParty(d));
  if (badUsers.length === users.length && badParties.length === parties.length) fail(adding ? 40070 : 40031);
  const okUsers = sim.store.canonical(users.filter(validUser)), okParties = parties.filter(validParty);
  if (adding) {
    for (const u of okUsers) if (!inTag(u)) tag.userlist.push(u);
    for (const d of okParties) if (!tag.partylist.includes(d)) tag.partylist.push(d);
  } else {
    tag.userlist = tag.userlist.filter((x) => !okUsers.some((u) => u.toLowerCase() === x.toLowerCase()));
    tag.partylist = tag.partylist.filter((d) => !okParties.includes(d));
  }
  return { ...(badUsers.length ? { invalidlist: badUsers.join('|') } : {}), ...(badParties.length ? { invalidparty: badParties } : {}) };
}

const MEMBER_FIELDS = { tagid: f.int(40063), userlist: f.strs(), partylist: f.ints() };

export const tagRoutes: Route[] = [
  { endpoint: ENDPOINTS.tagCreate, mutates: true, okMsg: 'created', fields: { tagname: f.str(40063), tagid: f.int() }, handle: create },
  {
    endpoint: ENDPOINTS.tagUpdate, mutates: true, okMsg: 'updated', fields: { tagid: f.int(40063), tagname: f.str(40063) },
    handle(ctx) {
      const tag = ownTag(ctx, ctx.body.tagid as number);
      checkName(ctx.sim, ctx.body.tagname as string, tag);
      tag.tagname = ctx.body.tagname as string;
    },
  },
  {
    endpoint: ENDPOINTS.tagDelete, mutates: true, okMsg: 'deleted',
    handle(ctx) {
      const tag = ownTag(ctx, queryInt(ctx, 'tagid'));
      ctx.sim.state.tags = ctx.sim.state.tags.filter((t) => t !== tag);
    },
  },
  {
    endpoint: ENDPOINTS.tagGet,
    handle(ctx) {
      const { sim } = ctx;
      const tag = findTag(sim, queryInt(ctx, 'tagid'));
      return { tagname: tag.tagname, userlist: tag.userlist.map((u) => ({ userid: u, name: sim.store.user(u)?.name ?? '' })), partylist: [...tag.partylist] };
    },
  },
  { endpoint: ENDPOINTS.tagAddUsers, mutates: true, fields: MEMBER_FIELDS, handle: (ctx) => memberChange(ctx, true) },
  { endpoint: ENDPOINTS.tagDelUsers, mutates: true, okMsg: 'deleted', fields: MEMBER_FIELDS, handle: (ctx) => memberChange(ctx, false) },
  { endpoint: ENDPOINTS.tagList, handle: (ctx) => ({ taglist: ctx.sim.state.tags.map((t) => ({ tagid: t.tagid, tagname: t.tagname })) }) },
];
