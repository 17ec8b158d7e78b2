// cdktf app (cdktf.json "app"): the team setup — one stack per project listed in
// examples/project-groups/projects.json (or WECOM_PROJECTS=payments,search), plus the company-wide
// `security` stack (examples/security-policy; WECOM_SECURITY_STACK=off leaves it out).
//
//   npx ts-node --transpile-only examples/project-groups/main.ts
//
// Provider: WECOM_CORP_ID (default the simulator's wwsimcorp0001), WECOM_API_BASE (default the
// official API); the secret is read from WECOM_CORP_SECRET at apply time, robot keys from
// WECOM_ROBOT_OPS_KEY / WECOM_ROBOT_SECURITY_KEY. State: in PostgreSQL when PG_CONN_STR is set
// (cdktf's PgBackend, as Terraform's pg backend keeps it; what the CI example does), else local
// files. Output: cdktf.out/stacks/<stack>/cdk.tf.json and policy-report.json.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, PgBackend, TerraformStack } from '../../src/cdktf';
import { addSecurityStack } from '../security-policy/app';
import { corpFromEnv } from '../shared/org';
import { addProjectStacks, projectsFromEnv } from './app';

/** WECOM_PROJECTS wins; else the projects file; else the default project. */
function projects(): string[] {
  if (process.env.WECOM_PROJECTS) return projectsFromEnv();
  const file = process.env.WECOM_PROJECTS_FILE ?? path.join(__dirname, 'projects.json');
  if (!fs.existsSync(file)) return projectsFromEnv();
  const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as { projects?: unknown };
  if (!Array.isArray(doc.projects) || !doc.projects.every((p) => typeof p === 'string')) throw new Error(`${file}: "projects" must be a list of project slugs`);
  return doc.projects;
}

const app = new App();
const stacks: TerraformStack[] = addProjectStacks(app, { ...corpFromEnv(), projects: projects() });
if (process.env.WECOM_SECURITY_STACK !== 'off') stacks.push(addSecurityStack(app, corpFromEnv()));
// Shared state for teams: a schema per stack (Terraform's pg backend keeps one `default` row per
// schema). conn_str is left out of the synthesized JSON on purpose: it carries a password, and
// Terraform and cdktf-wecom both read it from PG_CONN_STR. The corp ledger goes to one schema
// for all stacks (WECOM_LEDGER_SCHEMA, set in the CI example).
if (process.env.PG_CONN_STR) {
  for (const s of stacks) new PgBackend(s, { schemaName: `wecom_${s.node.id.replace(/[^a-z0-9_]/gi, '_')}` } as unknown as ConstructorParameters<typeof PgBackend>[1]);
}
app.synth();
