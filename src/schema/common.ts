// Attribute shapes several schemas share: userid sets, department and tag id sets.

import { LIMITS, USER_ID_PATTERN } from '../wecom/limits';
import { AttributeSchema, ValueConstraints, setOf } from './types';

export const USER_ID: ValueConstraints = {
  pattern: { regex: USER_ID_PATTERN, allowed: `1..${LIMITS.USERID_MAX_BYTES} bytes of [0-9A-Za-z_-@.]`, id: 'WECOM_USER_ID' },
};
export const DEPARTMENT_ID: ValueConstraints = { range: { min: 1, integer: true, id: 'WECOM_DEPARTMENT_ID' } };
export const TAG_ID: ValueConstraints = { range: { min: 1, integer: true, id: 'WECOM_TAG_ID' } };

type Extra = Partial<Omit<AttributeSchema, 'type' | 'description'>>;

/** A set of userids: unordered, compared case-insensitively (WeCom's userid uniqueness). */
export function userSet(description: string, extra: Extra = {}): AttributeSchema {
  return { type: setOf('string'), optional: true, caseInsensitive: true, constraints: USER_ID, description, ...extra };
}

export function departmentSet(description: string, extra: Extra = {}): AttributeSchema {
  return { type: setOf('number'), optional: true, constraints: DEPARTMENT_ID, description, ...extra };
}

export function tagSet(description: string, extra: Extra = {}): AttributeSchema {
  return { type: setOf('number'), optional: true, constraints: TAG_ID, description, ...extra };
}
