// data wecom_customer_groups: customer groups (with external WeChat users), which people create
// and the API only lists (externalcontact/groupchat/list and get, §6).

import { LIMITS } from '../wecom/limits';
import { USER_ID } from './common';
import { DataSourceSchema, ID_ATTRIBUTE, listOf, unorderedListOf } from './types';

/** status_filter values of groupchat/list. */
export const CUSTOMER_GROUP_STATUS = { normal: 0, ownerResigned: 1, inheriting: 2, inherited: 3 } as const;

export const customerGroupsDataSchema: DataSourceSchema = {
  kind: 'data',
  name: 'wecom_customer_groups',
  version: 0,
  description: 'Lists customer groups, optionally only those of some owners, with their names.',
  attributes: {
    id: ID_ATTRIBUTE,
    owners: {
      type: unorderedListOf('string'), optional: true, caseInsensitive: true, constraints: USER_ID,
      description: 'Only groups owned by these userids.',
      items: { max: LIMITS.GROUPCHAT_OWNER_FILTER_MAX, id: 'WECOM_CUSTOMER_GROUPS_FILTER', noun: 'owners' },
    },
    status: {
      type: 'number', optional: true, default: CUSTOMER_GROUP_STATUS.normal,
      description: '0 normal, 1 owner resigned, 2 inheritance in progress, 3 inherited.',
      constraints: { oneOf: { values: Object.values(CUSTOMER_GROUP_STATUS), id: 'WECOM_CUSTOMER_GROUPS_FILTER' } },
    },
    chat_ids: { type: listOf('string'), computed: true, description: 'Chat ids of the groups found, in WeCom\'s order.' },
    groups: {
      type: { nesting: 'list', attributes: {
        chat_id: { type: 'string', computed: true, description: 'Chat id.' },
        name: { type: 'string', computed: true, description: 'Group name.' },
        owner: { type: 'string', computed: true, description: 'Userid of the owner.' },
        status: { type: 'number', computed: true, description: 'Status, as in status.' },
      } },
      computed: true, description: 'The groups found, in the order of chat_ids.',
    },
  },
};
