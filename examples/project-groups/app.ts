// The project-groups app: one stack per project, each with its groups and the baseline pack.

import { App, Aspects, TerraformStack } from '../../src/cdktf';
import { ConsoleLogger, AnnotationsLogger, PolicyLogger, WecomBaseline } from '../../src';
import { CorpSettings, DEFAULT_ORG, corpProvider, defaultOrgDirectory } from '../shared/org';
import { SECURITY_COVERED_DEPARTMENTS } from '../security-policy/security-policy';
import { ProjectGroups } from './project-groups';

/** Projects deployed when WECOM_PROJECTS is not set. */
export const DEFAULT_PROJECTS = ['demo-shop'];

/** Project slugs: `项目` of the `项目-用途` convention, so the slug itself may contain hyphens. */
export const PROJECT_NAMING_PATTERN = '^[a-z0-9]+(?:-[a-z0-9]+)*-[^-]+$';

/** `WECOM_PROJECTS=payments,search` -> ['payments', 'search']. */
export function projectsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  const list = (env.WECOM_PROJECTS ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  return list.length ? list : DEFAULT_PROJECTS;
}

export interface ProjectAppOptions extends CorpSettings {
  readonly projects: readonly string[];
  /** @default - [AnnotationsLogger, ConsoleLogger] */
  readonly loggers?: PolicyLogger[];
}

/** Adds one stack per project to `app`. */
export function addProjectStacks(app: App, options: ProjectAppOptions): TerraformStack[] {
  const { users, departments, customerGroups } = DEFAULT_ORG;
  return options.projects.map((project) => {
    const stack = new TerraformStack(app, project);
    corpProvider(stack, options);
    new ProjectGroups(stack, 'groups', {
      project,
      owner: users.zhangsan,
      engineers: [users.lisi, users.wangwu, users.zhaoliu],
      engineeringDepartments: [departments.qa],
      ops: [users.lisi, users.sunqi],
      customerGroupChatIds: [customerGroups[0], customerGroups[1]],
    });
    Aspects.of(stack).add(new WecomBaseline({
      ...defaultOrgDirectory(),
      namingPattern: PROJECT_NAMING_PATTERN,
      ownerDepartments: [departments.tech, departments.ops],
      coveredDepartments: SECURITY_COVERED_DEPARTMENTS,
      loggers: options.loggers ?? [new AnnotationsLogger(), new ConsoleLogger()],
    }));
    return stack;
  });
}
