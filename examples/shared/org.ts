// What the examples know about the org: the simulator's default org (src/simulator/default-org.ts),
// so every example applies against `cdktf-wecom simulator` as is. A real corp would export the
// same two maps from its directory (user/list_id and department/simplelist).

import { Construct } from 'constructs';
import { OrgDirectoryProps, WecomProvider } from '../../src';
import { DEFAULT_ORG, buildDefaultOrg } from '../../src/simulator/default-org';

export { DEFAULT_ORG };

/** Userid -> departments and department -> parent of the default org, for the policy pack. */
export function defaultOrgDirectory(): Required<OrgDirectoryProps> {
  const seed = buildDefaultOrg();
  const userDepartments: Record<string, number[]> = {};
  for (const u of seed.users) userDepartments[u.userid] = [...u.department];
  const departmentParents: Record<number, number> = {};
  for (const d of seed.departments) if (d.parentid) departmentParents[d.id] = d.parentid;
  return { userDepartments, departmentParents };
}

export interface CorpSettings {
  /** @default - env WECOM_CORP_ID, else the simulator's corp `wwsimcorp0001` */
  readonly corpId?: string;
  /** @default - env WECOM_API_BASE, else the official API */
  readonly apiBase?: string;
}

/** Corp settings from the environment (what main.ts files use). */
export function corpFromEnv(env: NodeJS.ProcessEnv = process.env): CorpSettings {
  return { corpId: env.WECOM_CORP_ID || DEFAULT_ORG.corpId, apiBase: env.WECOM_API_BASE || undefined };
}

/** The stack's wecom provider; the app secret is read from env WECOM_CORP_SECRET at apply time. */
export function corpProvider(scope: Construct, corp: CorpSettings = {}): WecomProvider {
  return new WecomProvider(scope, 'wecom', {
    corpId: corp.corpId ?? DEFAULT_ORG.corpId,
    corpSecretEnv: 'WECOM_CORP_SECRET',
    apiBase: corp.apiBase,
  });
}
