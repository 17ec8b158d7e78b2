// A policy pack: a named list of rules, applied as a cdktf Aspect:
//   Aspects.of(stack).add(new WecomBaseline({ ... }))
// cdktf invokes aspects per stack, from the stack down: add packs to a stack (or a construct in
// it), not to the App.

import { IConstruct } from 'constructs';
import { App, IAspect, TerraformStack } from '../cdktf';
import { PolicyEvaluation } from './evaluation';
import { AnnotationsLogger, PolicyLogger } from './report';
import { Rule } from './rule';

export interface PolicyPackProps {
  /**
   * Loggers that render evaluation events.
   * @default - [new AnnotationsLogger()]: warnings and suppressed findings as construct annotations
   */
  readonly loggers?: PolicyLogger[];
  /**
   * Write `policy-report.json` next to the stack's cdk.tf.json when validations run.
   * @default true
   */
  readonly report?: boolean;
}

export class PolicyPack implements IAspect {
  public readonly loggers: readonly PolicyLogger[];
  public readonly writeReport: boolean;

  public constructor(public readonly name: string, public readonly rules: readonly Rule[], props: PolicyPackProps = {}) {
    const seen = new Set<string>();
    const dup = rules.filter((r) => seen.size === seen.add(r.id).size).map((r) => r.id);
    if (dup.length) throw new Error(`PolicyPack '${name}': rule ids must be unique; repeated: ${[...new Set(dup)].join(', ')}`);
    this.loggers = props.loggers ?? [new AnnotationsLogger()];
    this.writeReport = props.report ?? true;
  }

  public visit(node: IConstruct): void {
    if (App.isApp(node)) return;
    PolicyEvaluation.of(TerraformStack.of(node)).evaluate(this, node);
  }
}
