// data wecom_department: a department found by id or by name path such as "技术部/后端" (§7).

import { DEPARTMENT_ID } from './common';
import { DataSourceSchema, ID_ATTRIBUTE } from './types';

/** Name path separator: "技术部/后端" is 后端 under 技术部 under the root department. */
export const NAME_PATH_SEPARATOR = '/';

export const departmentDataSchema: DataSourceSchema = {
  kind: 'data',
  name: 'wecom_department',
  version: 0,
  description: 'Looks up a department by id or by name path from the root. Exactly one of department_id and name_path.',
  attributes: {
    id: ID_ATTRIBUTE,
    department_id: {
      type: 'number', optional: true, computed: true, description: 'Department id (the root is 1).',
      constraints: DEPARTMENT_ID,
    },
    name_path: {
      type: 'string', optional: true, computed: true,
      description: 'Names from below the root down to the department, joined by "/", e.g. "技术部/后端".',
      constraints: { pattern: { regex: /^[^/]+(\/[^/]+)*$/, allowed: 'non-empty names joined by "/"', id: 'WECOM_DEPARTMENT_LOOKUP' } },
    },
    name: { type: 'string', computed: true, description: 'Department name.' },
    parent_id: { type: 'number', computed: true, description: 'Id of the parent department (0 for the root).' },
  },
};
