// WeCom's documented limits: the single source for construct validation, schema, client
// rate limiting and the simulator's checks. Facts: ../shared/wecom-api.md §2-§8.
// Where the docs disagree (§8) the choice is made here, with the alternative noted; every
// value can be overridden (client options, simulator options, provider config).

export const LIMITS = {
  // §3 app chats
  CHAT_ID_MAX: 32, // chars of [0-9a-zA-Z]
  CHAT_NAME_MAX: 50, // UTF-8 chars; WeCom truncates longer names, we reject them before any call
  CHAT_MEMBERS_MIN: 2,
  CHAT_MEMBERS_MAX: 2000, // disputed: older text says 500
  TEXT_CONTENT_MAX_BYTES: 2048,
  // §4 robots
  ROBOT_MARKDOWN_MAX_BYTES: 4096,
  ROBOT_NEWS_ARTICLES_MAX: 8,
  ROBOT_IMAGE_MAX_BYTES: 2 * 1024 * 1024,
  ROBOT_FILE_MAX_BYTES: 20 * 1024 * 1024,
  ROBOT_VOICE_MAX_BYTES: 2 * 1024 * 1024,
  ROBOT_MEDIA_MIN_BYTES: 6, // "every file > 5 bytes"
  // §5 intercept rules
  RULE_NAME_MAX: 20,
  RULE_WORDS_MAX: 300,
  RULE_WORD_MAX: 32, // disputed: 30 vs 32 chars
  RULE_RANGE_USERS_MAX: 1000,
  RULE_RANGE_DEPTS_MAX: 1000,
  RULE_RANGE_TOTAL_USERIDS_MAX: 10000,
  RULES_PER_CORP_MAX: 100,
  // §6 join ways and welcome templates
  JOIN_WAY_CHATS_MAX: 5,
  JOIN_WAY_REMARK_MAX: 30,
  JOIN_WAY_STATE_MAX: 30,
  JOIN_WAY_ROOM_BASE_NAME_MAX: 40,
  WELCOME_TEXT_MAX_BYTES: 3000, // disputed: 3000 vs 4000 bytes
  WELCOME_TEMPLATES_PER_CORP_MAX: 100,
  GROUPCHAT_LIST_LIMIT_MAX: 1000,
  GROUPCHAT_OWNER_FILTER_MAX: 100,
  TRANSFER_CHATS_MAX: 100,
  // §7 directory
  USERID_MAX_BYTES: 64,
  TAG_NAME_MAX: 32,
  TAGS_PER_CORP_MAX: 3000,
  TAG_USERS_PER_CALL_MAX: 1000,
  TAG_PARTIES_PER_CALL_MAX: 100,
  USER_LIST_ID_LIMIT_MAX: 10000,
  ACCESS_TOKEN_TTL_S: 7200,
} as const;

/** Frequency limits and quotas (§2). Defaults follow the current docs; override for old corps. */
export interface RateLimits {
  /** Calls per corp per single API per minute. */
  perApiPerMinute: number;
  /** Calls per corp per single API per hour. */
  perApiPerHour: number;
  /** appchat/create per corp per day (disputed: 1000 vs 500). */
  chatCreatesPerDay: number;
  /** appchat/update per corp per hour (disputed: 1000 vs 100). */
  chatUpdatesPerHour: number;
  /** webhook/send per robot per minute. */
  robotMessagesPerMinute: number;
  /** gettoken per secret per minute: calling it too often is itself limited. */
  tokenPerMinute: number;
}

export const DEFAULT_RATE_LIMITS: Readonly<RateLimits> = {
  perApiPerMinute: 10000,
  perApiPerHour: 150000,
  chatCreatesPerDay: 1000,
  chatUpdatesPerHour: 1000,
  robotMessagesPerMinute: 20,
  tokenPerMinute: 600,
};

/** chatid: at most 32 characters of [0-9a-zA-Z]. */
export const CHAT_ID_PATTERN = /^[0-9a-zA-Z]{1,32}$/;
/** userid: 1..64 bytes of [0-9A-Za-z_-@.]; compared case-insensitively. */
export const USER_ID_PATTERN = /^[0-9A-Za-z_\-@.]{1,64}$/;

export function utf8Bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** Characters as WeCom counts them (code points, not UTF-16 units). */
export function charCount(s: string): number {
  return [...s].length;
}
