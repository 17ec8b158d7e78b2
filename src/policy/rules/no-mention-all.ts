// WECOM-BASE-006: robot announcements do not mention everyone (@all) unless allowed.

import { IConstruct } from 'constructs';
import { GroupRobot, MENTION_ALL } from '../../constructs/group-robot';
import { CheckResult, Rule, RuleLevel, RuleOptions } from '../rule';

export interface NoMentionAllRuleOptions extends RuleOptions {
  /**
   * Allow @all mentions everywhere (use a suppression to allow them for one robot).
   * @default false
   */
  readonly allowMentionAll?: boolean;
}

/** `<@all>` in markdown content mentions everyone, as `@all` in mentioned_list does for text. */
const MARKDOWN_MENTION_ALL = /<@all>/i;

export class NoMentionAllRule implements Rule {
  public readonly id = 'WECOM-BASE-006';
  public readonly level: RuleLevel;
  public readonly name = 'No @all mentions';
  public readonly info = 'Robot announcements do not mention `@all` unless `allowMentionAll` is set.';
  public readonly explanation = 'An @all mention notifies every member, pierces do-not-disturb and trains people to mute '
    + 'the chat; announcements run on every content change, so a stray @all repeats. Mention the people concerned, or '
    + 'suppress the rule for the one robot whose job is to page everyone.';
  public readonly allowMentionAll: boolean;

  public constructor(options: NoMentionAllRuleOptions = {}) {
    this.level = options.level ?? 'error';
    this.allowMentionAll = options.allowMentionAll ?? false;
  }

  public check(node: IConstruct): CheckResult {
    if (!(node instanceof GroupRobot) || node.announcements.length === 0) return 'not-applicable';
    if (this.allowMentionAll) return 'compliant';
    return node.announcements
      .filter((a) => a.mentionsAll || (a.msgtype === 'markdown' && MARKDOWN_MENTION_ALL.test(a.content)))
      .map((a) => ({ construct: a.resource, detail: `announcement '${a.id}' mentions ${MENTION_ALL}` }));
  }
}
