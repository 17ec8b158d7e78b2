// `apply PLANFILE` applies exactly what was reviewed, and only that. Besides the state and
// config the plan names (file.ts: assertPlanFresh), two checks, as Terraform re-checks a saved
// plan against the configuration before applying it:
// - the signature: an HMAC over the whole plan keyed from the corp secret, so a plan edited by
//   anyone without the secret (a PR artifact, a file in a shared folder) is refused, `before`
//   values and drift included;
// - the content: the plan is made again, without calling WeCom for live state (the live values
//   the plan saw are in it), from the configuration and state it names; every change must come
//   out the same (addresses, actions, planned values), none may be missing or added.
import * as crypto from 'node:crypto';
import type { StackConfig } from '../config/stack';
import { makePlan } from '../planner';
import { resourceHandler } from '../resources';
import type { Runtime } from '../runtime';
import { priorInstances } from '../planner';
import type { TerraformState } from '../state/format';
import { valuesEqual } from './diff';
import { PlanFileError } from './file';
import { Attrs, Plan, ResourceChange } from './model';

/** The signing key: derived from the corp secret, never the secret itself. */
export function planSigningKey(corpSecret: string): Buffer {
  return crypto.createHmac('sha256', corpSecret).update('cdktf-wecom saved plan v1').digest();
}

export function signPlan(plan: Plan, key: Buffer): Plan {
  const { signature: _drop, ...rest } = plan;
  return { ...rest, signature: crypto.createHmac('sha256', key).update(JSON.stringify(rest)).digest('hex') };
}

function signatureValid(plan: Plan, key: Buffer): boolean {
  if (typeof plan.signature !== 'string') return false;
  const expected = signPlan(plan, key).signature!;
  return expected.length === plan.signature.length && crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(plan.signature));
}

/** A plan is applied only to the stack it was made for. */
export function assertPlanForStack(plan: Plan, stack: StackConfig): void {
  if (plan.stack !== stack.stackName) {
    throw new PlanFileError('WECOM_PLAN_INVALID', `the saved plan was made for stack "${plan.stack}", not "${stack.stackName}"; apply it with --stack ${plan.stack}`);
  }
}

/** Throws PlanFileError unless the saved plan is, unedited, what this stack's configuration and state produce. */
export async function verifySavedPlan(rt: Runtime, stack: StackConfig, state: TerraformState | undefined, plan: Plan, configText: string): Promise<void> {
  assertPlanForStack(plan, stack);
  if (!signatureValid(plan, rt.planSigningKey)) {
    // A wrong corp secret also breaks the signature: say that (40001) rather than "edited".
    await rt.directory.departments();
    throw new PlanFileError('WECOM_PLAN_INVALID', plan.signature === undefined
      ? 'the saved plan carries no signature (made by an older release, or written by hand); run `cdktf-wecom plan --out FILE` again'
      : 'the saved plan was changed after it was made (its signature does not match, or it was made with another corp secret); run `cdktf-wecom plan --out FILE` again and review it');
  }
  // Live values as the plan saw them: state, then drift found, then the changes' own `before`.
  const refreshed = new Map<string, Attrs | null>([...priorInstances(state)].map(([a, p]) => [a, p.attrs]));
  for (const d of plan.drift) refreshed.set(d.address, d.after);
  for (const c of plan.changes) if (c.mode === 'managed' && c.before) refreshed.set(c.address, c.before);
  const again = await makePlan(rt, stack, state, { configText, refreshed, destroy: plan.destroy, targets: plan.targets });
  const problems = comparePlans(plan.changes, again.changes);
  if (problems.length) {
    throw new PlanFileError('WECOM_PLAN_STALE', 'the saved plan is not what the configuration and state produce now:\n' +
      problems.slice(0, 10).map((p) => `  ${p}`).join('\n') + (problems.length > 10 ? `\n  ... and ${problems.length - 10} more` : '') +
      '\nRun `cdktf-wecom plan --out FILE` again and review it (the directory may have changed since, too).');
  }
}

function comparePlans(saved: ResourceChange[], fresh: ResourceChange[]): string[] {
  const out: string[] = [];
  const byAddress = new Map(fresh.map((c) => [c.address, c]));
  for (const c of saved) {
    const f = byAddress.get(c.address);
    byAddress.delete(c.address);
    if (!f) { out.push(`${c.address}: the plan would ${c.kind} it, but no change is needed`); continue; }
    if (f.kind !== c.kind) { out.push(`${c.address}: the plan would ${c.kind} it, but the configuration asks to ${f.kind} it`); continue; }
    const schema = resourceHandler(c.type)?.schema;
    for (const k of new Set([...Object.keys(c.after ?? {}), ...Object.keys(f.after ?? {})])) {
      const a = c.after?.[k] ?? null, b = f.after?.[k] ?? null;
      if (!!c.afterUnknown[k] !== !!f.afterUnknown[k] || !(schema ? valuesEqual(schema, k, a, b) : JSON.stringify(a) === JSON.stringify(b))) {
        out.push(`${c.address}: ${k} is ${JSON.stringify(a)} in the plan, but the configuration gives ${f.afterUnknown[k] ? '(known after apply)' : JSON.stringify(b)}`);
      }
    }
  }
  for (const f of byAddress.values()) out.push(`${f.address}: the configuration asks to ${f.kind} it, but the plan leaves it out`);
  return out;
}
