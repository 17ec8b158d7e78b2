// Directory reads (§7): departments and users. Users who left the company (status 5) are
// answered by user/get but no longer listed as department members (simplelist, list_id).
// user/simplelist returns DIRECT members only; the deprecated fetch_child flag is ignored.
import { ENDPOINTS, LIMITS } from '../../wecom';
import { f } from '../check';
import { fail } from '../errors';
import type { DeptRec, UserRec } from '../model';
import { decodeCursor, encodeCursor } from './cursor';
import { queryInt, queryParam } from './route';
import type { Ctx, Route } from './route';

function deptView(d: DeptRec): Record<string, unknown> {
  return { id: d.id, name: d.name, ...(d.name_en ? { name_en: d.name_en } : {}), parentid: d.parentid, order: d.order, department_leader: [...d.department_leader] };
}

/** The department `?id=` and its descendants, or every department when id is absent. */
function subtree(ctx: Ctx): DeptRec[] {
  const { store } = ctx.sim;
  if (!ctx.query.get('id')) return store.rootDepts().flatMap((id) => store.deptTree(id));
  const id = queryInt(ctx, 'id');
  if (!store.dept(id)) fail(60003);
  return store.deptTree(id);
}

function userView(u: UserRec): Record<string, unknown> {
  return { userid: u.userid, name: u.name, department: [...u.department], main_department: u.main_department, status: u.status };
}

const listed = (u: UserRec): boolean => u.status !== 5;

function listId(ctx: Ctx): Record<string, unknown> {
  const { sim } = ctx;
  const b = ctx.body as { cursor?: string; limit?: number };
  const limit = b.limit ?? LIMITS.USER_LIST_ID_LIMIT_MAX;
  if (limit < 1 || limit > LIMITS.USER_LIST_ID_LIMIT_MAX) fail(40058, `invalid parameter: limit must be 1..${LIMITS.USER_LIST_ID_LIMIT_MAX}`);
  const rows = sim.store.listedPairs();
  const start = decodeCursor(b.cursor);
  const next = start + limit < rows.length ? encodeCursor(start + limit) : '';
  return { next_cursor: next, dept_user: rows.slice(start, start + limit) };
}

export const directoryRoutes: Route[] = [
  { endpoint: ENDPOINTS.departmentList, handle: (ctx) => ({ department: subtree(ctx).map(deptView) }) },
  {
    endpoint: ENDPOINTS.departmentSimpleList,
    handle: (ctx) => ({ department_id: subtree(ctx).map((d) => ({ id: d.id, parentid: d.parentid, order: d.order })) }),
  },
  {
    endpoint: ENDPOINTS.departmentGet,
    handle(ctx) {
      const d = ctx.sim.store.dept(queryInt(ctx, 'id'));
      if (!d) fail(60003);
      return { department: deptView(d) };
    },
  },
  {
    // Unknown userids answer 60111 (userid not found), not 46004.
    endpoint: ENDPOINTS.userGet,
    handle(ctx) {
      const u = ctx.sim.store.user(queryParam(ctx, 'userid'));
      if (!u) fail(60111);
      return userView(u);
    },
  },
  {
    endpoint: ENDPOINTS.userSimpleList,
    handle(ctx) {
      const id = queryInt(ctx, 'department_id');
      if (!ctx.sim.store.dept(id)) fail(60003);
      const users = ctx.sim.store.directMembers(id).filter(listed);
      return { userlist: users.map((u) => ({ userid: u.userid, name: u.name, department: [...u.department] })) };
    },
  },
  { endpoint: ENDPOINTS.userListId, area: 'contactSync', fields: { cursor: f.str(), limit: f.int() }, handle: listId },
];
