// WECOM-BASE-001: app chat names follow the corp's convention, e.g. `部门-职能` or `项目-用途`.

import { IConstruct } from 'constructs';
import { AppChat } from '../../constructs/app-chat';
import { isToken } from '../../constructs/validation';
import { CheckResult, Rule, RuleLevel, RuleOptions } from '../rule';

/** The default convention: two parts joined by one hyphen, `部门-职能` or `项目-用途`. */
export const DEFAULT_NAMING_PATTERN = '^[^-]+-[^-]+$';

export interface ChatNamingRuleOptions extends RuleOptions {
  /**
   * Pattern every app chat name must match.
   * @default DEFAULT_NAMING_PATTERN
   */
  readonly pattern?: string | RegExp;
}

export class ChatNamingRule implements Rule {
  public readonly id = 'WECOM-BASE-001';
  public readonly level: RuleLevel;
  public readonly name = 'Chat naming convention';
  public readonly info = 'App chat names match the naming pattern (default `^[^-]+-[^-]+$`: `部门-职能` or `项目-用途`).';
  public readonly explanation = 'People find chats by name and admins audit them by name; one convention tells at a glance '
    + 'which department or project a chat belongs to and what it is for. Configure the pattern with `namingPattern`.';
  public readonly pattern: RegExp;

  public constructor(options: ChatNamingRuleOptions = {}) {
    this.level = options.level ?? 'warning';
    this.pattern = options.pattern instanceof RegExp ? options.pattern : new RegExp(options.pattern ?? DEFAULT_NAMING_PATTERN, 'u');
  }

  public check(node: IConstruct): CheckResult {
    if (!(node instanceof AppChat) || isToken(node.name)) return 'not-applicable';
    if (this.pattern.test(node.name)) return 'compliant';
    return [{ detail: `name ${JSON.stringify(node.name)} does not match ${this.pattern}` }];
  }
}
