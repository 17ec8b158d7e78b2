// wecom_tag: a directory tag (tag/*, wecom-api.md §7). Only the creating app may change it (81011).

import { LIMITS } from '../wecom/limits';
import { TAG_ID, departmentIds, userIds } from './common';
import { ID_ATTRIBUTE, ResourceSchema } from './types';

export const tagSchema: ResourceSchema = {
  kind: 'resource',
  name: 'wecom_tag',
  version: 1,
  description: 'A tag grouping users and departments; app chats can draw members from it.',
  attributes: {
    id: ID_ATTRIBUTE,
    tag_name: {
      type: 'string', required: true, description: 'Tag name, unique in the corp (40071).',
      constraints: { length: { min: 1, max: LIMITS.TAG_NAME_MAX, unit: 'chars', id: 'WECOM_TAG_NAME' } },
    },
    users: userIds('Userids carrying the tag.', { review: 'members' }),
    departments: departmentIds('Department ids carrying the tag.', { review: 'departments' }),
    tag_id: {
      type: 'number', optional: true, computed: true, forceNew: true,
      description: 'Tag id; chosen by WeCom unless given.',
      constraints: TAG_ID,
    },
  },
};
