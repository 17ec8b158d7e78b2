// What the stacks know about the corp. These values are the simulator's default org (`npx
// cdktf-wecom simulator`), so the repository plans and applies against it as is: replace them
// with your corp's userids and department ids (WeCom admin console, or department/simplelist).

/** The corp: WECOM_CORP_ID, else the simulator's. */
export const CORP_ID = process.env.WECOM_CORP_ID || 'wwsimcorp0001';

/** The API: WECOM_API_BASE (the simulator's URL), else WeCom's official one. */
export const API_BASE = process.env.WECOM_API_BASE || undefined;

export const USERS = {
  zhangsan: 'zhangsan',
  lisi: 'lisi',
  wangwu: 'wangwu',
  zhaoliu: 'zhaoliu',
  sunqi: 'sunqi',
  zhengshi: 'zhengshi',
} as const;

export const DEPARTMENTS = { tech: 2, qa: 9, ops: 12, service: 16, marketing: 22, sales: 25 } as const;

/**
 * Parent of each department the stacks name below the top level (child -> parent), so policy
 * checks know 测试组 (qa) sits in 技术部 (tech): a rule covering tech covers it.
 */
export const DEPARTMENT_PARENTS: Record<number, number> = { [DEPARTMENTS.qa]: DEPARTMENTS.tech };

/** Existing customer groups (客户群) behind each project's customer-service join way. */
export const CUSTOMER_GROUPS = ['wrSimCustomerGroup01', 'wrSimCustomerGroup02'];
