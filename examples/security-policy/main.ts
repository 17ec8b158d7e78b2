// cdktf app for the company-wide security policy:
//
//   npx ts-node --transpile-only examples/security-policy/main.ts
//
// Provider settings as in examples/project-groups/main.ts; the robot key is read from
// WECOM_ROBOT_SECURITY_KEY at apply time.

import { App } from '../../src/cdktf';
import { corpFromEnv } from '../shared/org';
import { addSecurityStack } from './app';

const app = new App();
addSecurityStack(app, corpFromEnv());
app.synth();
