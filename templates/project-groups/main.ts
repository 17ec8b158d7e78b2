// cdktf app (cdktf.json "app"): one stack per project in projects.json, plus the company-wide
// `security` stack. `npx cdktf-wecom plan` plans all of them in one run (--stack narrows it).
//
// Corp and API: org.ts (WECOM_CORP_ID, WECOM_API_BASE); the app secret is read from
// WECOM_CORP_SECRET when planning and applying, robot keys from WECOM_ROBOT_OPS_KEY and
// WECOM_ROBOT_SECURITY_KEY when announcing: none of them is written to cdktf.out.
// State: in PostgreSQL when PG_CONN_STR is set (what CI does, a schema per stack), else local
// files terraform.<stack>.tfstate next to this file.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Aspects, PgBackend, TerraformStack } from 'cdktf';
import { WecomBaseline, WecomProvider } from 'cdktf-wecom';
import { API_BASE, CORP_ID, CUSTOMER_GROUPS, DEPARTMENT_PARENTS, DEPARTMENTS, USERS } from './org';
import { ProjectGroups } from './project-groups';
import { COVERED_DEPARTMENTS, SecurityPolicy } from './security';

/** Project slugs: `项目` of the `项目-用途` chat naming convention. */
const NAMING_PATTERN = '^[a-z0-9]+(?:-[a-z0-9]+)*-[^-]+$';

function readProjects(): string[] {
  const file = path.join(__dirname, 'projects.json');
  const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as { projects?: unknown };
  if (!Array.isArray(doc.projects) || !doc.projects.every((p) => typeof p === 'string' && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(p))) {
    throw new Error(`${file}: "projects" must be a list of slugs like "payments" (lowercase letters, digits, hyphens)`);
  }
  return doc.projects as string[];
}

function corpStack(app: App, name: string): TerraformStack {
  const stack = new TerraformStack(app, name);
  new WecomProvider(stack, 'wecom', { corpId: CORP_ID, corpSecretEnv: 'WECOM_CORP_SECRET', apiBase: API_BASE });
  return stack;
}

const app = new App();
const stacks: TerraformStack[] = [];

for (const project of readProjects()) {
  const stack = corpStack(app, project);
  new ProjectGroups(stack, 'groups', {
    project,
    owner: USERS.zhangsan,
    engineers: [USERS.lisi, USERS.wangwu, USERS.zhaoliu],
    engineeringDepartments: [DEPARTMENTS.qa],
    ops: [USERS.lisi, USERS.sunqi],
    robotKeyEnv: 'WECOM_ROBOT_OPS_KEY',
    customerGroupChatIds: CUSTOMER_GROUPS,
  });
  Aspects.of(stack).add(new WecomBaseline({
    namingPattern: NAMING_PATTERN,
    ownerDepartments: [DEPARTMENTS.tech, DEPARTMENTS.ops],
    coveredDepartments: COVERED_DEPARTMENTS,
    departmentParents: DEPARTMENT_PARENTS,
  }));
  stacks.push(stack);
}

const security = corpStack(app, 'security');
new SecurityPolicy(security, 'policy', { officer: USERS.zhangsan, robotKeyEnv: 'WECOM_ROBOT_SECURITY_KEY' });
Aspects.of(security).add(new WecomBaseline({ ownerDepartments: [DEPARTMENTS.tech] }));
stacks.push(security);

// Team state: a schema per stack, as Terraform's pg backend keeps it. conn_str stays out of the
// synthesized JSON on purpose (it carries a password): Terraform and cdktf-wecom both read it
// from PG_CONN_STR, which cdktf's typings do not know, hence the cast.
if (process.env.PG_CONN_STR) {
  for (const s of stacks) {
    new PgBackend(s, { schemaName: `wecom_${s.node.id.replace(/[^a-z0-9_]/gi, '_')}` } as unknown as ConstructorParameters<typeof PgBackend>[1]);
  }
}

app.synth();
