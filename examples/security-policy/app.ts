// The security-policy app: one stack `security` with the intercept rules and the baseline pack.

import { App, Aspects, TerraformStack } from '../../src/cdktf';
import { AnnotationsLogger, ConsoleLogger, PolicyLogger, WecomBaseline } from '../../src';
import { CorpSettings, DEFAULT_ORG, corpProvider, defaultOrgDirectory } from '../shared/org';
import { SecurityPolicy } from './security-policy';

export interface SecurityAppOptions extends CorpSettings {
  /** @default - [AnnotationsLogger, ConsoleLogger] */
  readonly loggers?: PolicyLogger[];
}

export function addSecurityStack(app: App, options: SecurityAppOptions = {}): TerraformStack {
  const stack = new TerraformStack(app, 'security');
  corpProvider(stack, options);
  new SecurityPolicy(stack, 'policy', { officer: DEFAULT_ORG.users.zhangsan });
  Aspects.of(stack).add(new WecomBaseline({
    ...defaultOrgDirectory(),
    ownerDepartments: [DEFAULT_ORG.departments.tech],
    unknownOwner: 'non-compliant',
    loggers: options.loggers ?? [new AnnotationsLogger(), new ConsoleLogger()],
  }));
  return stack;
}
