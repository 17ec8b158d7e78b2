// cdktf app (cdktf.json "app"): one stack per project in WECOM_PROJECTS (default `demo-shop`).
//
//   WECOM_PROJECTS=payments,search npx ts-node --transpile-only examples/project-groups/main.ts
//
// Provider: WECOM_CORP_ID (default the simulator's wwsimcorp0001), WECOM_API_BASE (default the
// official API); the secret is read from WECOM_CORP_SECRET at apply time, robot keys from
// WECOM_ROBOT_OPS_KEY. Output: cdktf.out/stacks/<project>/cdk.tf.json and policy-report.json.

import { App } from '../../src/cdktf';
import { corpFromEnv } from '../shared/org';
import { addProjectStacks, projectsFromEnv } from './app';

const app = new App();
addProjectStacks(app, { ...corpFromEnv(), projects: projectsFromEnv() });
app.synth();
