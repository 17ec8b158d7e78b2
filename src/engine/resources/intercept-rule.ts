// wecom_intercept_rule handler (externalcontact/*_intercept_rule, wecom-api.md §5). Rule names
// are unique per corp (41077), so a name clash means a rule exists outside this state: the
// error says how to import it. Updates send only what changed, and the applicable range as
// deltas against the rule as it is now.
import { WecomOutcomeUnknownError } from '../../client';
import { interceptRuleSchema } from '../../schema';
import type { InterceptRule, InterceptRuleAddRequest, InterceptRuleUpdateRequest, InterceptType, Semantics } from '../../wecom/types';
import { containsUnknown, UNKNOWN } from '../config/expressions';
import type { ChangeDetails } from '../plan/model';
import { reviewDetails } from '../plan/diff';
import { labelsOf, listProvenance, namesOf } from './labels';
import { Attrs, HandlerContext, PlanError, ResourceHandler } from './types';
import { isApiError, listOrPrior, numbers, sameSet, setDelta, strings, userDelta } from './util';

/** 41070 invalid rule id, 41071 rule deleted. */
const GONE = [41070, 41071];
const NAME_TAKEN = 41077;

export const interceptRuleHandler: ResourceHandler = {
  type: 'wecom_intercept_rule',
  schema: interceptRuleSchema,

  async plan(ctx, { config, prior, state }) {
    const ruleId = prior?.rule_id ?? UNKNOWN;
    const after: Attrs = {
      ...config,
      semantics_list: config.semantics_list ?? null,
      applicable_users: config.applicable_users ?? null,
      applicable_departments: config.applicable_departments ?? null,
      rule_id: ruleId,
      id: ruleId,
    };
    if (containsUnknown([config.applicable_users, config.applicable_departments])) return { after };
    const details = await checkRange(ctx, config);
    const range = await rangeDetails(ctx, prior, after, state);
    return { after, details: { ...range, names: { ...details.names, ...range.names } } };
  },

  // Scope and words changed out of band: who and which departments, by name and head count.
  async driftDetails(ctx, state, live) {
    return rangeDetails(ctx, state, live, undefined);
  },

  async read(ctx, prior) {
    try {
      return toState(await ctx.client.interceptRules.get(String(prior.rule_id)), prior);
    } catch (err) {
      if (isApiError(err, GONE)) return null;
      throw err;
    }
  },

  async create(ctx, planned) {
    const req: InterceptRuleAddRequest = {
      rule_name: String(planned.rule_name),
      word_list: strings(planned.word_list),
      ...(numbers(planned.semantics_list).length ? { semantics_list: numbers(planned.semantics_list) as Semantics[] } : {}),
      intercept_type: Number(planned.intercept_type) as InterceptType,
      applicable_range: { user_list: strings(planned.applicable_users), department_list: numbers(planned.applicable_departments) },
    };
    let ruleId: string;
    try {
      ruleId = await ctx.client.interceptRules.add(req);
    } catch (err) {
      if (isApiError(err, [NAME_TAKEN])) throw await nameTaken(ctx, req.rule_name, undefined);
      if (!(err instanceof WecomOutcomeUnknownError)) throw err;
      // The add may have landed; names are unique, so a rule with our name and content is ours.
      const adopted = await findByName(ctx, req.rule_name);
      if (!adopted || !sameContent(adopted, planned)) throw err;
      ruleId = adopted.rule_id;
    }
    return { ...planned, rule_id: ruleId, id: ruleId };
  },

  async update(ctx, _prior, planned) {
    const ruleId = String(planned.rule_id);
    // Deltas come from the rule as it is now, not from the plan's prior: a stale delta would
    // undo a change made in between, or remove someone already removed.
    const live = await ctx.client.interceptRules.get(ruleId);
    const req: InterceptRuleUpdateRequest = { rule_id: ruleId };
    const name = String(planned.rule_name);
    const words = strings(planned.word_list);
    const semantics = numbers(planned.semantics_list) as Semantics[];
    if (live.rule_name !== name) req.rule_name = name;
    if (!sameSet(live.word_list, words)) req.word_list = words;
    if (!sameSet(live.extra_rule?.semantics_list ?? [], semantics)) req.extra_rule = { semantics_list: semantics };
    if (live.intercept_type !== Number(planned.intercept_type)) req.intercept_type = Number(planned.intercept_type) as InterceptType;
    const users = userDelta(live.applicable_range.user_list ?? [], strings(planned.applicable_users));
    const depts = setDelta(live.applicable_range.department_list ?? [], numbers(planned.applicable_departments));
    const range = (u: string[], d: number[]) => (u.length || d.length ? { ...(u.length ? { user_list: u } : {}), ...(d.length ? { department_list: d } : {}) } : undefined);
    const add = range(users.add, depts.add);
    const remove = range(users.remove, depts.remove);
    if (add) req.add_applicable_range = add;
    if (remove) req.remove_applicable_range = remove;
    if (Object.keys(req).length > 1) {
      try {
        await ctx.client.interceptRules.update(req);
      } catch (err) {
        if (isApiError(err, [NAME_TAKEN])) throw await nameTaken(ctx, name, ruleId);
        throw err;
      }
    }
    return { ...planned, rule_id: ruleId, id: ruleId };
  },

  async delete(ctx, prior) {
    const ruleId = String(prior.rule_id);
    try {
      await ctx.client.interceptRules.delete(ruleId);
    } catch (err) {
      if (!isApiError(err, GONE)) throw err;
      // Already gone is what destroy wants; but 41070 also means "another app's rule", which get tells apart.
      const exists = await ctx.client.interceptRules.get(ruleId).then(() => true, (e) => (isApiError(e, GONE) ? false : Promise.reject(e)));
      if (exists) throw err;
    }
  },

  async import(ctx, id) {
    return toState(await ctx.client.interceptRules.get(id), null);
  },
};

