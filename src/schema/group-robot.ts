// wecom_group_robot: a robot a person added to a chat (webhook/*, wecom-api.md §4). The API cannot
// create, list or read robots; the resource records that the robot exists so plans can show
// "robots added", and names the env var holding its webhook key. The key is never an attribute.

import { ID_ATTRIBUTE, ResourceSchema } from './types';
import { CHAT_ID_CONSTRAINTS } from './app-chat';

export const groupRobotSchema: ResourceSchema = {
  kind: 'resource',
  name: 'wecom_group_robot',
  version: 0,
  description: 'A group robot created by a person in a chat. Nothing is called on create or destroy; messages are posted by announcements.',
  attributes: {
    id: ID_ATTRIBUTE,
    webhook_key_env: {
      type: 'string', required: true,
      description: 'NAME of the environment variable that holds the webhook key at apply time. Whoever holds the key can post to the chat, so it never enters configuration or state.',
      constraints: { envVarName: { id: 'WECOM_ENV_NAME', secretId: 'WECOM_SECRET_IN_CONFIG' } },
    },
    chat_id: {
      type: 'string', optional: true, forceNew: true,
      description: 'The chat the robot was added to, when known (documentation and policy only; the key decides).',
      constraints: CHAT_ID_CONSTRAINTS,
    },
    name: { type: 'string', optional: true, description: 'Display name of the robot, for plans and docs.' },
  },
};
