// `cdktf-wecom graph`: golden Mermaid and DOT of a small synthesized stack and of a plan, label
// escaping, the summary of large graphs, the PR comment's budget, and the Mermaid text checked by
// Mermaid's own parser (test/helpers/mermaid-parse.mjs) as well as structurally.
// Regenerate the golden files with UPDATE_GOLDEN=1 npx jest test/render/graph and review the diff.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readStackConfig } from '../../src/engine/config';
import { dotText, MAX_NODES, mermaidText, renderDot, renderMermaid, topologyOfPlans, topologyOfStacks } from '../../src/render/graph';
import { MARKDOWN_LIMIT, renderMarkdown } from '../../src/render/markdown';
import { renderStacksMarkdown } from '../../src/render/stacks';
import { expectGolden } from '../helpers/golden';
import { everyKindPlan, whyPlan } from './fixture';

const golden = (name: string, actual: string) => expectGolden(path.join(__dirname, 'golden', name), actual);
const fixtureStack = () => readStackConfig(path.join(__dirname, 'fixtures', 'graph', 'proj', 'cdk.tf.json'), os.tmpdir());

/** Strict structural check of the Mermaid we write: every line one known form, ids defined before use. */
export function checkMermaid(text: string): string[] {
  const problems: string[] = [];
  const defined = new Set<string>();
  let depth = 0;
  let edges = 0;
  const label = '"(?:[^"#]|#(?:quot|amp|lt|gt|35|96);)*"';
  const shapes = [`\\[${label}\\]`, `\\{\\{${label}\\}\\}`, `\\(\\[${label}\\]\\)`, `\\[\\[${label}\\]\\]`, `\\[/${label}/\\]`, `\\(${label}\\)`, `\\[/${label}\\\\\\]`, `>${label}\\]`];
  const nodeRe = new RegExp(`^(n\\d+|note)(?:${shapes.join('|')})$`);
  const lines = text.trimEnd().split('\n');
  if (lines[0] !== 'flowchart LR') problems.push('first line is not "flowchart LR"');
  for (const raw of lines.slice(1)) {
    const l = raw.trim();
    let m: RegExpExecArray | null;
    if (/^classDef (added|changed|removed) fill:#[0-9a-f]{6},stroke:#[0-9a-f]{6},color:#000$/.test(l)) continue;
    if ((m = new RegExp(`^subgraph s\\d+\\[${label}\\]$`).exec(l))) { depth++; continue; }
    if (l === 'end') { depth--; if (depth < 0) problems.push('unbalanced end'); continue; }
    if ((m = nodeRe.exec(l))) { if (defined.has(m[1])) problems.push(`node ${m[1]} defined twice`); defined.add(m[1]); continue; }
    if ((m = /^(n\d+) (-->|==>|-\.->) (n\d+)$/.exec(l))) {
      for (const id of [m[1], m[3]]) if (!defined.has(id)) problems.push(`edge uses undefined node ${id}`);
      edges++;
      continue;
    }
    if ((m = /^linkStyle (\d+) stroke:#[0-9a-f]{6}$/.exec(l))) { if (+m[1] >= edges) problems.push(`linkStyle ${m[1]} has no edge`); continue; }
    if ((m = /^class ((?:n\d+,)*n\d+) (added|changed|removed)$/.exec(l))) {
      for (const id of m[1].split(',')) if (!defined.has(id)) problems.push(`class of undefined node ${id}`);
      continue;
    }
    problems.push(`unexpected line: ${raw}`);
  }
  if (depth !== 0) problems.push('unclosed subgraph');
  if (text.length > 50000) problems.push('over Mermaid\'s default maxTextSize of 50,000');
  if (edges > 500) problems.push('over Mermaid\'s default maxEdges of 500');
  return problems;
}

/** A plan with `n` created chats, each fed by its own department, for the summary rule. */
function bigPlan(n: number) {
  const plan = everyKindPlan();
  const proto = plan.changes[0];
  plan.changes = Array.from({ length: n }, (_, i) => ({ ...proto, address: `wecom_app_chat.c${i}`, name: `c${i}`, constructPath: `shop/c${i}`, after: { ...proto.after, chat_id: `c${i}`, name: `群${i}`, member_departments: [100 + i] } }));
  return plan;
}

describe('graph of a synthesized stack (golden)', () => {
  test('mermaid', () => golden('graph-stack.mmd', renderMermaid(topologyOfStacks([fixtureStack()]))));
  test('dot', () => golden('graph-stack.dot', renderDot(topologyOfStacks([fixtureStack()]))));
  test('edges follow references: data-source departments, tags, robots to the chat they name', () => {
    const t = topologyOfStacks([fixtureStack()]);
    const label = (k: string) => t.nodes.find((n) => n.key === k)!.label;
    const edges = t.edges.map((e) => `${label(e.from)} -> ${label(e.to)}`);
    expect(edges).toEqual(expect.arrayContaining([
      'department 技术部/后端 -> 研发群 [后端] <核心> (eng)',
      '值班 "夜班" (oncall) -> 研发群 [后端] <核心> (eng)',
      'department 9 -> 研发群 [后端] <核心> (eng)',
      '告警机器人 (alerts) -> ops#告警 (ops)',
      'legacy bot (legacy) -> chat wrOutsideChat01',
      '客服 & 售后 (service) -> customer group wrCustA',
      '敏感词-基线 (baseline) -> department 技术部/后端',
      '敏感词-基线 (baseline) -> department 2',
    ]));
  });
});

describe('graph of a plan (golden)', () => {
  test('mermaid', () => golden('graph-plan.mmd', renderMermaid(topologyOfPlans([everyKindPlan()]))));
  test('dot', () => golden('graph-plan.dot', renderDot(topologyOfPlans([everyKindPlan()]))));
  test('marks: created added, updated changed, deleted removed; edges added and removed', () => {
    const t = topologyOfPlans([everyKindPlan()]);
    const mark = (label: string) => t.nodes.find((n) => n.label.startsWith(label))!.mark;
    expect(mark('shop-告警')).toBe('added');
    expect(mark('shop-工程')).toBe('changed');
    expect(mark('shop-旧群')).toBe('removed');
    const byLabel = new Map(t.nodes.map((n) => [n.key, n.label]));
    const edge = (from: string, to: string) => t.edges.find((e) => byLabel.get(e.from)!.startsWith(from) && byLabel.get(e.to)!.startsWith(to))?.mark;
    expect(edge('department 9', 'shop-工程')).toBe('added');
    expect(edge('敏感词-基线', 'department 12')).toBe('removed');
    expect(edge('敏感词-基线', 'department 2')).toBeUndefined();
  });
});

test('with a plan, departments and customer groups carry the names the plan gave them', () => {
  const labels = topologyOfPlans([whyPlan()]).nodes.map((n) => n.label);
  expect(labels).toEqual(expect.arrayContaining([
    'department 技术部/测试组 (9), 12 people', 'department 技术部/前端组 (6)', 'customer group VIP客户2群 (wrB)',
  ]));
});

describe('escaping', () => {
  test('mermaid labels cannot end the string or open HTML', () => {
    expect(mermaidText('a "b" [c] <d> & #e `f`\nx')).toBe('a #quot;b#quot; [c] #lt;d#gt; #amp; #35;e #96;f#96; x');
  });
  test('dot labels', () => {
    expect(dotText('值班 "夜班" \\ x')).toBe('值班 \\"夜班\\" \\\\ x');
  });
});

describe('large graphs are summarised', () => {
  test(`above ${MAX_NODES} nodes, unchanged ones collapse per stack and kind and a note says so`, () => {
    const plan = bigPlan(200);
    const t = topologyOfPlans([plan]);
    expect(t.nodes.length).toBeLessThanOrEqual(MAX_NODES);
    expect(t.summarised).toMatch(/400 nodes, above the limit of 150: all objects collapsed per stack and kind/);
    const text = renderMermaid(t);
    expect(checkMermaid(text)).toEqual([]);
    expect(text).toContain('200 chats (200 added)');
    expect(text).toContain('200 departments (unchanged)');
  });
  test('when marked nodes alone fit, only unchanged ones collapse', () => {
    const plan = bigPlan(100);
    const t = topologyOfPlans([plan]);
    expect(t.summarised).toMatch(/unchanged objects collapsed/);
    expect(t.nodes.filter((n) => n.mark === 'added')).toHaveLength(100);
  });
});

describe('PR comment', () => {
  test('the diagram comes last in a fold', () => {
    const md = renderMarkdown(everyKindPlan());
    expect(md.trimEnd().endsWith('```\n\n</details>')).toBe(true);
    expect(md.lastIndexOf('```mermaid')).toBeGreaterThan(md.indexOf('Full plan'));
  });
  test('it is dropped, never cut, when it does not fit', () => {
    const plan = everyKindPlan();
    const big = plan.changes[0];
    plan.changes = [...plan.changes, ...Array.from({ length: 3000 }, (_, i) => ({ ...big, address: `wecom_app_chat.c${i}`, name: `c${i}` }))];
    const md = renderMarkdown(plan);
    expect(md.length).toBeLessThanOrEqual(MARKDOWN_LIMIT);
    expect(md).not.toContain('```mermaid');
    const several = renderStacksMarkdown({ plans: [plan, { ...everyKindPlan(), stack: 'other' }] });
    expect(several.length).toBeLessThanOrEqual(MARKDOWN_LIMIT);
  });
  test('several stacks: one diagram with a subgraph per stack', () => {
    const md = renderStacksMarkdown({ plans: [everyKindPlan(), { ...everyKindPlan(), stack: 'other' }] });
    expect(md).toContain('```mermaid');
    expect(md).toContain('subgraph s0["stack shop"]');
    expect(md).toContain('subgraph s1["stack other"]');
  });
});

describe('mermaid syntax', () => {
  const texts = () => ({
    stack: renderMermaid(topologyOfStacks([fixtureStack()])),
    plan: renderMermaid(topologyOfPlans([everyKindPlan()])),
    big: renderMermaid(topologyOfPlans([bigPlan(200)])),
    several: renderMermaid(topologyOfPlans([everyKindPlan(), { ...everyKindPlan(), stack: 'other' }])),
    named: renderMermaid(topologyOfPlans([whyPlan()])),
  });
  test('structural check', () => {
    for (const [name, text] of Object.entries(texts())) expect([name, checkMermaid(text)]).toEqual([name, []]);
  });
  test('the structural check catches broken text', () => {
    expect(checkMermaid('flowchart LR\n  n0["a"b"]\n  n0 --> n1\n')).toHaveLength(3);
  });
  test('Mermaid\'s own parser accepts every diagram and rejects a broken one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wecom-mermaid-'));
    const files = Object.entries(texts()).map(([name, text]) => { const f = path.join(dir, `${name}.mmd`); fs.writeFileSync(f, text); return f; });
    const broken = path.join(dir, 'broken.mmd');
    fs.writeFileSync(broken, 'flowchart LR\n  n0["a"b"]\n');
    let stdout: string;
    try {
      stdout = execFileSync(process.execPath, [path.join(__dirname, '..', 'helpers', 'mermaid-parse.mjs'), ...files, broken], { encoding: 'utf8' });
    } catch (e) {
      stdout = (e as { stdout: string }).stdout;
    }
    const results = stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; ok: boolean; error?: string });
    expect(results.filter((r) => r.file !== broken)).toEqual(files.map((file) => ({ file, ok: true, type: 'flowchart-v2' })));
    expect(results.find((r) => r.file === broken)!.ok).toBe(false);
  });
});

