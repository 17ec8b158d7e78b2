// Rendering a run over several stacks. One stack renders exactly as before (Terraform-shaped
// text and JSON, the single-stack PR comment). Several stacks: the text shows each stack under a
// heading and one total; the JSON is `{ stacks: { <name>: <terraform show -json shape> } }`;
// the PR comment is ONE comment — a summary table, what matters most of every stack outside the
// folds (destructive and security-relevant changes, quota, orphaned stacks), then each stack with
// changes in its own fold, then the topology diagram when it fits — never over GitHub's 65,536
// characters.
import { hasChanges, Plan, summarize, summaryLine } from '../engine/plan/model';
import { destructiveChanges, securityNotes } from '../engine/plan/security';
import { toTerraformJson } from './json';
import { cutMiddle, MARKDOWN_LIMIT, policySection, renderMarkdown, withGraph } from './markdown';
import { renderText, TextOptions } from './text';

/** A stack that has state but is no longer in the code (issue: no orphaned stacks). */
export interface OrphanedStack {
  name: string;
  /** Where its state lives, for people. */
  state: string;
  /** What it still manages: `address (what destroying it does)`. */
  manages: string[];
}

export interface StacksView {
  plans: Plan[];
  orphans?: OrphanedStack[];
}

/** Marker by which CI finds and updates the one combined comment. */
export const STACKS_MARKER = '<!-- cdktf-wecom-plan stacks -->';

const totals = (plans: Plan[]) => plans.reduce((t, p) => {
  const s = summarize(p.changes);
  return { add: t.add + s.add, change: t.change + s.change, destroy: t.destroy + s.destroy, forget: t.forget + s.forget };
}, { add: 0, change: 0, destroy: 0, forget: 0 });

export function totalLine(view: StacksView): string {
  const t = totals(view.plans);
  const changed = view.plans.filter(hasChanges).length;
  const drifted = view.plans.filter((p) => p.drift.length).length;
  const refreshOnly = view.plans.every((p) => p.refreshOnly);
  if (refreshOnly) return `Drift in ${drifted} of ${view.plans.length} stacks.`;
  return `Total over ${view.plans.length} stacks (${changed} with changes): ${t.add} to add, ${t.change} to change, ${t.destroy} to destroy.${t.forget ? ` ${t.forget} to forget.` : ''}`;
}

