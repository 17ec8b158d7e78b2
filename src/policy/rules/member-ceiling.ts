// WECOM-BASE-003: app chats stay below a ceiling lower than WeCom's limit.

import { IConstruct } from 'constructs';
import { AppChat } from '../../constructs/app-chat';
import { userKey } from '../../constructs/validation';
import { CheckResult, Rule, RuleLevel, RuleOptions } from '../rule';

export const DEFAULT_MAX_MEMBERS = 500;

export interface MemberCeilingRuleOptions extends RuleOptions {
  /**
   * Most members an app chat may have.
   * @default DEFAULT_MAX_MEMBERS
   */
  readonly maxMembers?: number;
}

export class MemberCeilingRule implements Rule {
  public readonly id = 'WECOM-BASE-003';
  public readonly level: RuleLevel;
  public readonly name = 'Chat member ceiling';
  public readonly info = 'An app chat has at most `maxMembers` members (default 500, below WeCom\'s 2000).';
  public readonly explanation = 'Large chats drown messages, cost appchat/send quota per member (20,000 person-messages a '
    + 'minute per corp) and outgrow the older 500-member limit some corps still have. Counted at synth time for explicit '
    + 'users; with departments or tags only the explicit users are counted here (set `WecomProvider.maxChatMembers` '
    + 'to have the engine check the resolved count at plan time).';
  public readonly maxMembers: number;

  public constructor(options: MemberCeilingRuleOptions = {}) {
    this.level = options.level ?? 'error';
    this.maxMembers = options.maxMembers ?? DEFAULT_MAX_MEMBERS;
  }

  public check(node: IConstruct): CheckResult {
    if (!(node instanceof AppChat)) return 'not-applicable';
    const known = node.knownMembers;
    const count = known ? known.length : new Set(node.users.map(userKey)).size;
    if (count > this.maxMembers) {
      const qualifier = known ? '' : 'at least ';
      return [{ detail: `has ${qualifier}${count} members; the ceiling is ${this.maxMembers}` }];
    }
    return known ? 'compliant' : 'not-applicable';
  }
}
