// Types of the matchers Testing.setupJest() registers (toHaveResourceWithProperties, ...).
/// <reference types="cdktf/lib/testing/adapters/jest" />
import { TerraformStack, Testing } from '../../src/cdktf';
import { WecomProvider } from '../../src/constructs';

Testing.setupJest();

/** A stack named `proj` with a wecom provider, in a fresh testing app. */
export function newStack(name = 'proj', withProvider = true): TerraformStack {
  const stack = new TerraformStack(Testing.app(), name);
  if (withProvider) new WecomProvider(stack, 'wecom', { corpId: 'ww0123456789abcdef' });
  return stack;
}

/** Every validation message of the stack (what a synth would report). */
export function errors(stack: TerraformStack): string[] {
  return stack.node.findAll().flatMap((c) => c.node.validate());
}

/** The messages with a given id. */
export function errorsWithId(stack: TerraformStack, id: string): string[] {
  return errors(stack).filter((m) => m.endsWith(`(${id})`));
}

/** Synthesized JSON (after validations pass) as an object. */
export function synthObject(stack: TerraformStack): any {
  return JSON.parse(Testing.synth(stack, true));
}
