// Saved plans (`plan --out FILE`, `apply FILE`). A plan is applied exactly as reviewed, so it
// records the state lineage/serial and the config hash it was made against, and apply refuses
// it when either moved.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { writeFileAtomic } from '../state/file';
import type { TerraformState } from '../state/format';
import { Plan } from './model';

export class PlanFileError extends Error {
  readonly code: 'WECOM_PLAN_INVALID' | 'WECOM_PLAN_STALE';
  constructor(code: PlanFileError['code'], message: string) {
    super(message);
    this.code = code;
    this.name = 'PlanFileError';
  }
}

export function hashText(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex');
}

export function savePlan(file: string, plan: Plan): void {
  writeFileAtomic(file, JSON.stringify(plan, null, 1) + '\n');
}

/** Several stacks' plans in one file (`plan --out` over several stacks); each plan keeps its own signature. */
export interface PlanBundle {
  planFormat: 2;
  createdAt: string;
  plans: Plan[];
}

/** One stack: the plan itself (format 1, as before); several: a bundle (format 2). */
export function savePlans(file: string, plans: Plan[]): void {
  if (plans.length === 1) { savePlan(file, plans[0]); return; }
  const bundle: PlanBundle = { planFormat: 2, createdAt: new Date().toISOString(), plans };
  writeFileAtomic(file, JSON.stringify(bundle, null, 1) + '\n');
}

/** The plans in a saved file, one per stack, whichever format it has. */
export function loadPlans(file: string): Plan[] {
  const doc = readPlanFile(file) as Partial<PlanBundle> & { planFormat?: number };
  if (doc.planFormat === 2 && Array.isArray(doc.plans) && doc.plans.every((p) => p && p.planFormat === 1 && Array.isArray(p.changes))) return doc.plans;
  return [loadPlan(file)];
}

function readPlanFile(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new PlanFileError('WECOM_PLAN_INVALID', `${file} is not a saved cdktf-wecom plan (${(err as Error).message})`);
  }
}

export function loadPlan(file: string): Plan {
  const doc = readPlanFile(file) as Plan;
  if (!doc || doc.planFormat !== 1 || !Array.isArray(doc.changes)) {
    throw new PlanFileError('WECOM_PLAN_INVALID', `${file} is not a saved cdktf-wecom plan (planFormat 1)`);
  }
  return doc;
}

/** Throws unless the plan was made against exactly this state and this config. */
export function assertPlanFresh(plan: Plan, state: TerraformState | undefined, configText: string): void {
  const now = state ? { lineage: state.lineage, serial: state.serial } : null;
  const was = plan.prior;
  const same = (was === null && now === null) || (was !== null && now !== null && was.lineage === now.lineage && was.serial === now.serial);
  if (!same) {
    const fmt = (s: typeof now) => (s ? `lineage ${s.lineage} serial ${s.serial}` : 'no state');
    throw new PlanFileError('WECOM_PLAN_STALE',
      `saved plan is stale: it was made against ${fmt(was)}, but the state is now ${fmt(now)}. ` +
      'Something was applied since; run `cdktf-wecom plan` again and review the new plan.');
  }
  if (hashText(configText) !== plan.configHash) {
    throw new PlanFileError('WECOM_PLAN_STALE', `saved plan is stale: ${plan.configFile} changed since the plan was made; run \`cdktf-wecom plan\` again.`);
  }
}
