// The plan: one data structure that every renderer (terminal, Terraform JSON, Markdown) reads
// and that `apply PLANFILE` executes. Field names follow Terraform's JSON plan where one exists.

export type Attrs = Record<string, unknown>;

/** Terraform's action lists: replace is ["delete","create"] (or ["create","delete"]). */
export type Action = 'no-op' | 'create' | 'read' | 'update' | 'delete';

export type ChangeKind = 'create' | 'update' | 'replace' | 'delete' | 'forget' | 'read' | 'no-op';

/** What a reviewer needs to know about a change beyond before/after, filled by the diff. */
export interface ChangeDetails {
  /** For app chats, tags and rule ranges: userids added and removed. */
  membersAdded?: string[];
  membersRemoved?: string[];
  /** Display names for userids, when the directory knows them. */
  names?: Record<string, string>;
  ownerChange?: { from: string | null; to: string };
  /** Declared members who left the company (status 5): WeCom will refuse or ignore them. */
  departedMembers?: string[];
  wordsAdded?: string[];
  wordsRemoved?: string[];
  /** Departments newly covered as a whole (membership widened). */
  departmentsAdded?: Array<string | number>;
  departmentsRemoved?: Array<string | number>;
  /** Readable names of departments and tags by `department:<id>` / `tag:<id>`, e.g. `技术部/后端 (4), 37 people`. */
  labels?: Record<string, string>;
  /** Attribute paths that force replacement. */
  replacePaths?: string[];
  /** Free-form notes (e.g. "archive: renamed and emptied, WeCom cannot delete app chats"). */
  notes?: string[];
}

export interface ResourceChange {
  address: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  /** Construct path from cdktf metadata, for people. */
  constructPath?: string;
  kind: ChangeKind;
  actions: Action[];
  before: Attrs | null;
  after: Attrs | null;
  /** Attribute -> true when its value is known only after apply. */
  afterUnknown: Attrs;
  beforeSensitive: Attrs;
  afterSensitive: Attrs;
  /** Terraform's action_reason where it applies, e.g. replace_because_cannot_update. */
  actionReason?: string;
  details: ChangeDetails;
}

export type SecurityKind =
  | 'owner-change'
  | 'intercept-words-removed'
  | 'intercept-scope-narrowed'
  | 'intercept-rule-removed'
  | 'intercept-relaxed'
  | 'join-way-opened'
  | 'robot-added'
  | 'membership-widened';

export interface SecurityNote {
  kind: SecurityKind;
  address: string;
  message: string;
}

export interface QuotaCheck {
  name: string; // e.g. "app chat creates per day"
  needed: number;
  remaining: number;
  limit: number;
  ok: boolean;
}

export interface Plan {
  /** Format of the saved plan file. */
  planFormat: 1;
  stack: string;
  /** Path of the cdk.tf.json this plan was made from, and its hash. */
  configFile: string;
  configHash: string;
  statePath: string;
  /** The state this plan was made against: apply refuses when it no longer matches. */
  prior: { lineage: string; serial: number } | null;
  createdAt: string;
  refreshOnly: boolean;
  /** Made by `destroy` (every change destroys). */
  destroy?: boolean;
  /** `--target` addresses the plan was limited to. */
  targets?: string[];
  /** HMAC over the rest of the plan, keyed from the corp secret: `apply PLANFILE` refuses an edited plan. */
  signature?: string;
  /** Changes the code asks for. */
  changes: ResourceChange[];
  /** Changes made outside IaC since the last apply (what refresh found). */
  drift: ResourceChange[];
  quotas: QuotaCheck[];
  warnings: string[];
  /** Output values the stack will have (other stacks read them); absent when it has none. */
  outputs?: Record<string, PlannedOutput>;
  /** The stack's policy report (WecomBaseline and custom packs), when synthesis wrote one. */
  policy?: PolicySummary;
  /** True when the outputs differ from the state's: applying writes them even with no resource change. */
  outputsChanged?: boolean;
}

/** What the policy packs found at synthesis, as the plan shows it to reviewers. */
export interface PolicySummary {
  errors: number;
  warnings: number;
  suppressed: number;
  findings: Array<{ ruleId: string; level: string; path: string; message: string; fix?: string; suppressed?: string }>;
}

export interface PlannedOutput {
  /** null while unknown. */
  value: unknown;
  unknown: boolean;
  sensitive: boolean;
}

export interface PlanSummary { add: number; change: number; destroy: number; forget: number }

export function summarize(changes: ResourceChange[]): PlanSummary {
  const s: PlanSummary = { add: 0, change: 0, destroy: 0, forget: 0 };
  for (const c of changes) {
    if (c.mode === 'data') continue;
    if (c.kind === 'create') s.add++;
    else if (c.kind === 'update') s.change++;
    else if (c.kind === 'delete') s.destroy++;
    else if (c.kind === 'forget') s.forget++;
    else if (c.kind === 'replace') { s.add++; s.destroy++; }
  }
  return s;
}

export function hasChanges(plan: Plan): boolean {
  const s = summarize(plan.changes);
  return s.add + s.change + s.destroy + s.forget > 0 || !!plan.outputsChanged;
}

/** Terraform's wording, which reviewers and tooling grep for. */
export function summaryLine(plan: Plan): string {
  if (plan.refreshOnly) {
    return plan.drift.length ? `Drift: ${plan.drift.length} object${plan.drift.length === 1 ? '' : 's'} changed outside cdktf-wecom.` : 'No changes. Your infrastructure still matches the configuration.';
  }
  if (!hasChanges(plan)) return 'No changes. Your infrastructure matches the configuration.';
  const s = summarize(plan.changes);
  if (s.add + s.change + s.destroy + s.forget === 0) return 'Changes to Outputs only (values other stacks read).';
  const forget = s.forget ? ` ${s.forget} to forget.` : '';
  return `Plan: ${s.add} to add, ${s.change} to change, ${s.destroy} to destroy.${forget}`;
}

export function actionsFor(kind: ChangeKind): Action[] {
  switch (kind) {
    case 'create': return ['create'];
    case 'update': return ['update'];
    case 'replace': return ['delete', 'create'];
    case 'delete': case 'forget': return ['delete'];
    case 'read': return ['read'];
    default: return ['no-op'];
  }
}
