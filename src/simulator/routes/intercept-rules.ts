// Sensitive-word intercept rules (§5). Rules are corp-wide (every app lists and reads them),
// but an app changes or deletes only its own: others' rules answer 41070 (the rule id is not
// valid for this app). Deleted rules stay as tombstones and answer 41071.
import { ENDPOINTS, LIMITS, charCount } from '../../wecom';
import type { InterceptType, Semantics } from '../../wecom';
import { f } from '../check';
import { fail } from '../errors';
import type { RuleRec } from '../model';
import type { Simulator } from '../simulator';
import { me } from './route';
import type { Ctx, Route } from './route';

interface Range { user_list?: string[]; department_list?: number[] }
const RANGE = f.obj({ user_list: f.strs(), department_list: f.ints() });

function checkName(sim: Simulator, name: string, self?: RuleRec): void {
  if (name === '') fail(40063, 'rule_name missing');
  if (charCount(name) > LIMITS.RULE_NAME_MAX) fail(40058, `invalid parameter: rule_name longer than ${LIMITS.RULE_NAME_MAX} characters`);
  if (sim.state.rules.some((r) => !r.deleted && r !== self && r.rule_name === name)) fail(41077);
}

function checkWords(sim: Simulator, words: string[]): string[] {
  if (words.length < 1 || words.length > LIMITS.RULE_WORDS_MAX) fail(41068, `too many words: ${words.length} (1..${LIMITS.RULE_WORDS_MAX})`);
  for (const w of words) {
    const n = charCount(w);
    if (n < 1 || n > sim.limits.maxRuleWordLength) fail(41083, `invalid keyword '${w}': 1..${sim.limits.maxRuleWordLength} characters`);
  }
  return [...new Set(words)];
}

function checkSemantics(list: number[]): Semantics[] {
  for (const s of list) if (s !== 1 && s !== 2 && s !== 3) fail(41084, `invalid semantics ${s} (1 phone, 2 email, 3 red packet)`);
  return [...new Set(list)] as Semantics[];
}

function checkInterceptType(t: number): InterceptType {
  if (t !== 1 && t !== 2) fail(40058, 'invalid parameter: intercept_type must be 1 or 2');
  return t;
}

/** Validates a whole range; returns it in directory spelling. */
function checkRange(sim: Simulator, users: string[], depts: number[]): { user_list: string[]; department_list: number[] } {
  if (users.length === 0 && depts.length === 0) fail(40063, 'applicable_range: user_list and department_list are both empty');
  if (users.length > LIMITS.RULE_RANGE_USERS_MAX) fail(41076, `applicable_range.user_list has ${users.length} users (at most ${LIMITS.RULE_RANGE_USERS_MAX})`);
  if (depts.length > LIMITS.RULE_RANGE_DEPTS_MAX) fail(41076, `applicable_range.department_list has ${depts.length} departments (at most ${LIMITS.RULE_RANGE_DEPTS_MAX})`);
  for (const u of users) if (!sim.store.user(u)) fail(60111, `userid not found: ${u}`);
  for (const d of depts) if (!sim.store.dept(d)) fail(60003, `department not found: ${d}`);
  const covered = sim.store.coveredUserids(users, depts).size;
  if (covered > LIMITS.RULE_RANGE_TOTAL_USERIDS_MAX) fail(41076, `applicable range covers ${covered} userids (at most ${LIMITS.RULE_RANGE_TOTAL_USERIDS_MAX})`);
  return { user_list: dedupeUsers(sim.store.canonical(users)), department_list: [...new Set(depts)] };
}

function dedupeUsers(users: string[]): string[] {
  const seen = new Map<string, string>();
  for (const u of users) if (!seen.has(u.toLowerCase())) seen.set(u.toLowerCase(), u);
  return [...seen.values()];
}

/** Any rule by id: 41070 unknown, 41071 deleted. */
function findRule(sim: Simulator, ruleId: string): RuleRec {
  const rule = sim.store.rule(ruleId);
  if (!rule) fail(41070);
  if (rule.deleted) fail(41071);
  return rule;
}

/** A rule this app may change: others' rules answer 41070. */
function ownRule(ctx: Ctx, ruleId: string): RuleRec {
  const rule = findRule(ctx.sim, ruleId);
  if (rule.createdBy !== me(ctx).agentid) fail(41070, 'invalid rule id: the rule was created by another app');
  return rule;
}

