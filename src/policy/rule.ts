// What a policy rule is. Modelled on cdk-nag: one rule per file, a pure check that answers
// compliant / non-compliant / not-applicable (or a list of findings with details), and the texts
// (id, level, name, info, explanation) kept as data on the rule, so the docs table is generated
// from the same objects the packs run.

import { IConstruct } from 'constructs';
import { TerraformStack } from '../cdktf';

export type RuleLevel = 'error' | 'warning';

export type Compliance = 'compliant' | 'non-compliant' | 'not-applicable';

/** One problem a rule found. */
export interface RuleFinding {
  /** What is wrong, with the values involved (the rule's `info` is used when omitted). */
  readonly detail?: string;
  /**
   * The construct the finding is about, e.g. one announcement of a robot.
   * @default - the construct that was checked
   */
  readonly construct?: IConstruct;
}

/**
 * A check's answer: a compliance, or the findings (an empty list means compliant).
 */
export type CheckResult = Compliance | readonly RuleFinding[];

/** What a check may consult besides the construct itself. */
export interface RuleContext {
  /** The stack of the construct being checked. */
  readonly stack: TerraformStack;
  /** Every construct of a class in the stack, in creation order (AppChat, InterceptRule, ...). */
  constructsOf<T extends IConstruct>(cls: abstract new (...args: never[]) => T): readonly T[];
}

export interface Rule {
  /** Stable id, e.g. `WECOM-BASE-001`; suppressions and reports use it. */
  readonly id: string;
  /** 'error' stops synthesis; 'warning' is reported and annotated. */
  readonly level: RuleLevel;
  /** Short name, e.g. "Chat naming convention". */
  readonly name: string;
  /** One line: what compliance means. Used as the finding message when a check gives no detail. */
  readonly info: string;
  /** Why the rule exists and how to comply. */
  readonly explanation: string;
  /** Pure check of one construct. Throwing is allowed: the pack turns it into an error finding. */
  check(node: IConstruct, ctx: RuleContext): CheckResult;
}

/** Options every rule of this package accepts. */
export interface RuleOptions {
  /**
   * Level of the rule's findings.
   * @default - the rule's default level (see docs/policy.md)
   */
  readonly level?: RuleLevel;
}

/** Findings from a check result; `[]` for compliant and not-applicable. */
export function checkFindings(result: CheckResult): readonly RuleFinding[] {
  if (result === 'compliant' || result === 'not-applicable') return [];
  if (result === 'non-compliant') return [{}];
  return result;
}

/** Compliance of a check result. */
export function checkCompliance(result: CheckResult): Compliance {
  if (typeof result === 'string') return result;
  return result.length ? 'non-compliant' : 'compliant';
}