// Graphviz's own `dot` lays out every DOT rendering; skipped (saying why) where it is not installed.
const dotBin = (process.env.PATH ?? '').split(path.delimiter).map((d) => path.join(d, 'dot')).find((f) => fs.existsSync(f));
describe('DOT syntax', () => {
  const dots = () => ({
    stack: renderDot(topologyOfStacks([fixtureStack()])),
    plan: renderDot(topologyOfPlans([everyKindPlan()])),
    big: renderDot(topologyOfPlans([bigPlan(200)])),
    several: renderDot(topologyOfPlans([everyKindPlan(), { ...everyKindPlan(), stack: 'other' }])),
    named: renderDot(topologyOfPlans([whyPlan()])),
  });
  if (!dotBin) {
    test.skip('Graphviz `dot` is not on PATH (apt-get install graphviz): DOT renderings not laid out', () => undefined);
    return;
  }
  test('Graphviz lays out every DOT rendering (dot -Tsvg) and rejects a broken one', () => {
    for (const [name, text] of Object.entries(dots())) {
      const svg = execFileSync(dotBin, ['-Tsvg'], { input: text, encoding: 'utf8' });
      expect([name, svg.includes('<svg')]).toEqual([name, true]);
    }
    expect(() => execFileSync(dotBin, ['-Tsvg'], { input: 'digraph { a -> ; }', stdio: 'pipe' })).toThrow();
  });
});
