// data wecom_user: a member of the directory by userid (user/get, §7).

import { USER_ID } from './common';
import { DataSourceSchema, ID_ATTRIBUTE, listOf } from './types';

export const userDataSchema: DataSourceSchema = {
  kind: 'data',
  name: 'wecom_user',
  version: 0,
  description: 'Looks up a member by userid; fails when the userid does not exist (60111, 46004).',
  attributes: {
    id: ID_ATTRIBUTE,
    userid: {
      type: 'string', required: true, caseInsensitive: true, description: 'The userid.',
      constraints: USER_ID,
    },
    name: { type: 'string', computed: true, description: 'Display name.' },
    status: { type: 'number', computed: true, description: '1 active, 2 disabled, 4 not activated, 5 left the company.' },
    departments: { type: listOf('number'), computed: true, description: 'Ids of the departments the member belongs to.' },
  },
};
