// Directory reads: departments and users (wecom-api.md §7). All idempotent reads.
// Resolving departments to people: `users.listIds` pages through every user-department pair
// (10,000 a call) but only the contacts-sync secret may call it; an app secret must call
// `users.simpleList` per department and recurse (`users.inDepartmentTree`).

import { ENDPOINTS } from '../../wecom/endpoints';
import { LIMITS } from '../../wecom/limits';
import {
  Department, DepartmentGetResponse, DepartmentListResponse, DepartmentSimpleListResponse, User, UserGetResponse,
  UserListIdRequest, UserListIdResponse, UserSimpleListResponse,
} from '../../wecom/types';
import { Caller } from '../caller';
import { Check } from '../validate';
import { pages } from './shared';

export type DepartmentRef = DepartmentSimpleListResponse['department_id'][number];
export type SimpleUser = UserSimpleListResponse['userlist'][number];
export type DeptUser = UserListIdResponse['dept_user'][number];

export class Departments {
  constructor(private readonly c: Caller) {}

  /** Full records of a subtree (slow on big corps; prefer simpleList + get). */
  async list(id?: number): Promise<Department[]> {
    const r = await this.c.call<DepartmentListResponse>(ENDPOINTS.departmentList, { query: { id } });
    return r.data.department ?? [];
  }

  async simpleList(id?: number): Promise<DepartmentRef[]> {
    const r = await this.c.call<DepartmentSimpleListResponse>(ENDPOINTS.departmentSimpleList, { query: { id } });
    return r.data.department_id ?? [];
  }

  async get(id: number): Promise<Department> {
    new Check(ENDPOINTS.departmentGet.path).positiveInt('id', id);
    const r = await this.c.call<DepartmentGetResponse>(ENDPOINTS.departmentGet, { query: { id } });
    return r.data.department;
  }
}

export class Users {
  constructor(private readonly c: Caller, private readonly departments: Departments) {}

  async get(userid: string): Promise<User> {
    new Check(ENDPOINTS.userGet.path).nonEmpty('userid', userid).userIds('userid', [userid]);
    const r = await this.c.call<UserGetResponse>(ENDPOINTS.userGet, { query: { userid } });
    const { errcode: _e, errmsg: _m, ...user } = r.data;
    return user;
  }

  /** Direct members of one department (fetch_child is deprecated: see inDepartmentTree). */
  async simpleList(departmentId: number): Promise<SimpleUser[]> {
    new Check(ENDPOINTS.userSimpleList.path).positiveInt('department_id', departmentId);
    const r = await this.c.call<UserSimpleListResponse>(ENDPOINTS.userSimpleList, { query: { department_id: departmentId } });
    return r.data.userlist ?? [];
  }

  /** Members of a department and all its descendants, each user once. One call per department. */
  async inDepartmentTree(departmentId: number): Promise<SimpleUser[]> {
    const tree = await this.departments.simpleList(departmentId);
    const ids = new Set([departmentId, ...tree.map((d) => d.id)]);
    const byId = new Map<string, SimpleUser>();
    for (const id of ids) for (const u of await this.simpleList(id)) byId.set(u.userid.toLowerCase(), u);
    return [...byId.values()];
  }

  /** One page of user-department pairs (contacts-sync secret only). */
  async listIds(req: UserListIdRequest = {}): Promise<UserListIdResponse> {
    const limit = req.limit ?? LIMITS.USER_LIST_ID_LIMIT_MAX;
    new Check(ENDPOINTS.userListId.path).that(Number.isInteger(limit) && limit >= 1 && limit <= LIMITS.USER_LIST_ID_LIMIT_MAX,
      `limit is ${limit}; WeCom allows 1..${LIMITS.USER_LIST_ID_LIMIT_MAX}`);
    const r = await this.c.call<UserListIdResponse>(ENDPOINTS.userListId, { json: { ...req, limit } });
    return { ...r.data, dept_user: r.data.dept_user ?? [], next_cursor: r.data.next_cursor ?? '' };
  }

  /** Every user-department pair, across all pages. */
  async *listAllIds(pageSize: number = LIMITS.USER_LIST_ID_LIMIT_MAX): AsyncGenerator<DeptUser> {
    for await (const page of pages((cursor) => this.listIds({ cursor, limit: pageSize }))) yield* page.dept_user;
  }
}
