// Pull-request rendering. What a reviewer must not miss (summary, destructive changes,
// security-relevant changes, members added/removed per chat) stays outside the fold; the full
// plan is folded. GitHub rejects comments over 65,536 characters, so the folded plan is cut in
// the middle (and says so) to fit. The topology diagram comes last, and only when it fits.
import { Plan, ResourceChange, summaryLine } from '../engine/plan/model';
import { driftLines } from '../engine/plan/drift';
import { destructiveChanges, securityNotes } from '../engine/plan/security';
import { mermaidFold } from './graph';
import { renderText } from './text';

export const MARKDOWN_LIMIT = 65536;
/** Hidden marker by which CI finds and updates its own comment. */
export const markerFor = (stack: string) => `<!-- cdktf-wecom-plan stack=${stack} -->`;

const MAX_LIST = 50;
const MAX_NAMES = 30;

/** graph: append the topology diagram when it fits (default true). */
export interface MarkdownOptions { limit?: number; title?: string; graph?: boolean }

export function renderMarkdown(plan: Plan, opts: MarkdownOptions = {}): string {
  const limit = opts.limit ?? MARKDOWN_LIMIT;
  const head: string[] = [
    markerFor(plan.stack),
    `### ${opts.title ?? `cdktf-wecom plan for \`${plan.stack}\``}`,
    '',
    `**${summaryLine(plan)}**`,
    '',
  ];
  for (const q of plan.quotas.filter((x) => !x.ok)) head.push(`> [!CAUTION]\n> Quota: this plan needs ${q.needed} ${q.name}; only ${q.remaining} of ${q.limit} remain. Apply will stop when it runs out.`, '');
  for (const w of plan.warnings) head.push(`> [!WARNING]\n> ${escape(w)}`, '');

  const destructive = destructiveChanges(plan);
  if (destructive.length) {
    head.push('#### :warning: Destructive changes', '');
    head.push(...capList(destructive.map((c) => `- \`${c.address}\`${where(c)}: ${destructiveText(c)}`)), '');
  }
  const security = securityNotes(plan.changes, plan.drift);
  if (security.length) {
    head.push('#### :closed_lock_with_key: Security-relevant changes', '');
    head.push(...capList(security.map((s) => `- \`${s.address}\`: ${escape(s.message)}`)), '');
  }
  // Deletes and forgets are listed above; their "members removed" would mislead (a forget removes no one).
  const members = plan.changes.filter((c) => c.kind !== 'delete' && c.kind !== 'forget' && (c.details.membersAdded?.length || c.details.membersRemoved?.length));
  if (members.length) {
    head.push('#### Members', '');
    head.push(...capList(members.map(memberLine)), '');
  }
  head.push(...policySection(plan));
  if (plan.drift.length) {
    head.push('#### Changed outside cdktf-wecom (drift)', '');
    head.push(...capList(plan.drift.map((c) => driftLine(c, plan))), '');
    if (plan.refreshOnly) head.push('Applying the code restores these; `cdktf-wecom apply --refresh-only` accepts them into the state instead.', '');
  }

  const top = head.join('\n') + '\n';
  const open = '<details><summary>Full plan</summary>\n\n```diff\n';
  const close = '\n```\n\n</details>\n';
  const full = renderText(plan, { color: false }).replace(/```/g, "'''");
  const budget = limit - top.length - open.length - close.length;
  return withGraph(top + open + cutMiddle(full, Math.max(0, budget)) + close, [plan], limit, opts.graph);
}

/**
 * The topology diagram (Mermaid, in a fold) appended last, only when the comment stays within
 * `limit` with it; otherwise the comment is returned without it.
 */
export function withGraph(comment: string, plans: Plan[], limit: number, graph = true): string {
  if (!graph) return comment;
  const fold = mermaidFold(plans);
  return fold && comment.length + 1 + fold.length <= limit ? `${comment}\n${fold}` : comment;
}

/** Policy findings (rule, construct, what is expected) and suppressions with their reasons. */
export function policySection(plan: Plan, title = '#### :scroll: Policy'): string[] {
  const findings = plan.policy?.findings ?? [];
  if (!findings.length) return [];
  const open = findings.filter((f) => !f.suppressed).map((f) => `- **${f.level}** \`${f.ruleId}\` \`${escape(f.path)}\`: ${escape(f.message.replace(/^\S+ \(\w+\) '[^']*': /, ''))}${f.fix ? ` (expected: ${escape(f.fix)})` : ''}`);
  const quiet = findings.filter((f) => f.suppressed).map((f) => `- suppressed \`${f.ruleId}\` \`${escape(f.path)}\`: ${escape(f.suppressed!)}`);
  return [title, '', ...capList([...open, ...quiet]), ''];
}

