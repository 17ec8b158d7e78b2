// Policy: the entry points users call besides adding a pack as an aspect.

import { IConstruct } from 'constructs';
import { Aspects, TerraformStack } from '../cdktf';
import { PolicyEvaluation } from './evaluation';
import { PolicyPack } from './pack';
import { PolicyFinding, PolicyReport } from './report';
import { PolicySuppression, addSuppressions } from './suppressions';

export class Policy {
  /**
   * Suppresses rules on a construct and everything below it. Each suppression needs a rule id
   * and a reason of at least 10 characters; all invalid entries are reported in one
   * PolicySuppressionError. Suppressed findings stay in the synthesized JSON and the report.
   */
  public static suppress(construct: IConstruct, suppressions: readonly PolicySuppression[]): void {
    addSuppressions(construct, suppressions);
  }

  /** Adds packs to `scope` as aspects (same as `Aspects.of(scope).add(pack)`). */
  public static apply(scope: IConstruct, ...packs: PolicyPack[]): void {
    for (const p of packs) Aspects.of(scope).add(p);
  }

  /** Findings of the packs that ran on `stack` (after synth or validation), suppressed ones included. */
  public static findings(stack: TerraformStack): readonly PolicyFinding[] {
    return PolicyEvaluation.tryOf(stack)?.findings ?? [];
  }

  /** The report of `stack` as written to policy-report.json, if any pack ran on it. */
  public static report(stack: TerraformStack): PolicyReport | undefined {
    return PolicyEvaluation.tryOf(stack)?.report();
  }
}
