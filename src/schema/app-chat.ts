// wecom_app_chat: an app group chat (appchat/*, wecom-api.md §3). WeCom has no list and no
// delete endpoint, so the managed set lives in state and "destroy" is a policy (on_destroy).

import { CHAT_ID_PATTERN, LIMITS } from '../wecom/limits';
import { departmentIds, tagIds, userIds, USER_ID } from './common';
import { ID_ATTRIBUTE, listOf, ResourceSchema } from './types';

export const CHAT_ID_CONSTRAINTS = {
  pattern: { regex: CHAT_ID_PATTERN, allowed: `at most ${LIMITS.CHAT_ID_MAX} characters of [0-9a-zA-Z]`, id: 'WECOM_CHAT_ID' },
} as const;

export const DEFAULT_ARCHIVE_PREFIX = '[archived] ';

export const appChatSchema: ResourceSchema = {
  kind: 'resource',
  name: 'wecom_app_chat',
  version: 1,
  description: 'An app group chat (应用群聊) with a fixed owner and a membership drawn from users, departments (with sub-departments) and tags.',
  attributes: {
    id: ID_ATTRIBUTE,
    chat_id: {
      type: 'string', required: true, forceNew: true,
      description: 'The chatid, chosen by us so that creating is idempotent (86215 answers a repeat). Changing it makes a new chat.',
      constraints: CHAT_ID_CONSTRAINTS,
    },
    name: {
      type: 'string', required: true,
      description: 'Chat name. WeCom truncates longer names silently, so they are rejected before any call.',
      constraints: { length: { min: 1, max: LIMITS.CHAT_NAME_MAX, unit: 'chars', id: 'WECOM_CHAT_NAME' } },
    },
    owner: {
      type: 'string', required: true, caseInsensitive: true, review: 'owner',
      description: 'Userid of the owner; must be a member. Required because WeCom picks a random owner otherwise.',
      constraints: USER_ID,
    },
    owner_successors: {
      type: listOf('string'), optional: true, caseInsensitive: true, constraints: USER_ID,
      description: 'Userids, in order, who take over as owner when the owner has left the company (WeCom\'s 离职继承 for groups): the plan proposes the first active one and says why.',
    },
    members: userIds('Userids that are members.', {
      items: { max: LIMITS.CHAT_MEMBERS_MAX, id: 'WECOM_CHAT_MEMBERS', noun: 'users' },
    }),
    member_departments: departmentIds('Department ids whose people (including sub-departments) are members; resolved at plan time.', { review: 'departments' }),
    member_tags: tagIds('Tag ids whose people (direct users and the people of tagged departments) are members; resolved at plan time.'),
    exclude_members: userIds('Userids never made members, even when a department or tag includes them.'),
    membership: {
      type: 'string', optional: true, default: 'authoritative',
      description: '"authoritative": members not declared are removed. "additive": declared members are added, others are left alone.',
      constraints: { oneOf: { values: ['authoritative', 'additive'], id: 'WECOM_ENUM' } },
    },
    on_destroy: {
      type: 'string', optional: true, default: 'retain',
      description: 'What destroy does, as WeCom cannot dissolve a chat: "retain" forgets it; "archive" renames it with archive_prefix and removes everyone but the owner.',
      constraints: { oneOf: { values: ['retain', 'archive'], id: 'WECOM_ENUM' } },
    },
    archive_prefix: {
      type: 'string', optional: true, default: DEFAULT_ARCHIVE_PREFIX,
      description: 'Prefix put before the name when on_destroy is "archive".',
      constraints: { length: { max: LIMITS.CHAT_NAME_MAX - 1, unit: 'chars', id: 'WECOM_CHAT_ARCHIVE_NAME' } },
    },
    resolved_members: userIds('Members after resolving departments and tags and removing exclusions, as last applied; null when they are exactly `members`.', {
      optional: false, computed: true, review: 'members', sameAs: 'members',
      items: { min: LIMITS.CHAT_MEMBERS_MIN, max: LIMITS.CHAT_MEMBERS_MAX, id: 'WECOM_CHAT_MEMBERS', noun: 'members' },
    }),
    added_members: userIds('Members this configuration added (membership "additive" removes only these when they are no longer declared).', {
      optional: false, computed: true,
    }),
  },
};
