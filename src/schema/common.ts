// Attribute shapes several schemas share: unordered lists of userids, department and tag ids.

import { LIMITS, USER_ID_PATTERN } from '../wecom/limits';
import { AttributeSchema, ValueConstraints, unorderedListOf } from './types';

export const USER_ID: ValueConstraints = {
  pattern: { regex: USER_ID_PATTERN, allowed: `1..${LIMITS.USERID_MAX_BYTES} bytes of [0-9A-Za-z_-@.]`, id: 'WECOM_USER_ID' },
};
export const DEPARTMENT_ID: ValueConstraints = { range: { min: 1, integer: true, id: 'WECOM_DEPARTMENT_ID' } };
export const TAG_ID: ValueConstraints = { range: { min: 1, integer: true, id: 'WECOM_TAG_ID' } };

type Extra = Partial<Omit<AttributeSchema, 'type' | 'description'>>;

/** Userids: unordered, compared case-insensitively (WeCom's userid uniqueness). */
export function userIds(description: string, extra: Extra = {}): AttributeSchema {
  return { type: unorderedListOf('string'), optional: true, caseInsensitive: true, constraints: USER_ID, description, ...extra };
}

export function departmentIds(description: string, extra: Extra = {}): AttributeSchema {
  return { type: unorderedListOf('number'), optional: true, constraints: DEPARTMENT_ID, description, ...extra };
}

export function tagIds(description: string, extra: Extra = {}): AttributeSchema {
  return { type: unorderedListOf('number'), optional: true, constraints: TAG_ID, description, ...extra };
}
