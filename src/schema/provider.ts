// Provider `wecom`: which corp, where its secret lives (an env var NAME, never the secret), which
// API base, and overrides for the limits WeCom's docs disagree on (wecom-api.md §2, §8).

import { DEFAULT_RATE_LIMITS, LIMITS } from '../wecom/limits';
import { AttributeSchema, ProviderSchema } from './types';

const envName = { envVarName: { id: 'WECOM_ENV_NAME', secretId: 'WECOM_SECRET_IN_CONFIG' } } as const;
const perPeriod = (description: string, dflt: number): AttributeSchema => ({
  type: 'number', optional: true, default: dflt, description,
  constraints: { range: { min: 1, integer: true, id: 'WECOM_RATE_LIMIT' } },
});

export const DEFAULT_API_BASE = 'https://qyapi.weixin.qq.com/cgi-bin/';
export const DEFAULT_CORP_SECRET_ENV = 'WECOM_CORP_SECRET';

export const providerSchema: ProviderSchema = {
  kind: 'provider',
  name: 'wecom',
  version: 0,
  description: 'WeCom (企业微信) group topology: app chats, robots, intercept rules, join ways, welcome templates and tags of one corp.',
  attributes: {
    corp_id: {
      type: 'string', required: true,
      description: 'The corp id (企业ID), as shown in the admin console.',
      constraints: { pattern: { regex: /^[0-9A-Za-z]{1,64}$/, allowed: 'letters and digits', id: 'WECOM_CORP_ID' } },
    },
    corp_secret_env: {
      type: 'string', optional: true, default: DEFAULT_CORP_SECRET_ENV,
      description: 'NAME of the environment variable holding the app secret. The secret itself never appears in configuration or state.',
      constraints: envName,
    },
    contacts_secret_env: {
      type: 'string', optional: true,
      description: 'NAME of the environment variable holding the contacts-sync (通讯录同步) secret. When set, departments are resolved with user/list_id (about 10 calls for 100,000 people) instead of one user/simplelist call per department.',
      constraints: envName,
    },
    api_base: {
      type: 'string', optional: true, default: DEFAULT_API_BASE,
      description: 'Base URL of the WeCom server API; point it at the simulator in tests.',
      constraints: { pattern: { regex: /^https?:\/\/[^\s?#]+$/, allowed: 'an http(s) URL without query string', id: 'WECOM_API_BASE' } },
    },
    chat_creates_per_day: perPeriod(`appchat/create calls allowed per corp per day (docs disagree: ${DEFAULT_RATE_LIMITS.chatCreatesPerDay} or 500).`, DEFAULT_RATE_LIMITS.chatCreatesPerDay),
    chat_updates_per_hour: perPeriod(`appchat/update calls allowed per corp per hour (docs disagree: ${DEFAULT_RATE_LIMITS.chatUpdatesPerHour} or 100).`, DEFAULT_RATE_LIMITS.chatUpdatesPerHour),
    robot_messages_per_minute: perPeriod('Messages one group robot may post per minute.', DEFAULT_RATE_LIMITS.robotMessagesPerMinute),
    max_chat_members: {
      type: 'number', optional: true, default: LIMITS.CHAT_MEMBERS_MAX,
      description: `Largest app chat the corp allows (docs disagree: ${LIMITS.CHAT_MEMBERS_MAX} or 500). Constructs in the same stack validate against it.`,
      constraints: { range: { min: LIMITS.CHAT_MEMBERS_MIN, max: LIMITS.CHAT_MEMBERS_MAX, integer: true, id: 'WECOM_RATE_LIMIT' } },
    },
  },
};
