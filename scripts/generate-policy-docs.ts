// Generated part of docs/policy.md: the rules table, rendered from the rule objects of the
// packs (id, level, name, info, explanation live on the rules), between BEGIN/END markers.

import * as fs from 'fs';
import * as path from 'path';
import { Rule, WecomBaseline } from '../src/policy';

const DOC = 'docs/policy.md';

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function rulesTable(rules: readonly Rule[]): string {
  const rows = rules.map((r) => `| \`${r.id}\` | ${r.level} | ${cell(r.name)} | ${cell(r.info)} | ${cell(r.explanation)} |`);
  return ['| Id | Default level | Name | Checks | Why |', '|---|---|---|---|---|', ...rows, ''].join('\n');
}

export function generatePolicyDocs(root: string): Map<string, string> {
  const file = path.join(root, DOC);
  if (!fs.existsSync(file)) return new Map();
  const doc = fs.readFileSync(file, 'utf8');
  const begin = '<!-- BEGIN GENERATED: policy-rules -->';
  const end = '<!-- END GENERATED: policy-rules -->';
  const i = doc.indexOf(begin);
  const j = doc.indexOf(end);
  if (i < 0 || j < i) throw new Error(`${DOC}: markers for policy-rules are missing`);
  return new Map([[DOC, `${doc.slice(0, i + begin.length)}\n${rulesTable(WecomBaseline.rules())}${doc.slice(j)}`]]);
}
