// data wecom_department (wecom-api.md §7): a department by id or by name path ("技术部/后端"),
// from the directory's one cached department/list per run.
import { departmentDataSchema } from '../../schema';
import type { Department } from '../../wecom/types';
import { DataSourceHandler, PlanError } from './types';

export const departmentDataHandler: DataSourceHandler = {
  type: 'wecom_department',
  schema: departmentDataSchema,

  async read(ctx, config) {
    const byId = config.department_id !== null && config.department_id !== undefined;
    const byPath = config.name_path !== null && config.name_path !== undefined && config.name_path !== '';
    if (byId === byPath) throw new PlanError(ctx.address, 'department_id', 'give exactly one of department_id and name_path');
    let dept: Department | undefined;
    if (byId) {
      dept = await ctx.directory.department(Number(config.department_id));
      if (!dept) throw new PlanError(ctx.address, 'department_id', `department ${config.department_id} not found in the directory (or not visible to this app)`);
    } else {
      dept = await ctx.directory.departmentByPath(String(config.name_path));
      if (!dept) throw new PlanError(ctx.address, 'name_path', `no department at name path '${config.name_path}' (names from below the root, joined by "/")`);
    }
    // A given name_path is kept as written (it may start with the root's name); else the canonical one.
    const path = byPath ? String(config.name_path) : ((await ctx.directory.namePath(dept.id)) || dept.name);
    return { id: String(dept.id), department_id: dept.id, name_path: path, name: dept.name, parent_id: dept.parentid };
  },
};
