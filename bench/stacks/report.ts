// Renders the many-stacks benchmark as two Markdown tables and writes them into the
// "## Many stacks in one run" section of docs/benchmarks.md, between markers, leaving every other
// line (the section's prose, other sections) as it is.
import { writeSection } from '../engine/report';
import type { PhaseRow, StacksBenchResult } from './run';

export const SECTION = '## Many stacks in one run';
const BEGIN = '<!-- bench:stacks:begin (written by `npm run bench:stacks -- --write-docs`) -->';
const END = '<!-- bench:stacks:end -->';

const s = (ms: number): string => (ms / 1000).toFixed(2);
const n = (x: number | undefined): string => (x ?? 0).toLocaleString('en-US');
const sum = (calls: Record<string, number>): number => Object.values(calls).reduce((a, b) => a + b, 0);

const rounds = (x: PhaseRow): string => (x.roundsMs ? `rounds: ${x.roundsMs.map(s).join(', ')}` : '-');

/** Endpoints in a fixed order: token, per-chat, directory, then whatever else appeared. */
function endpoints(rows: PhaseRow[]): string[] {
  const first = ['gettoken', 'appchat/get', 'appchat/update', 'department/list', 'user/list_id', 'user/simplelist', 'user/get'];
  const seen = new Set(rows.flatMap((r) => Object.keys(r.calls)));
  return [...first.filter((e) => seen.has(e)), ...[...seen].filter((e) => !first.includes(e)).sort()];
}

/** Table 1: one run over all stacks vs one run per stack (local state, no changes). */
export function callsTable(r: StacksBenchResult): string {
  const rows = r.rows.filter((x) => x.backend === 'local' && x.phase.startsWith('plan')).sort((a, b) => a.runs - b.runs);
  const eps = endpoints(rows).filter((e) => e !== 'appchat/update');
  const head = ['no-change plan', 'CLI runs', 'wall s (total; one run: median of rounds)', 'per run s (min / median / max)', 'peak RSS MB (largest run)', 'CPU s (sum; one run: median)', ...eps, 'all calls', 'calls besides appchat/get'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const x of rows) {
    const label = x.runs === 1 ? `one run over ${r.stacks} stacks` : `${x.runs} runs, \`--stack <s>\` each`;
    const per = x.perRunMs ? `${s(x.perRunMs.min)} / ${s(x.perRunMs.median)} / ${s(x.perRunMs.max)}` : rounds(x);
    const other = sum(x.calls) - (x.calls['appchat/get'] ?? 0);
    lines.push(`| ${[label, x.runs, s(x.wallMs), per, x.maxRssMb, x.cpuS.toFixed(1), ...eps.map((e) => n(x.calls[e])), n(sum(x.calls)), `${n(other)}${x.runs > 1 ? ` (${(other / x.runs).toFixed(1)} per run)` : ''}`].join(' | ')} |`);
  }
  return lines.join('\n');
}

/** Table 2: the one-run plan and the rename apply, local files vs PostgreSQL. */
export function backendTable(r: StacksBenchResult): string {
  const rows = r.rows.filter((x) => x.runs === 1);
  const head = ['one run over all stacks', 'state', 'wall s (median)', 'rounds s', 'peak RSS MB', 'CPU s (median)', 'API calls (appchat/get + appchat/update + other)', 'exit'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  const order = ['plan, one run', 'apply rename, one run'];
  for (const x of [...rows].sort((a, b) => order.indexOf(a.phase) - order.indexOf(b.phase))) {
    const label = x.phase.startsWith('plan') ? '`plan --detailed-exitcode` (no changes)' : `\`apply --auto-approve\` (${r.stacks} chats renamed, one per stack)`;
    const gets = x.calls['appchat/get'] ?? 0, updates = x.calls['appchat/update'] ?? 0;
    lines.push(`| ${[label, x.backend === 'pg' ? 'PostgreSQL (`PgBackend`, a schema per stack)' : 'local files', s(x.wallMs), (x.roundsMs ?? []).map(s).join(', '), x.maxRssMb, x.cpuS.toFixed(1), `${n(sum(x.calls))} (${n(gets)} + ${n(updates)} + ${n(sum(x.calls) - gets - updates)})`, x.exitCodes.join(',')].join(' | ')} |`);
  }
  return lines.join('\n');
}

/** Writes the figures between the markers of the section (created at the end when missing). */
export function writeFigures(file: string, figures: string): void {
  writeSection(file, { section: SECTION, begin: BEGIN, end: END }, figures);
}
