import { PlanError } from '../../../src/engine/resources';
import { customerGroupsDataHandler } from '../../../src/engine/resources/data-customer-groups';
import { departmentDataHandler } from '../../../src/engine/resources/data-department';
import { userDataHandler } from '../../../src/engine/resources/data-user';
import { DEFAULT_ORG } from '../../../src/simulator';
import { D, Env, expectSchemaShape, startEnv, U } from './helpers';

describe('data sources', () => {
  let env: Env;
  beforeAll(async () => { env = await startEnv(); });
  afterAll(async () => { await env.close(); });

  describe('wecom_department', () => {
    const ctx = () => env.ctx('data.wecom_department.backend');

    test('by id', async () => {
      const d = await departmentDataHandler.read(ctx(), { department_id: D.backend });
      expectSchemaShape(departmentDataHandler, d);
      expect(d).toEqual({ id: '3', department_id: 3, name: '后端组', parent_id: 2, name_path: '技术部/后端组' });
    });

    test('by name path, with or without the root name; the given path is kept', async () => {
      expect(await departmentDataHandler.read(ctx(), { name_path: '技术部/后端组/支付后端' })).toMatchObject({ department_id: 4, name: '支付后端', parent_id: 3, name_path: '技术部/后端组/支付后端' });
      expect(await departmentDataHandler.read(ctx(), { name_path: '模拟科技/客服部' })).toMatchObject({ department_id: D.service, name_path: '模拟科技/客服部' });
    });

    test('the root by id', async () => {
      expect(await departmentDataHandler.read(ctx(), { department_id: 1 })).toMatchObject({ department_id: 1, parent_id: 0, name_path: '模拟科技' });
    });

    test('not found, or not exactly one lookup: PlanError naming it', async () => {
      const e1 = await departmentDataHandler.read(ctx(), { department_id: 999 }).catch((e) => e);
      expect(e1).toBeInstanceOf(PlanError);
      expect([e1.field, e1.message.includes('999')]).toEqual(['department_id', true]);
      const e2 = await departmentDataHandler.read(ctx(), { name_path: '技术部/不存在' }).catch((e) => e);
      expect([e2.field, e2.message.includes('技术部/不存在')]).toEqual(['name_path', true]);
      const e3 = await departmentDataHandler.read(ctx(), { department_id: 3, name_path: '技术部' }).catch((e) => e);
      expect(e3).toBeInstanceOf(PlanError);
      const e4 = await departmentDataHandler.read(ctx(), {}).catch((e) => e);
      expect(e4).toBeInstanceOf(PlanError);
    });
  });

  describe('wecom_user', () => {
    const ctx = () => env.ctx('data.wecom_user.owner');

    test('found, with status; userid kept as configured, id in WeCom spelling', async () => {
      const u = await userDataHandler.read(ctx(), { userid: 'hanmeimei' });
      expectSchemaShape(userDataHandler, u);
      expect(u).toEqual({ id: 'HanMeimei', userid: 'hanmeimei', name: '韩梅梅', status: 1, departments: [13, 14] });
      expect((await userDataHandler.read(ctx(), { userid: U.left })).status).toBe(5);
    });

    test('not found: PlanError naming the userid', async () => {
      const err = await userDataHandler.read(ctx(), { userid: 'nobody' }).catch((e) => e);
      expect(err).toBeInstanceOf(PlanError);
      expect([err.field, err.message.includes('nobody')]).toEqual(['userid', true]);
    });
  });

  describe('wecom_customer_groups', () => {
    const ctx = () => env.ctx('data.wecom_customer_groups.vip');

    test('all groups, paged through, with names and owners', async () => {
      const r = await customerGroupsDataHandler.read(ctx(), {});
      expectSchemaShape(customerGroupsDataHandler, r);
      expect(r.chat_ids).toEqual([...DEFAULT_ORG.customerGroups]);
      expect((r.groups as unknown[])[0]).toEqual({ chat_id: DEFAULT_ORG.customerGroups[0], name: 'VIP客户1群', owner: 'zhouba', status: 0 });
      expect(r.status).toBe(0);
    });

    test('follows next_cursor through every page', async () => {
      const list = env.client.customerGroups.list.bind(env.client.customerGroups);
      const spy = jest.spyOn(env.client.customerGroups, 'list').mockImplementation((req) => list({ ...req, limit: 3 }));
      try {
        const r = await customerGroupsDataHandler.read(ctx(), {});
        expect(r.chat_ids).toEqual([...DEFAULT_ORG.customerGroups]);
        expect(spy).toHaveBeenCalledTimes(4);
      } finally {
        spy.mockRestore();
      }
    });

    test('filtered by owners (case-insensitive) and by status', async () => {
      const r = await customerGroupsDataHandler.read(ctx(), { owners: ['ZHOUBA'] });
      expect(r.chat_ids).toEqual(DEFAULT_ORG.customerGroups.slice(0, 3));
      expect((r.groups as Array<{ owner: string }>).every((g) => g.owner === 'zhouba')).toBe(true);
      const resigned = await customerGroupsDataHandler.read(ctx(), { status: 1 });
      expect(resigned.chat_ids).toEqual(DEFAULT_ORG.customerGroups.slice(7, 9)); // owner qianyi left
      expect(resigned.id).not.toBe(r.id);
    });

    test('an unknown owner: PlanError naming it', async () => {
      const err = await customerGroupsDataHandler.read(ctx(), { owners: [U.zhouba, 'ghost'] }).catch((e) => e);
      expect(err).toBeInstanceOf(PlanError);
      expect([err.field, err.message.includes('ghost')]).toEqual(['owners', true]);
    });
  });
});
