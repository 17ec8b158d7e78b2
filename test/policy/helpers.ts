import * as fs from 'fs';
import * as path from 'path';
import { App, Aspects, TerraformStack, Testing } from '../../src/cdktf';
import { WecomProvider } from '../../src/constructs';
import { Policy, PolicyFinding, PolicyPack, WecomBaseline, WecomBaselineProps } from '../../src/policy';

Testing.setupJest();

/** A stack `proj` with a provider in a fresh testing app. */
export function newStack(name = 'proj'): TerraformStack {
  const stack = new TerraformStack(Testing.app(), name);
  new WecomProvider(stack, 'wecom', { corpId: 'ww0123456789abcdef' });
  return stack;
}

/** Applies the baseline (no loggers, so tests stay quiet) and returns the pack. */
export function withBaseline(stack: TerraformStack, props: WecomBaselineProps = {}): PolicyPack {
  const pack = new WecomBaseline({ loggers: [], ...props });
  Aspects.of(stack).add(pack);
  return pack;
}

/** Runs the aspects (no validation) and returns every finding, suppressed ones included. */
export function findings(stack: TerraformStack): readonly PolicyFinding[] {
  Testing.synth(stack);
  return Policy.findings(stack);
}

/** Findings of one rule. */
export function findingsOf(stack: TerraformStack, ruleId: string): readonly PolicyFinding[] {
  return findings(stack).filter((f) => f.ruleId === ruleId);
}

/** A full synth (validations on) through the app; returns the stack's cdk.tf.json as an object. */
export function synthJson(stack: TerraformStack): any {
  const app = App.of(stack);
  app.synth();
  return JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', stack.node.id, 'cdk.tf.json'), 'utf8'));
}

/** The error thrown by a full synth (fails the test when none is thrown). */
export function synthError(stack: TerraformStack): string {
  try {
    Testing.synth(stack, true);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('synthesis did not fail');
}
