// wecom_intercept_rule: a sensitive-word intercept rule (externalcontact/*_intercept_rule, §5).

import { LIMITS } from '../wecom/limits';
import { departmentIds, userIds } from './common';
import { ID_ATTRIBUTE, ResourceSchema, unorderedListOf } from './types';

/** semantics_list values: 1 phone, 2 email, 3 red packet. */
export const SEMANTICS = { phone: 1, email: 2, redPacket: 3 } as const;
/** intercept_type values: 1 warn and block, 2 warn only. */
export const INTERCEPT_TYPES = { warnAndBlock: 1, warnOnly: 2 } as const;

export const interceptRuleSchema: ResourceSchema = {
  kind: 'resource',
  name: 'wecom_intercept_rule',
  version: 1,
  description: 'A sensitive-word intercept rule for customer chats. Needs an app with customer-contact permission.',
  attributes: {
    id: ID_ATTRIBUTE,
    rule_name: {
      type: 'string', required: true,
      description: 'Rule name, unique in the corp (41077).',
      constraints: { length: { min: 1, max: LIMITS.RULE_NAME_MAX, unit: 'chars', id: 'WECOM_RULE_NAME' } },
    },
    word_list: {
      type: unorderedListOf('string'), required: true, review: 'words',
      description: 'Sensitive words.',
      items: { min: 1, max: LIMITS.RULE_WORDS_MAX, id: 'WECOM_RULE_WORDS', noun: 'words' },
      unique: { id: 'WECOM_RULE_WORD_DUPLICATE' },
      constraints: { length: { min: 1, max: LIMITS.RULE_WORD_MAX, unit: 'chars', id: 'WECOM_RULE_WORD' } },
    },
    semantics_list: {
      type: unorderedListOf('number'), optional: true,
      description: 'Extra content to intercept: 1 phone numbers, 2 email addresses, 3 red packets.',
      constraints: { oneOf: { values: Object.values(SEMANTICS), id: 'WECOM_RULE_SEMANTICS' } },
    },
    intercept_type: {
      type: 'number', required: true,
      description: '1 warn and block the message, 2 warn only.',
      constraints: { oneOf: { values: Object.values(INTERCEPT_TYPES), id: 'WECOM_RULE_INTERCEPT_TYPE' } },
    },
    applicable_users: userIds('Userids the rule applies to. With applicable_departments, not both empty.', {
      review: 'members',
      items: { max: LIMITS.RULE_RANGE_USERS_MAX, id: 'WECOM_RULE_RANGE', noun: 'users' },
    }),
    applicable_departments: departmentIds('Department ids the rule applies to.', {
      review: 'departments',
      items: { max: LIMITS.RULE_RANGE_DEPTS_MAX, id: 'WECOM_RULE_RANGE', noun: 'departments' },
    }),
    rule_id: { type: 'string', computed: true, description: 'Rule id assigned by WeCom.' },
  },
};
