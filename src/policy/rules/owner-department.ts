// WECOM-BASE-002: every app chat's owner belongs to one of the given departments (or below them).
// The owner's departments are not known at synth time, so they come from an explicit userid ->
// departments map; an owner the map does not know is not-applicable (or non-compliant, by option).

import { IConstruct } from 'constructs';
import { AppChat } from '../../constructs/app-chat';
import { isToken } from '../../constructs/validation';
import { OrgDirectory } from '../directory';
import { CheckResult, Rule, RuleLevel, RuleOptions } from '../rule';

export type UnknownOwner = 'not-applicable' | 'non-compliant';

export interface OwnerDepartmentRuleOptions extends RuleOptions {
  /**
   * Departments an owner must belong to (directly or in a sub-department known to `directory`).
   * @default - none: the rule is not applicable
   */
  readonly ownerDepartments?: readonly number[];
  /** Known departments of users and the department tree. */
  readonly directory: OrgDirectory;
  /**
   * What an owner whose departments are unknown counts as.
   * @default 'not-applicable'
   */
  readonly unknownOwner?: UnknownOwner;
}

export class OwnerDepartmentRule implements Rule {
  public readonly id = 'WECOM-BASE-002';
  public readonly level: RuleLevel;
  public readonly name = 'Chat owner department';
  public readonly info = 'Every app chat is owned by a member of one of `ownerDepartments` (or a sub-department).';
  public readonly explanation = 'The owner is the only one who can change a chat in the client and is who people ask; '
    + 'owners from accountable departments (e.g. tech and ops) keep chats maintained after projects end. '
    + 'Owner departments come from `userDepartments` (and `departmentParents` for sub-departments); '
    + 'an owner not in that map is not applicable unless `unknownOwner` is `non-compliant`.';
  private readonly allowed?: ReadonlySet<number>;

  public constructor(private readonly options: OwnerDepartmentRuleOptions) {
    this.level = options.level ?? 'error';
    this.allowed = options.ownerDepartments && new Set(options.ownerDepartments);
  }

  public check(node: IConstruct): CheckResult {
    if (!(node instanceof AppChat) || !this.allowed) return 'not-applicable';
    const owner = node.owner;
    const departments = isToken(owner) ? undefined : this.options.directory.departmentsOf(owner);
    const allowedText = [...this.allowed].join(', ');
    if (!departments) {
      if (this.options.unknownOwner !== 'non-compliant') return 'not-applicable';
      return [{ detail: `owner ${JSON.stringify(owner)} has no known departments; owners must be in departments ${allowedText}` }];
    }
    if (departments.some((d) => this.options.directory.isWithin(d, this.allowed!))) return 'compliant';
    return [{ detail: `owner ${JSON.stringify(owner)} is in departments ${departments.join(', ')}; owners must be in departments ${allowedText}` }];
  }
}
