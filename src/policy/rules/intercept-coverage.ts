// WECOM-BASE-005: every department an app chat draws members from is covered by a sensitive-word
// intercept rule: one whose appliesTo.departments holds it or a known ancestor (the root covers all).

import { IConstruct } from 'constructs';
import { DefaultTokenResolver, StringConcat, Tokenization } from '../../cdktf';
import { AppChat } from '../../constructs/app-chat';
import { InterceptRule } from '../../constructs/intercept-rule';
import { isToken } from '../../constructs/validation';
import { OrgDirectory } from '../directory';
import { CheckResult, Rule, RuleContext, RuleLevel, RuleOptions } from '../rule';

const RESOLVER = new DefaultTokenResolver(new StringConcat());

export interface InterceptCoverageRuleOptions extends RuleOptions {
  /** The department tree, for coverage through an ancestor. */
  readonly directory: OrgDirectory;
  /**
   * Departments covered by intercept rules managed elsewhere (another stack, the admin console).
   * @default - only InterceptRules in the same stack count
   */
  readonly coveredDepartments?: readonly number[];
}

export class InterceptCoverageRule implements Rule {
  public readonly id = 'WECOM-BASE-005';
  public readonly level: RuleLevel;
  public readonly name = 'Intercept rule coverage';
  public readonly info = 'Every department used as app chat members is covered by an InterceptRule (directly or via an ancestor).';
  public readonly explanation = 'Sensitive-word intercept rules (敏感词拦截) apply per user and department; a department '
    + 'without one can leak phone numbers or words the company blocks elsewhere. Coverage counts InterceptRules in the '
    + 'same stack plus `coveredDepartments` (rules managed elsewhere); ancestors come from `departmentParents`. A '
    + 'looked-up department (Department.fromPath) counts as covered only when a rule names the same lookup.';

  public constructor(private readonly options: InterceptCoverageRuleOptions) {
    this.level = options.level ?? 'warning';
  }

  public check(node: IConstruct, ctx: RuleContext): CheckResult {
    if (!(node instanceof AppChat) || node.departments.length === 0) return 'not-applicable';
    // A lookup's id is a new token on every read: compare lookups by the reference they resolve to.
    const key = (d: number): number | string => (isToken(d) ? String(Tokenization.resolve(d, { scope: ctx.stack, resolver: RESOLVER })) : d);
    const covered = new Set<number>(this.options.coveredDepartments ?? []);
    const coveredLookups = new Set<number | string>();
    for (const rule of ctx.constructsOf(InterceptRule)) {
      for (const d of rule.departments) {
        if (isToken(d)) coveredLookups.add(key(d));
        else covered.add(d);
      }
    }
    return node.departments
      .filter((d) => !(isToken(d) ? coveredLookups.has(key(d)) : this.options.directory.isWithin(d, covered)))
      .map((d) => ({
        detail: isToken(d)
          ? `members.departments has a looked-up department no intercept rule names (its ancestors are unknown at synth time)`
          : `members.departments has department ${d}, which no intercept rule covers (directly or via an ancestor)`,
      }));
  }
}
