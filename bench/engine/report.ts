// Renders benchmark rows as a Markdown table and writes it into the "## Engine: plan and apply"
// section of docs/benchmarks.md, between markers, leaving every other line (the section's own
// prose, other sections such as "## Synthesis") as it is.
import * as fs from 'node:fs';
import type { BenchRow } from './run';

export const SECTION = '## Engine: plan and apply';

const s = (ms: number): string => (ms / 1000).toFixed(2);

function changesText(r: BenchRow): string {
  const parts = Object.entries(r.result.changes).map(([k, n]) => `${n} ${k}`);
  return parts.length ? parts.join(', ') : 'no changes';
}

export function tableOf(rows: BenchRow[]): string {
  const head = ['chats', 'members from', 'phase', 'conc.', 'wall s (plan + apply)', 'engine peak RSS MB', 'engine CPU s', 'sim CPU s', 'sim peak RSS MB', 'per-chat calls (minimum N)', 'other calls', 'result'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of rows) {
    const x = r.result;
    const wall = x.kind === 'apply' ? `${s(x.planMs + x.applyMs)} (${s(x.planMs)} + ${s(x.applyMs)})` : s(x.planMs);
    lines.push(`| ${[
      r.chats.toLocaleString('en-US'), r.source, r.phase, x.concurrency, wall, x.maxRssMb,
      (x.cpuUserS + x.cpuSystemS).toFixed(1),
      r.sim ? (r.sim.cpuUserS + r.sim.cpuSystemS).toFixed(1) : '-', r.sim?.peakRssMb ?? '-',
      `${r.perChat.calls.toLocaleString('en-US')} ${r.perChat.endpoint}${r.perChat.calls === r.chats ? ' (= N)' : ` (N = ${r.chats})`}`,
      r.otherCalls, `${changesText(r)}${x.failed.length ? `, ${x.failed.length} failed` : ''}`,
    ].join(' | ')} |`);
  }
  return lines.join('\n');
}

const BEGIN = '<!-- bench:engine:begin (written by `npm run bench:engine -- --write-docs`) -->';
const END = '<!-- bench:engine:end -->';

/**
 * Writes the figures between the markers of the engine section, creating the section (at the
 * end) or the file when missing. Everything outside the markers stays byte for byte.
 */
export function writeFigures(file: string, figures: string): void {
  writeSection(file, { section: SECTION, begin: BEGIN, end: END }, figures);
}

/** Writes `figures` between a section's markers in a doc (any bench's section); see writeFigures. */
export function writeSection(file: string, m: { section: string; begin: string; end: string }, figures: string): void {
  const block = `${m.begin}\n${figures.trim()}\n${m.end}`;
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n';
  const begin = text.indexOf(m.begin);
  const end = text.indexOf(m.end);
  if (begin >= 0 && end > begin) {
    fs.writeFileSync(file, text.slice(0, begin) + block + text.slice(end + m.end.length));
    return;
  }
  const at = text.indexOf(`${m.section}\n`);
  if (at < 0) {
    fs.writeFileSync(file, `${text.trimEnd()}\n\n${m.section}\n\n${block}\n`);
    return;
  }
  const headEnd = at + m.section.length + 1;
  fs.writeFileSync(file, `${text.slice(0, headEnd)}\n${block}\n${text.slice(headEnd)}`);
}
