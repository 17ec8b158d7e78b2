// Sensitive-word intercept rules (externalcontact/*_intercept_rule, wecom-api.md §5).
// add and update are not idempotent (update's ranges are deltas) and are not checked after a
// lost answer: WECOM_OUTCOME_UNKNOWN, so the engine re-reads and reconciles.

import { ENDPOINTS } from '../../wecom/endpoints';
import { LIMITS } from '../../wecom/limits';
import {
  ApplicableRange, InterceptRule, InterceptRuleAddRequest, InterceptRuleAddResponse, InterceptRuleGetResponse,
  InterceptRuleListResponse, InterceptRuleUpdateRequest, WecomEnvelope,
} from '../../wecom/types';
import { Caller } from '../caller';
import { Check } from '../validate';
import { deleteTolerant } from './shared';

export type InterceptRuleSummary = InterceptRuleListResponse['rule_list'][number];

export class InterceptRules {
  constructor(private readonly c: Caller) {}

  async add(req: InterceptRuleAddRequest): Promise<string> {
    const check = new Check(ENDPOINTS.interceptRuleAdd.path);
    validateCommon(check, req);
    check.oneOf('intercept_type', req.intercept_type, [1, 2] as const)
      .that((req.applicable_range?.user_list?.length ?? 0) + (req.applicable_range?.department_list?.length ?? 0) > 0,
        'applicable_range needs at least one user or department');
    validateRange(check, 'applicable_range', req.applicable_range);
    const r = await this.c.call<InterceptRuleAddResponse>(ENDPOINTS.interceptRuleAdd, { json: req });
    return r.data.rule_id;
  }

  /** Every rule of the corp (including other apps'). */
  async list(): Promise<InterceptRuleSummary[]> {
    const r = await this.c.call<InterceptRuleListResponse>(ENDPOINTS.interceptRuleList);
    return r.data.rule_list ?? [];
  }

  async get(ruleId: string): Promise<InterceptRule> {
    new Check(ENDPOINTS.interceptRuleGet.path).nonEmpty('rule_id', ruleId);
    const r = await this.c.call<InterceptRuleGetResponse>(ENDPOINTS.interceptRuleGet, { json: { rule_id: ruleId } });
    return r.data.rule;
  }

  async update(req: InterceptRuleUpdateRequest): Promise<void> {
    const check = new Check(ENDPOINTS.interceptRuleUpdate.path).nonEmpty('rule_id', req.rule_id);
    validateCommon(check, { ...req, semantics_list: req.extra_rule?.semantics_list });
    check.oneOf('intercept_type', req.intercept_type, [1, 2] as const);
    validateRange(check, 'add_applicable_range', req.add_applicable_range);
    validateRange(check, 'remove_applicable_range', req.remove_applicable_range);
    await this.c.call<WecomEnvelope>(ENDPOINTS.interceptRuleUpdate, { json: req });
  }

  async delete(ruleId: string): Promise<void> {
    new Check(ENDPOINTS.interceptRuleDelete.path).nonEmpty('rule_id', ruleId);
    await deleteTolerant(() => this.c.call(ENDPOINTS.interceptRuleDelete, { json: { rule_id: ruleId } }), [41070, 41071]);
  }
}

function validateCommon(c: Check, r: { rule_name?: string; word_list?: string[]; semantics_list?: number[] }): void {
  c.chars('rule_name', r.rule_name, 1, LIMITS.RULE_NAME_MAX);
  if (r.word_list !== undefined) {
    c.count('word_list', r.word_list, 1, LIMITS.RULE_WORDS_MAX);
    for (const w of r.word_list) c.chars(`word '${w}'`, w, 1, LIMITS.RULE_WORD_MAX);
  }
  for (const s of r.semantics_list ?? []) c.oneOf('semantics_list entry', s, [1, 2, 3]);
}

function validateRange(c: Check, name: string, r: ApplicableRange | undefined): void {
  if (!r) return;
  c.count(`${name}.user_list`, r.user_list, 0, LIMITS.RULE_RANGE_USERS_MAX).userIds(`${name}.user_list`, r.user_list)
    .count(`${name}.department_list`, r.department_list, 0, LIMITS.RULE_RANGE_DEPTS_MAX);
}