function toState(rule: InterceptRule, prior: Attrs | null): Attrs {
  return {
    id: rule.rule_id,
    rule_id: rule.rule_id,
    rule_name: rule.rule_name,
    word_list: [...rule.word_list],
    // get nests semantics under extra_rule; add takes them top-level.
    semantics_list: listOrPrior(rule.extra_rule?.semantics_list, prior?.semantics_list),
    intercept_type: rule.intercept_type,
    applicable_users: listOrPrior(rule.applicable_range?.user_list, prior?.applicable_users),
    applicable_departments: listOrPrior(rule.applicable_range?.department_list, prior?.applicable_departments),
  };
}

/** Unknown users or departments are plan errors, so no write is attempted with them. */
async function checkRange(ctx: HandlerContext, config: Attrs): Promise<ChangeDetails> {
  const users = strings(config.applicable_users);
  const depts = numbers(config.applicable_departments);
  if (!users.length && !depts.length) {
    throw new PlanError(ctx.address, 'applicable_users', 'applicable_users and applicable_departments are both empty; WeCom needs at least one user or department (WECOM_RULE_RANGE)');
  }
  const missingDepts: number[] = [];
  for (const d of depts) if (!(await ctx.directory.department(d))) missingDepts.push(d);
  if (missingDepts.length) throw new PlanError(ctx.address, 'applicable_departments', `department ${missingDepts.join(', ')} not found in the directory`);
  const checked = await ctx.directory.checkUsers(users);
  const unknown = users.filter((u) => !checked.get(u.toLowerCase()));
  if (unknown.length) throw new PlanError(ctx.address, 'applicable_users', `userid ${[...new Set(unknown)].join(', ')} not found in the directory`);
  return { names: namesOf(ctx.directory, users) };
}

/**
 * Names of the users and labels (path, id, head count) of the departments a range gains or loses
 * from `before` to `after`, and why users come and go; only the changed departments are read.
 */
async function rangeDetails(ctx: HandlerContext, before: Attrs | null, after: Attrs, state: Attrs | null | undefined): Promise<ChangeDetails> {
  const d = reviewDetails(interceptRuleSchema.name, before, after);
  const users = [...(d.membersAdded ?? []), ...(d.membersRemoved ?? [])];
  const depts = [...(d.departmentsAdded ?? []), ...(d.departmentsRemoved ?? [])].map(Number);
  const out: ChangeDetails = {};
  // Head counts (one read per department) only for a change to what exists; a new one is explained by the code.
  if (depts.length) out.labels = await labelsOf(ctx.directory, depts, [], before ? undefined : null);
  if (users.length) {
    out.names = namesOf(ctx.directory, users);
    if (before && state !== undefined) out.provenance = listProvenance(d.membersAdded ?? [], d.membersRemoved ?? [], state?.applicable_users, before.applicable_users);
  }
  return out;
}

async function findByName(ctx: HandlerContext, name: string): Promise<InterceptRule | undefined> {
  const summary = (await ctx.client.interceptRules.list()).find((r) => r.rule_name === name);
  return summary ? ctx.client.interceptRules.get(summary.rule_id) : undefined;
}

/** 41077 names the rule that holds the name, and how to bring it under management. */
async function nameTaken(ctx: HandlerContext, name: string, selfId: string | undefined): Promise<PlanError> {
  const list = await ctx.client.interceptRules.list().catch(() => []);
  const holder = list.find((r) => r.rule_name === name && r.rule_id !== selfId);
  const id = holder?.rule_id ?? 'RULE_ID';
  const what = selfId ? `another intercept rule (${id}) is already named '${name}'` : `an intercept rule named '${name}' already exists in the corp but not in this state`;
  return new PlanError(ctx.address, 'rule_name', `${what} (41077: names are unique per corp); import it with \`cdktf-wecom import ${ctx.address} ${id}\` or choose another rule_name`);
}

function sameContent(rule: InterceptRule, planned: Attrs): boolean {
  const users = userDelta(rule.applicable_range.user_list ?? [], strings(planned.applicable_users));
  const depts = setDelta(rule.applicable_range.department_list ?? [], numbers(planned.applicable_departments));
  return sameSet(rule.word_list, strings(planned.word_list)) && rule.intercept_type === Number(planned.intercept_type) &&
    !users.add.length && !users.remove.length && !depts.add.length && !depts.remove.length;
}
