// Machine rendering: the subset of `terraform show -json <planfile>` that applies here
// (format_version, resource_changes, resource_drift, planned_values), so tooling that reads
// Terraform plans (policy checkers, cost/PR bots) reads ours. Our extras live under
// `cdktf_wecom`, a key Terraform's readers ignore.
import { Attrs, hasChanges, Plan, ResourceChange } from '../engine/plan/model';
import { securityNotes } from '../engine/plan/security';
import { providerAddress } from '../engine/state/writer';

interface TfResourceChange {
  address: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  provider_name: string;
  change: {
    actions: string[];
    before: Attrs | null;
    after: Attrs | null;
    after_unknown: Attrs;
    before_sensitive: Attrs | false;
    after_sensitive: Attrs | false;
    replace_paths?: string[][];
  };
  action_reason?: string;
}

export function toTerraformJson(plan: Plan): Record<string, unknown> {
  const rc = plan.changes.map(toTfChange);
  return {
    format_version: '1.2',
    terraform_version: '1.11.4',
    planned_values: { root_module: { resources: plan.changes.filter((c) => c.after).map(plannedValue) } },
    resource_drift: plan.drift.map(toTfChange),
    resource_changes: rc,
    applyable: hasChanges(plan),
    complete: true,
    errored: false,
    timestamp: plan.createdAt,
    cdktf_wecom: {
      stack: plan.stack,
      prior_state: plan.prior,
      quotas: plan.quotas,
      warnings: plan.warnings,
      security: securityNotes(plan.changes, plan.drift),
      ...(plan.policy ? { policy: plan.policy } : {}),
      details: Object.fromEntries(plan.changes.filter((c) => Object.keys(c.details).length).map((c) => [c.address, { kind: c.kind, ...c.details }])),
      // Names, labels and reasons for resource_drift, as details are for resource_changes.
      drift_details: Object.fromEntries(plan.drift.filter((c) => Object.keys(c.details).length).map((c) => [c.address, { kind: c.kind, ...c.details }])),
    },
  };
}

export function renderJson(plan: Plan): string {
  return JSON.stringify(toTerraformJson(plan), null, 2) + '\n';
}

function toTfChange(c: ResourceChange): TfResourceChange {
  const out: TfResourceChange = {
    address: c.address,
    mode: c.mode,
    type: c.type,
    name: c.name,
    provider_name: providerAddress(c.type),
    change: {
      actions: c.actions,
      before: c.before,
      after: c.after,
      after_unknown: c.afterUnknown,
      before_sensitive: c.before ? c.beforeSensitive : false,
      after_sensitive: c.after ? c.afterSensitive : false,
    },
  };
  if (c.details.replacePaths?.length) out.change.replace_paths = c.details.replacePaths.map((p) => [p]);
  if (c.actionReason) out.action_reason = c.actionReason;
  return out;
}

function plannedValue(c: ResourceChange) {
  return {
    address: c.address, mode: c.mode, type: c.type, name: c.name, provider_name: providerAddress(c.type),
    schema_version: 0, values: c.after, sensitive_values: c.afterSensitive,
  };
}