/** Keeps the head and tail of `text` within `budget` characters, saying how much was cut. */
export function cutMiddle(text: string, budget: number): string {
  if (text.length <= budget) return text;
  const note = (n: number) => `\n... ${n} characters of the plan truncated to fit a pull-request comment; run \`cdktf-wecom plan\` for all of it ...\n`;
  const room = budget - note(text.length).length;
  if (room <= 0) return note(text.length).slice(0, budget);
  const headLen = Math.ceil(room / 2);
  const tailLen = Math.floor(room / 2);
  return text.slice(0, headLen) + note(text.length - headLen - tailLen) + text.slice(text.length - tailLen);
}

function capList(lines: string[]): string[] {
  return lines.length <= MAX_LIST ? lines : [...lines.slice(0, MAX_LIST), `- ... and ${lines.length - MAX_LIST} more (see the full plan)`];
}

function where(c: ResourceChange): string {
  return c.constructPath ? ` (${escape(c.constructPath)})` : '';
}

function destructiveText(c: ResourceChange): string {
  if (c.kind === 'forget') return 'forgotten: left as it is in WeCom, no longer managed';
  if (c.kind === 'replace') return `replaced${c.details.replacePaths?.length ? ` (because ${c.details.replacePaths.join(', ')} changed)` : ''}`;
  const note = c.details.notes?.[0];
  return note ? `destroyed: ${escape(note)}` : 'destroyed';
}

/** What changed outside, by name, and what the plan does about it. */
function driftLine(c: ResourceChange, plan: Plan): string {
  const members = c.type === 'wecom_app_chat' && (c.details.membersAdded?.length || c.details.membersRemoved?.length) ? [memberDelta(c)] : [];
  const what = [...members, ...driftLines(c).map(escape), ...(c.details.notes ?? []).map(escape)];
  const fix = plan.changes.find((x) => x.address === c.address)?.details.notes?.find((n) => n.startsWith('restores '));
  return `- \`${c.address}\`${where(c)}${what.length ? `: ${what.join('; ')}` : ''}${fix ? `. The plan ${escape(fix)}` : ''}`;
}

function memberLine(c: ResourceChange): string {
  const named = [c.after?.name, c.after?.rule_name, c.after?.tag_name].find((x): x is string => typeof x === 'string');
  const title = named ? ` "${escape(named)}"` : '';
  return `- \`${c.address}\`${title}: ${memberDelta(c)}`;
}

function memberDelta(c: ResourceChange): string {
  const d = c.details;
  const label = (u: string) => (d.names?.[u] ? `${u} (${escape(d.names[u])})` : u);
  const list = (xs: string[]) => xs.length <= MAX_NAMES ? xs.map(label).join(', ') : `${xs.slice(0, MAX_NAMES).map(label).join(', ')} and ${xs.length - MAX_NAMES} more`;
  // People grouped by why they join or leave, so a department's 24 people read as one line. For
  // a new chat every member is new and the code in the PR says why: only changes get reasons
  // (and a comment rendered from Terraform's JSON, which has no directory, stays the same).
  const grouped = (xs: string[]) => {
    if (!d.provenance || c.kind === 'create') return list(xs);
    const by = new Map<string, string[]>();
    for (const u of xs) { const k = (d.provenance[u] ?? []).join('; '); by.set(k, [...(by.get(k) ?? []), u]); }
    return [...by].map(([why, us]) => (why ? `${escape(why)}: ${list(us)}` : list(us))).join('; ');
  };
  const parts: string[] = [];
  if (d.membersAdded?.length) parts.push(`**+${d.membersAdded.length}** ${grouped(d.membersAdded)}`);
  if (d.membersRemoved?.length) parts.push(`**-${d.membersRemoved.length}** ${grouped(d.membersRemoved)}`);
  if (d.departedMembers?.length) parts.push(`left the company: ${list(d.departedMembers)}`);
  return parts.join('; ');
}

/** Keeps names and values from opening HTML tags in the comment (`->` stays readable). */
function escape(s: string): string {
  return s.replace(/</g, '&lt;');
}
