import { Testing, Token } from '../../src/cdktf';
import { CustomerGroups, Department, User } from '../../src/constructs';
import { DataWecomCustomerGroups, DataWecomDepartment, DataWecomUser } from '../../generated';
import { LIMITS } from '../../src/wecom/limits';
import { errors, errorsWithId, newStack } from './helpers';

describe('Department.fromPath / Department.fromId', () => {
  test('by path: a wecom_department data source; departmentId is a reference', () => {
    const stack = newStack();
    const d = Department.fromPath(stack, 'backend', '技术部/后端');
    expect(errors(stack)).toEqual([]);
    expect(d.namePath).toBe('技术部/后端');
    expect(Token.isUnresolved(d.departmentId)).toBe(true);
    expect(Testing.synth(stack, true)).toHaveDataSourceWithProperties(DataWecomDepartment, { name_path: '技术部/后端' });
  });

  test('by id: departmentId is the literal', () => {
    const stack = newStack();
    const d = Department.fromId(stack, 'root', 1);
    expect(d.departmentId).toBe(1);
    expect(Testing.synth(stack, true)).toHaveDataSourceWithProperties(DataWecomDepartment, { department_id: 1 });
  });

  test('malformed paths and ids', () => {
    const stack = newStack();
    Department.fromPath(stack, 'a', '/技术部');
    Department.fromPath(stack, 'b', '技术部//后端');
    Department.fromId(stack, 'c', 0);
    expect(errorsWithId(stack, 'WECOM_DEPARTMENT_LOOKUP')).toEqual([
      `Department 'proj/a': namePath "/技术部" does not match ^[^/]+(\\/[^/]+)*$; WeCom allows non-empty names joined by "/" (WECOM_DEPARTMENT_LOOKUP)`,
      `Department 'proj/b': namePath "技术部//后端" does not match ^[^/]+(\\/[^/]+)*$; WeCom allows non-empty names joined by "/" (WECOM_DEPARTMENT_LOOKUP)`,
    ]);
    expect(errorsWithId(stack, 'WECOM_DEPARTMENT_ID')).toHaveLength(1);
  });
});

describe('User.fromId', () => {
  test('a wecom_user data source; userId is a reference, literalUserId the input', () => {
    const stack = newStack();
    const u = User.fromId(stack, 'alice', 'alice.w@corp');
    expect(u.literalUserId).toBe('alice.w@corp');
    expect(Token.isUnresolved(u.userId)).toBe(true);
    expect(Token.isUnresolved(u.status)).toBe(true);
    expect(Testing.synth(stack, true)).toHaveDataSourceWithProperties(DataWecomUser, { userid: 'alice.w@corp' });
  });

  test('invalid userid', () => {
    const stack = newStack();
    User.fromId(stack, 'bad', 'a b');
    expect(errorsWithId(stack, 'WECOM_USER_ID')[0]).toContain(`User 'proj/bad': userId "a b" does not match`);
  });
});

describe('new CustomerGroups(scope, id, props)', () => {
  test('filters by owners and status', () => {
    const stack = newStack();
    const g = new CustomerGroups(stack, 'groups', { owners: ['alice', User.fromId(stack, 'bob', 'bob')], status: 'ownerResigned' });
    expect(errors(stack)).toEqual([]);
    expect(g.owners).toEqual(['alice', 'bob']);
    expect(Token.isUnresolved(g.chatIds)).toBe(true);
    expect(Testing.synth(stack, true)).toHaveDataSourceWithProperties(DataWecomCustomerGroups, { status: 1 });
    expect(new CustomerGroups(newStack(), 'all').status).toBe('normal');
  });

  test('at most 100 owners', () => {
    const stack = newStack();
    new CustomerGroups(stack, 'g', { owners: Array.from({ length: LIMITS.GROUPCHAT_OWNER_FILTER_MAX + 1 }, (_, i) => `u${i}`) });
    expect(errorsWithId(stack, 'WECOM_CUSTOMER_GROUPS_FILTER')).toEqual([
      `CustomerGroups 'proj/g': owners has ${LIMITS.GROUPCHAT_OWNER_FILTER_MAX + 1} owners; WeCom allows at most ${LIMITS.GROUPCHAT_OWNER_FILTER_MAX} owners (WECOM_CUSTOMER_GROUPS_FILTER)`,
    ]);
  });
});
