// WecomBaseline: the rules every WeCom group topology should follow. A list of rules built
// from one props object; `WecomBaseline.rules(props)` is what the docs table is generated from.

import { OrgDirectory, OrgDirectoryProps } from '../directory';
import { PolicyPack, PolicyPackProps } from '../pack';
import { Rule, RuleLevel } from '../rule';
import {
  ChatNamingRule, InterceptCoverageRule, MemberCeilingRule, NoMentionAllRule, OwnerDepartmentRule, RobotKeyFromEnvRule, UnknownOwner,
} from '../rules';

export interface WecomBaselineProps extends PolicyPackProps, OrgDirectoryProps {
  /**
   * Pattern app chat names must match (WECOM-BASE-001).
   * @default '^[^-]+-[^-]+$' (`部门-职能`, `项目-用途`)
   */
  readonly namingPattern?: string | RegExp;
  /**
   * Departments chat owners must belong to, sub-departments included (WECOM-BASE-002). Owner
   * departments come from `userDepartments`; sub-departments from `departmentParents`.
   * @default - any department: WECOM-BASE-002 is not applicable
   */
  readonly ownerDepartments?: readonly number[];
  /**
   * What an owner missing from `userDepartments` counts as (WECOM-BASE-002).
   * @default 'not-applicable'
   */
  readonly unknownOwner?: UnknownOwner;
  /**
   * Member ceiling of app chats (WECOM-BASE-003).
   * @default 500
   */
  readonly maxMembers?: number;
  /**
   * Departments covered by intercept rules managed outside this stack (WECOM-BASE-005).
   * @default - only InterceptRules in the stack count
   */
  readonly coveredDepartments?: readonly number[];
  /**
   * Allow robot announcements to mention @all (WECOM-BASE-006).
   * @default false
   */
  readonly allowMentionAll?: boolean;
  /**
   * Level per rule id, overriding the rule's default (e.g. `{ 'WECOM-BASE-001': 'error' }`).
   * @default - each rule's default level
   */
  readonly levels?: Readonly<Record<string, RuleLevel>>;
  /**
   * Rule ids to leave out of the pack.
   * @default - none
   */
  readonly exclude?: readonly string[];
}

export class WecomBaseline extends PolicyPack {
  public static readonly PACK_NAME = 'WecomBaseline';

  /** The rules of the pack for `props` (defaults when omitted), in id order. */
  public static rules(props: WecomBaselineProps = {}): Rule[] {
    const directory = new OrgDirectory(props);
    const level = (id: string): RuleLevel | undefined => props.levels?.[id];
    const all: Rule[] = [
      new ChatNamingRule({ pattern: props.namingPattern, level: level('WECOM-BASE-001') }),
      new OwnerDepartmentRule({ ownerDepartments: props.ownerDepartments, directory, unknownOwner: props.unknownOwner, level: level('WECOM-BASE-002') }),
      new MemberCeilingRule({ maxMembers: props.maxMembers, level: level('WECOM-BASE-003') }),
      new RobotKeyFromEnvRule({ level: level('WECOM-BASE-004') }),
      new InterceptCoverageRule({ directory, coveredDepartments: props.coveredDepartments, level: level('WECOM-BASE-005') }),
      new NoMentionAllRule({ allowMentionAll: props.allowMentionAll, level: level('WECOM-BASE-006') }),
    ];
    const unknown = [...Object.keys(props.levels ?? {}), ...(props.exclude ?? [])].filter((id) => !all.some((r) => r.id === id));
    if (unknown.length) throw new Error(`WecomBaseline: unknown rule ids ${unknown.join(', ')}; the pack has ${all.map((r) => r.id).join(', ')}`);
    return all.filter((r) => !props.exclude?.includes(r.id));
  }

  public constructor(props: WecomBaselineProps = {}) {
    super(WecomBaseline.PACK_NAME, WecomBaseline.rules(props), props);
  }
}