function add(ctx: Ctx): Record<string, unknown> {
  const { sim } = ctx;
  const b = ctx.body as { rule_name: string; word_list: string[]; semantics_list?: number[]; intercept_type: number; applicable_range: Range };
  checkName(sim, b.rule_name);
  const words = checkWords(sim, b.word_list);
  const semantics = checkSemantics(b.semantics_list ?? []);
  const type = checkInterceptType(b.intercept_type);
  const range = checkRange(sim, b.applicable_range.user_list ?? [], b.applicable_range.department_list ?? []);
  if (sim.state.rules.filter((r) => !r.deleted).length >= LIMITS.RULES_PER_CORP_MAX) fail(41069);
  const ruleId = sim.newId('', 24, (id) => !!sim.store.rule(id), 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789');
  sim.state.rules.push({
    rule_id: ruleId, rule_name: b.rule_name, word_list: words, semantics_list: semantics, intercept_type: type,
    ...range, create_time: sim.nowS(), createdBy: me(ctx).agentid, deleted: false,
  });
  return { rule_id: ruleId };
}

export function ruleView(r: RuleRec): Record<string, unknown> {
  return {
    rule_id: r.rule_id, rule_name: r.rule_name, word_list: [...r.word_list], extra_rule: { semantics_list: [...r.semantics_list] },
    intercept_type: r.intercept_type, applicable_range: { user_list: [...r.user_list], department_list: [...r.department_list] },
  };
}

const sameUser = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

function update(ctx: Ctx): void {
  const { sim } = ctx;
  const b = ctx.body as {
    rule_id: string; rule_name?: string; word_list?: string[]; extra_rule?: { semantics_list?: number[] };
    intercept_type?: number; add_applicable_range?: Range; remove_applicable_range?: Range;
  };
  const rule = ownRule(ctx, b.rule_id);
  if (b.rule_name !== undefined) checkName(sim, b.rule_name, rule);
  const words = b.word_list === undefined ? undefined : checkWords(sim, b.word_list);
  const semantics = b.extra_rule?.semantics_list === undefined ? undefined : checkSemantics(b.extra_rule.semantics_list);
  const type = b.intercept_type === undefined ? undefined : checkInterceptType(b.intercept_type);
  const add = b.add_applicable_range ?? {}, remove = b.remove_applicable_range ?? {};
  const users = [...rule.user_list, ...(add.user_list ?? [])].filter((u) => !(remove.user_list ?? []).some((r) => sameUser(r, u)));
  const depts = [...rule.department_list, ...(add.department_list ?? [])].filter((d) => !(remove.department_list ?? []).includes(d));
  const range = checkRange(sim, users, depts);
  Object.assign(rule, {
    ...(b.rule_name !== undefined ? { rule_name: b.rule_name } : {}), ...(words ? { word_list: words } : {}),
    ...(semantics ? { semantics_list: semantics } : {}), ...(type ? { intercept_type: type } : {}), ...range,
  });
}

export const interceptRuleRoutes: Route[] = [
  {
    endpoint: ENDPOINTS.interceptRuleAdd, area: 'customerContact', mutates: true, handle: add,
    fields: { rule_name: f.str(40063), word_list: f.strs(41068), semantics_list: f.ints(), intercept_type: f.int(40063), applicable_range: f.obj(RANGE.fields ?? {}, 40063) },
  },
  {
    endpoint: ENDPOINTS.interceptRuleList, area: 'customerContact',
    handle: (ctx) => ({ rule_list: ctx.sim.state.rules.filter((r) => !r.deleted).map((r) => ({ rule_id: r.rule_id, rule_name: r.rule_name, create_time: r.create_time })) }),
  },
  {
    endpoint: ENDPOINTS.interceptRuleGet, area: 'customerContact', fields: { rule_id: f.str(40063) },
    handle: (ctx) => ({ rule: ruleView(findRule(ctx.sim, ctx.body.rule_id as string)) }),
  },
  {
    endpoint: ENDPOINTS.interceptRuleUpdate, area: 'customerContact', mutates: true, handle: update,
    fields: {
      rule_id: f.str(40063), rule_name: f.str(), word_list: f.strs(), extra_rule: f.obj({ semantics_list: f.ints() }),
      intercept_type: f.int(), add_applicable_range: RANGE, remove_applicable_range: RANGE,
    },
  },
  {
    endpoint: ENDPOINTS.interceptRuleDelete, area: 'customerContact', mutates: true, fields: { rule_id: f.str(40063) },
    handle: (ctx) => void (ownRule(ctx, ctx.body.rule_id as string).deleted = true),
  },
];