export function renderStacksText(view: StacksView, opts: TextOptions = {}): string {
  if (view.plans.length === 1 && !view.orphans?.length) return renderText(view.plans[0], opts);
  const out: string[] = [];
  for (const p of view.plans) {
    out.push(`━━━ Stack ${p.stack} ━━━`, '');
    out.push(hasChanges(p) || p.drift.length ? renderText(p, opts) : summaryLine(p), '');
  }
  out.push(...orphanLines(view.orphans ?? []).map((l) => l.replace(/`/g, '')));
  out.push(totalLine(view));
  return out.join('\n');
}

export function renderStacksJson(view: StacksView): string {
  if (view.plans.length === 1 && !view.orphans?.length) return JSON.stringify(toTerraformJson(view.plans[0]), null, 2);
  return JSON.stringify({
    format_version: '1.2',
    stacks: Object.fromEntries(view.plans.map((p) => [p.stack, toTerraformJson(p)])),
    orphaned_stacks: view.orphans ?? [],
  }, null, 2);
}

function orphanLines(orphans: OrphanedStack[]): string[] {
  if (!orphans.length) return [];
  const out = ['Stacks with state that are no longer in the code (run `cdktf-wecom destroy --stack NAME` to clean up):', ''];
  for (const o of orphans) {
    out.push(`- \`${o.name}\` (state: ${o.state}): ${o.manages.length} object${o.manages.length === 1 ? '' : 's'}`);
    for (const m of o.manages.slice(0, 20)) out.push(`  - ${m}`);
    if (o.manages.length > 20) out.push(`  - ... and ${o.manages.length - 20} more`);
  }
  out.push('');
  return out;
}

export function renderStacksMarkdown(view: StacksView, limit = MARKDOWN_LIMIT): string {
  if (view.plans.length === 1 && !view.orphans?.length) return renderMarkdown(view.plans[0], { limit });
  const head: string[] = [STACKS_MARKER, `### cdktf-wecom plan: ${view.plans.length} stacks`, '', `**${totalLine(view)}**`, ''];
  head.push('| stack | to add | to change | to destroy | drift | quota (creates / updates) | policy |', '| --- | --: | --: | --: | --: | --- | --- |');
  for (const p of view.plans) {
    const s = summarize(p.changes);
    const q = (name: string) => p.quotas.find((x) => x.name === name);
    const quota = [q('app chat creates per day'), q('app chat updates per hour')].map((x) => (x ? `${x.needed}${x.ok ? '' : ' :warning:'}` : '0')).join(' / ');
    const policy = p.policy ? `${p.policy.errors} errors, ${p.policy.warnings} warnings${p.policy.suppressed ? `, ${p.policy.suppressed} suppressed` : ''}` : '';
    head.push(`| \`${p.stack}\` | ${s.add} | ${s.change} | ${s.destroy + s.forget} | ${p.drift.length} | ${quota} | ${policy} |`);
  }
  head.push('');
  const quotaWarnings = view.plans.flatMap((p) => p.quotas.filter((x) => !x.ok).map((x) => `\`${p.stack}\`: needs ${x.needed} ${x.name}, ${x.remaining} of ${x.limit} remain`));
  if (quotaWarnings.length) head.push('> [!CAUTION]', `> Quota: ${quotaWarnings.join('; ')}. Apply stops when a quota runs out.`, '');
  const destructive = view.plans.flatMap((p) => destructiveChanges(p).map((c) => `- \`${p.stack}\` \`${c.address}\`: ${c.kind === 'forget' ? 'forgotten (left in WeCom)' : c.kind === 'replace' ? 'replaced' : `destroyed${c.details.notes?.[0] ? `: ${c.details.notes[0]}` : ''}`}`));
  if (destructive.length) head.push('#### :warning: Destructive changes', '', ...cap(destructive), '');
  const security = view.plans.flatMap((p) => securityNotes(p.changes, p.drift).map((n) => `- \`${p.stack}\` \`${n.address}\`: ${n.message.replace(/</g, '&lt;')}`));
  if (security.length) head.push('#### :closed_lock_with_key: Security-relevant changes', '', ...cap(security), '');
  const policy = view.plans.flatMap((p) => policySection(p, '').slice(2, -1).map((l) => l.replace(/^- /, `- \`${p.stack}\` `)));
  if (policy.length) head.push('#### :scroll: Policy', '', ...cap(policy), '');
  if (view.orphans?.length) head.push('#### :ghost: Orphaned stacks', '', ...orphanLines(view.orphans).slice(2));
  const quiet = view.plans.filter((p) => !hasChanges(p) && !p.drift.length).map((p) => `\`${p.stack}\``);
  if (quiet.length) head.push(`No changes: ${quiet.join(', ')}.`, '');
  const top = head.join('\n') + '\n';

  // Each stack with changes in its own fold; they share what is left of the limit.
  const busy = view.plans.filter((p) => hasChanges(p) || p.drift.length);
  let budget = limit - top.length;
  const folds: string[] = [];
  busy.forEach((p, i) => {
    const open = `<details><summary><code>${p.stack}</code>: ${summaryLine(p)}</summary>\n\n\`\`\`diff\n`;
    const close = '\n```\n\n</details>\n';
    const share = Math.floor(budget / (busy.length - i));
    const body = cutMiddle(renderText(p, { color: false }).replace(/```/g, "'''"), Math.max(0, share - open.length - close.length));
    const fold = share >= open.length + close.length ? open + body + close : '';
    folds.push(fold);
    budget -= fold.length;
  });
  return withGraph((top + folds.join('')).slice(0, limit), view.plans, limit);
}

function cap(lines: string[], max = 50): string[] {
  return lines.length <= max ? lines : [...lines.slice(0, max), `- ... and ${lines.length - max} more (see the stacks below)`];
}
