// Stable ids of every synth-time validation problem. Messages end with the id in parentheses,
// rule packs and tests match on it, and docs/constructs.md renders this table (npm run generate).
// Ids are never renamed: add a new one instead.

import { LIMITS as L } from '../wecom/limits';

export interface ValidationInfo {
  /** What is checked, for the docs table. */
  readonly summary: string;
}

export const VALIDATION_IDS = {
  // generic, from the schema
  WECOM_REQUIRED: { summary: 'A required attribute is missing.' },
  WECOM_TYPE: { summary: 'A value has the wrong type (string, number, bool, list, object).' },
  WECOM_UNKNOWN_ATTRIBUTE: { summary: 'An attribute the schema does not define.' },
  WECOM_DUPLICATE: { summary: 'An unordered list (members, departments, words...) holds the same value twice (userids compare case-insensitively).' },
  WECOM_ENUM: { summary: 'A value outside the allowed set of values.' },
  WECOM_ENV_NAME: { summary: 'An environment variable NAME must match ^[A-Z_][A-Z0-9_]*$.' },
  WECOM_SECRET_IN_CONFIG: { summary: 'A secret (key, webhook URL, app secret) was given where only an env var name belongs; thrown at once, value redacted.' },
  WECOM_USER_ID: { summary: `A userid is 1..${L.USERID_MAX_BYTES} bytes of [0-9A-Za-z_-@.].` },
  WECOM_DEPARTMENT_ID: { summary: 'A department id is a positive integer.' },
  WECOM_TAG_ID: { summary: 'A tag id is a positive integer.' },
  // provider
  WECOM_CORP_ID: { summary: 'The corp id is a non-empty string of letters and digits.' },
  WECOM_API_BASE: { summary: 'api_base is an http(s) URL without query string.' },
  WECOM_RATE_LIMIT: { summary: 'Rate-limit overrides are positive integers; max_chat_members lies in 2..CHAT_MEMBERS_MAX.' },
  // app chats
  WECOM_CHAT_ID: { summary: `A chatid is at most ${L.CHAT_ID_MAX} characters of [0-9a-zA-Z].` },
  WECOM_CHAT_ID_DUPLICATE: { summary: 'Two app chats in one stack use the same chatid.' },
  WECOM_CHAT_NAME: { summary: `A chat name has 1..${L.CHAT_NAME_MAX} characters (WeCom would silently truncate longer names).` },
  WECOM_CHAT_ARCHIVE_NAME: { summary: `With onDestroy archive, archivePrefix + name must still fit in ${L.CHAT_NAME_MAX} characters.` },
  WECOM_CHAT_MEMBERS: { summary: `An app chat has ${L.CHAT_MEMBERS_MIN}..${L.CHAT_MEMBERS_MAX} members (counted at synth time only when no departments or tags are used).` },
  WECOM_CHAT_OWNER: { summary: 'The owner must be one of the members and must not be excluded.' },
  // robots
  WECOM_ROBOT_MESSAGE: { summary: `An announcement has exactly one of markdown (at most ${L.ROBOT_MARKDOWN_MAX_BYTES} bytes) or text (at most ${L.TEXT_CONTENT_MAX_BYTES} bytes).` },
  WECOM_ROBOT_MENTIONS: { summary: 'Mentions are userids or @all, and only text messages carry them.' },
  // intercept rules
  WECOM_RULE_NAME: { summary: `A rule name has 1..${L.RULE_NAME_MAX} characters.` },
  WECOM_RULE_NAME_DUPLICATE: { summary: 'Rule names are unique in a corp, so in a stack.' },
  WECOM_RULE_WORDS: { summary: `A rule has 1..${L.RULE_WORDS_MAX} words.` },
  WECOM_RULE_WORD: { summary: `Each word has 1..${L.RULE_WORD_MAX} characters.` },
  WECOM_RULE_WORD_DUPLICATE: { summary: 'A word is listed twice.' },
  WECOM_RULE_SEMANTICS: { summary: 'Semantics are phone, email or redPacket (1, 2, 3).' },
  WECOM_RULE_INTERCEPT_TYPE: { summary: 'interceptType is warnAndBlock or warnOnly (1, 2).' },
  WECOM_RULE_RANGE: { summary: `A rule applies to at most ${L.RULE_RANGE_USERS_MAX} users and ${L.RULE_RANGE_DEPTS_MAX} departments, and not to nobody.` },
  // join ways
  WECOM_JOIN_WAY_SCENE: { summary: 'scene is miniprogram or qrcode (1, 2).' },
  WECOM_JOIN_WAY_CHATS: { summary: `A join way lists 1..${L.JOIN_WAY_CHATS_MAX} customer group chat ids, without duplicates.` },
  WECOM_JOIN_WAY_REMARK: { summary: `remark has at most ${L.JOIN_WAY_REMARK_MAX} characters.` },
  WECOM_JOIN_WAY_STATE: { summary: `state has at most ${L.JOIN_WAY_STATE_MAX} characters.` },
  WECOM_JOIN_WAY_ROOM_BASE_NAME: { summary: `roomBaseName has at most ${L.JOIN_WAY_ROOM_BASE_NAME_MAX} characters.` },
  WECOM_JOIN_WAY_ROOM_BASE_ID: { summary: 'roomBaseId is a non-negative integer.' },
  // welcome templates
  WECOM_WELCOME_TEXT: { summary: `Welcome text has at most ${L.WELCOME_TEXT_MAX_BYTES} bytes.` },
  WECOM_WELCOME_EMPTY: { summary: 'A welcome template has some content (text, image, link or miniprogram).' },
  // tags
  WECOM_TAG_NAME: { summary: `A tag name has 1..${L.TAG_NAME_MAX} characters.` },
  WECOM_TAG_NAME_DUPLICATE: { summary: 'Tag names are unique in a corp, so in a stack.' },
  // data sources
  WECOM_DEPARTMENT_LOOKUP: { summary: 'A department lookup names exactly one of id or name path; a path is non-empty segments joined by /.' },
  WECOM_CUSTOMER_GROUPS_FILTER: { summary: `A customer group lookup filters on at most ${L.GROUPCHAT_OWNER_FILTER_MAX} owners and a known status.` },
} as const satisfies Record<string, ValidationInfo>;

export type ValidationId = keyof typeof VALIDATION_IDS;
