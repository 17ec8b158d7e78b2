// `cdktf-wecom graph`: a picture of the topology — departments and tags -> chats, robots -> chats,
// join ways -> customer groups, intercept rules -> the departments they cover — as Mermaid (GitHub
// renders it in comments) or Graphviz DOT. Built only from what is already at hand: the
// synthesized stacks (config as written, references unresolved) or a saved plan (the changes'
// before/after values), never from an API call. With a plan, nodes and edges are marked added,
// changed or removed.
//
// Large graphs are summarised (SUMMARY RULE): above MAX_NODES nodes, unchanged objects are
// collapsed into one node per stack and kind ("37 chats (unchanged)"); if that is still above
// the limit, every object is collapsed per stack and kind, with its added/changed/removed counts.
// A note node says that, and how many nodes were collapsed. Edges between collapsed nodes are
// merged. This keeps the Mermaid text well under GitHub's limits (50,000 characters, 500 edges).
import type { StackConfig } from '../engine/config/stack';
import type { Plan, ResourceChange } from '../engine/plan/model';

export type GraphMark = 'added' | 'changed' | 'removed';
export type NodeKind = 'chat' | 'department' | 'tag' | 'robot' | 'join-way' | 'customer-group' | 'rule' | 'note';

export interface GraphNode { key: string; label: string; kind: NodeKind; stack?: string; mark?: GraphMark }
export interface GraphEdge { from: string; to: string; mark?: GraphMark }
export interface Topology { nodes: GraphNode[]; edges: GraphEdge[]; summarised?: string }

/** Above this many nodes the graph is summarised (see SUMMARY RULE above). */
export const MAX_NODES = 150;

const KIND_NOUN: Record<NodeKind, [string, string]> = {
  chat: ['chat', 'chats'], department: ['department', 'departments'], tag: ['tag', 'tags'], robot: ['robot', 'robots'],
  'join-way': ['join way', 'join ways'], 'customer-group': ['customer group', 'customer groups'], rule: ['intercept rule', 'intercept rules'], note: ['note', 'notes'],
};

const RESOURCE_KIND: Record<string, NodeKind> = {
  wecom_app_chat: 'chat', wecom_tag: 'tag', wecom_group_robot: 'robot', wecom_join_way: 'join-way', wecom_intercept_rule: 'rule',
};

/** One managed object with the attributes to draw it from (config as written, or a plan's values). */
interface Item { stack: string; address: string; type: string; name: string; constructPath?: string; attrs: Record<string, unknown>; mark?: GraphMark; before?: boolean }

class Builder {
  readonly nodes = new Map<string, GraphNode>();
  readonly edges = new Map<string, GraphEdge>();
  private readonly items: Item[] = [];
  private readonly dataLabels = new Map<string, string>();
  /** Labels a plan gave ids (`department:9` -> `department 技术部/测试组 (9), 12 people`). */
  private readonly known = new Map<string, string>();

  addStack(stack: StackConfig): void {
    for (const b of stack.blocks) {
      if (b.mode === 'data') this.dataLabels.set(`${stack.stackName}/${b.address}`, dataLabel(b.type, b.name, b.config));
      else if (RESOURCE_KIND[b.type]) this.items.push({ stack: stack.stackName, address: b.address, type: b.type, name: b.name, constructPath: b.constructPath, attrs: b.config });
    }
  }

  addPlan(plan: Plan, labelled: (c: ResourceChange) => boolean = () => true): void {
    // Departments, tags and customer groups as the plan named them (path, id, head count).
    for (const c of [...plan.changes, ...plan.drift].filter(labelled)) {
      for (const [k, label] of Object.entries(c.details.labels ?? {})) {
        const [kind, id] = [k.slice(0, k.indexOf(':')), k.slice(k.indexOf(':') + 1)];
        if (kind === 'department') this.known.set(`department:${id}`, `department ${label}`);
        else if (kind === 'tag') this.known.set(`tag:${id}`, label);
        else if (kind === 'chat') this.known.set(`customer-group:${id}`, `customer group ${label}`);
      }
    }
    for (const c of plan.changes) {
      if (c.mode === 'data' || !RESOURCE_KIND[c.type]) continue;
      const base = { stack: plan.stack, address: c.address, type: c.type, name: c.name, constructPath: c.constructPath };
      if (c.kind === 'create') this.items.push({ ...base, attrs: c.after ?? {}, mark: 'added' });
      else if (c.kind === 'delete' || c.kind === 'forget') this.items.push({ ...base, attrs: c.before ?? {}, mark: 'removed' });
      else if (c.kind === 'update' || c.kind === 'replace') {
        this.items.push({ ...base, attrs: c.after ?? {}, mark: 'changed' });
        this.items.push({ ...base, attrs: c.before ?? {}, mark: 'removed', before: true });
      }
    }
  }

  build(): Topology {
    // Resource nodes first, so references and chat ids resolve to them.
    const chatIds = new Map<string, string>();
    for (const it of this.items) {
      if (it.before) continue;
      const key = `${it.stack}/${it.address}`;
      this.nodes.set(key, { key, label: itemLabel(it), kind: RESOURCE_KIND[it.type], stack: it.stack, mark: it.mark });
      if (it.type === 'wecom_app_chat' && typeof it.attrs.chat_id === 'string' && !it.attrs.chat_id.includes('${')) chatIds.set(it.attrs.chat_id, key);
    }
    const changed = new Map<string, { now: Set<string>; before: Set<string> }>();
    for (const it of this.items) {
      const key = `${it.stack}/${it.address}`;
      const isBefore = !!it.before;
      const pairs = this.endpoints(it, chatIds).map(([from, to]) => `${from}\u0000${to}`);
      if (it.mark === 'changed' || isBefore) {
        const e = changed.get(key) ?? { now: new Set(), before: new Set() };
        pairs.forEach((p) => (isBefore ? e.before : e.now).add(p));
        changed.set(key, e);
      } else {
        for (const p of pairs) this.edge(p, it.mark);
      }
    }
    for (const { now, before } of changed.values()) {
      for (const p of now) this.edge(p, before.has(p) ? undefined : 'added');
      for (const p of before) if (!now.has(p)) this.edge(p, 'removed');
    }
    return { nodes: [...this.nodes.values()], edges: [...this.edges.values()] };
  }

  private edge(pair: string, mark?: GraphMark): void {
    const [from, to] = pair.split('\u0000');
    const prev = this.edges.get(pair);
    if (!prev || (prev.mark && !mark)) this.edges.set(pair, { from, to, mark });
  }

  /** [from, to] node keys of the item's edges, creating the endpoint nodes. */
  private endpoints(it: Item, chatIds: Map<string, string>): Array<[string, string]> {
    const self = `${it.stack}/${it.address}`;
    const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
    const out: Array<[string, string]> = [];
    switch (it.type) {
      case 'wecom_app_chat':
        for (const d of list(it.attrs.member_departments)) out.push([this.endpoint(it.stack, d, 'department'), self]);
        for (const t of list(it.attrs.member_tags)) out.push([this.endpoint(it.stack, t, 'tag'), self]);
        break;
      case 'wecom_group_robot':
        for (const c of list(it.attrs.chat_id)) {
          const literal = typeof c === 'string' && !c.includes('${') ? chatIds.get(c) : undefined;
          out.push([self, literal ?? this.endpoint(it.stack, c, 'chat')]);
        }
        break;
      case 'wecom_join_way':
        for (const g of list(it.attrs.chat_id_list)) out.push([self, this.endpoint(it.stack, g, 'customer-group')]);
        break;
      case 'wecom_intercept_rule':
        for (const d of list(it.attrs.applicable_departments)) out.push([self, this.endpoint(it.stack, d, 'department')]);
        break;
    }
    return out;
  }

  /** The node for a value (an id, or a reference to another block), created when new. */
  private endpoint(stack: string, value: unknown, kind: NodeKind): string {
    const ref = typeof value === 'string' ? /^\$\{((?:data\.)?[\w-]+\.[\w-]+)(?:\.([\w-]+))?(.*)\}$/.exec(value) : null;
    if (ref) {
      const index = /\[(\d+)\]/.exec(ref[3] ?? '')?.[1];
      const key = `${stack}/${ref[1]}${index !== undefined ? `[${index}]` : ''}`;
      if (!this.nodes.has(key)) {
        const base = this.dataLabels.get(`${stack}/${ref[1]}`) ?? refLabel(ref[1], ref[2]);
        this.nodes.set(key, { key, label: index !== undefined ? `${base} [${index}]` : base, kind, stack: ref[1].startsWith('data.') ? undefined : stack });
      }
      return key;
    }
    const id = String(value);
    const key = `${kind}:${id}`;
    if (!this.nodes.has(key)) this.nodes.set(key, { key, label: this.known.get(key) ?? `${KIND_NOUN[kind][0]} ${id}`, kind });
    return key;
  }
}

function dataLabel(type: string, name: string, config: Record<string, unknown>): string {
  if (type === 'wecom_department') {
    const lit = (v: unknown) => (v !== undefined && v !== null && !String(v).includes('${') ? String(v) : undefined);
    const p = lit(config.name_path);
    const id = lit(config.department_id);
    return p ? `department ${p}` : id ? `department ${id}` : `department ${name}`;
  }
  if (type === 'wecom_customer_groups') return `customer groups ${name}`;
  if (type === 'terraform_remote_state') return `from stack ${name.replace(/^cross-stack-reference-input-/, '')}`;
  return `${type}.${name}`;
}

function refLabel(address: string, attr?: string): string {
  const parts = address.split('.');
  const name = parts[parts.length - 1];
  return attr ? `${parts.slice(0, -1).join('.')}.${name}.${attr}` : name;
}

function itemLabel(it: Item): string {
  const str = (v: unknown) => (typeof v === 'string' && v && !v.includes('${') ? v : undefined);
  const named = str(it.attrs.name) ?? str(it.attrs.tag_name) ?? str(it.attrs.rule_name) ?? str(it.attrs.remark);
  const path = it.constructPath ? it.constructPath.replace(/\/Resource$/, '').split('/').slice(1).join('/') || it.constructPath : it.name;
  return named ? `${named} (${path})` : path;
}

/** The topology of synthesized stacks (config as written; no API calls). */
export function topologyOfStacks(stacks: StackConfig[], maxNodes = MAX_NODES): Topology {
  const b = new Builder();
  for (const s of stacks) b.addStack(s);
  return summarise(b.build(), maxNodes);
}

/** The topology of what saved plans change, marked added / changed / removed. */
export function topologyOfPlans(plans: Plan[], maxNodes = MAX_NODES, labelled?: (c: ResourceChange) => boolean): Topology {
  const b = new Builder();
  for (const p of plans) b.addPlan(p, labelled);
  return summarise(b.build(), maxNodes);
}

/** True when the plans change anything the graph draws. */
export const graphRelevant = (changes: ResourceChange[]): boolean => changes.some((c) => c.mode !== 'data' && !!RESOURCE_KIND[c.type] && c.kind !== 'no-op' && c.kind !== 'read');

function summarise(t: Topology, maxNodes: number): Topology {
  if (t.nodes.length <= maxNodes) return t;
  const first = collapse(t, (n) => !n.mark);
  const out = first.nodes.length <= maxNodes ? first : collapse(t, () => true);
  const collapsed = t.nodes.length - out.nodes.length;
  const how = out === first ? 'unchanged objects collapsed per stack and kind' : 'all objects collapsed per stack and kind';
  const summarised = `${t.nodes.length} nodes, above the limit of ${maxNodes}: ${how} (${collapsed} fewer nodes). Draw fewer stacks with cdktf-wecom graph --stack S.`;
  return { ...out, summarised };
}

function collapse(t: Topology, fold: (n: GraphNode) => boolean): Topology {
  const groups = new Map<string, GraphNode[]>();
  const into = new Map<string, string>();
  for (const n of t.nodes) {
    if (!fold(n)) { into.set(n.key, n.key); continue; }
    const g = `group:${n.stack ?? ''}:${n.kind}`;
    into.set(n.key, g);
    groups.set(g, [...(groups.get(g) ?? []), n]);
  }
  const nodes: GraphNode[] = t.nodes.filter((n) => into.get(n.key) === n.key);
  for (const [key, members] of groups) {
    const { kind, stack } = members[0];
    const counts = (['added', 'changed', 'removed'] as const).map((m) => [m, members.filter((n) => n.mark === m).length] as const).filter(([, c]) => c);
    const noun = KIND_NOUN[kind][members.length === 1 ? 0 : 1];
    const detail = counts.length ? counts.map(([m, c]) => `${c} ${m}`).join(', ') : 'unchanged';
    const mark = counts.length === 1 && counts[0][1] === members.length ? counts[0][0] : counts.length ? 'changed' : undefined;
    nodes.push({ key, label: `${members.length} ${noun} (${detail})`, kind, stack, mark });
  }
  const edges = new Map<string, GraphEdge>();
  for (const e of t.edges) {
    const from = into.get(e.from)!;
    const to = into.get(e.to)!;
    const k = `${from}\u0000${to}`;
    const prev = edges.get(k);
    if (!prev) edges.set(k, { from, to, mark: e.mark });
    else if (prev.mark !== e.mark) prev.mark = prev.mark && e.mark ? 'changed' : prev.mark ?? e.mark;
  }
  return { nodes, edges: [...edges.values()] };
}

// ---- Rendering ----

const MARK_STYLE: Record<GraphMark, { fill: string; stroke: string }> = {
  added: { fill: '#dafbe1', stroke: '#1a7f37' },
  changed: { fill: '#fff8c5', stroke: '#bf8700' },
  removed: { fill: '#ffebe9', stroke: '#cf222e' },
};

/** Mermaid label text inside "...": entity codes for what would end the string or open HTML/Markdown. */
export function mermaidText(s: string): string {
  return s.replace(/[\r\n\t]+/g, ' ')
    .replace(/#/g, '#35;').replace(/"/g, '#quot;').replace(/&/g, '#amp;').replace(/</g, '#lt;').replace(/>/g, '#gt;').replace(/`/g, '#96;');
}

/** DOT double-quoted string contents. */
export function dotText(s: string): string {
  return s.replace(/[\r\n\t]+/g, ' ').replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

const MERMAID_SHAPE: Record<NodeKind, [string, string]> = {
  chat: ['["', '"]'], department: ['{{"', '"}}'], tag: ['(["', '"])'], robot: ['[["', '"]]'],
  'join-way': ['[/"', '"/]'], 'customer-group': ['("', '")'], rule: ['[/"', '"\\]'], note: ['>"', '"]'],
};

function ids(t: Topology): Map<string, string> {
  return new Map(t.nodes.map((n, i) => [n.key, `n${i}`]));
}

/** Stacks in first-seen order; nodes outside any stack (department ids, tag ids) come last. */
function byStack(t: Topology): Array<[string | undefined, GraphNode[]]> {
  const m = new Map<string | undefined, GraphNode[]>();
  for (const n of t.nodes) m.set(n.stack, [...(m.get(n.stack) ?? []), n]);
  return [...m.entries()].sort(([a], [b]) => (a === undefined ? 1 : 0) - (b === undefined ? 1 : 0));
}

export function renderMermaid(t: Topology): string {
  const id = ids(t);
  const out = ['flowchart LR'];
  for (const [m, s] of Object.entries(MARK_STYLE)) out.push(`  classDef ${m} fill:${s.fill},stroke:${s.stroke},color:#000`);
  const node = (n: GraphNode) => `${id.get(n.key)}${MERMAID_SHAPE[n.kind][0]}${mermaidText(n.label)}${MERMAID_SHAPE[n.kind][1]}`;
  byStack(t).forEach(([stack, nodes], i) => {
    if (stack === undefined) { for (const n of nodes) out.push(`  ${node(n)}`); return; }
    out.push(`  subgraph s${i}["stack ${mermaidText(stack)}"]`);
    for (const n of nodes) out.push(`    ${node(n)}`);
    out.push('  end');
  });
  if (t.summarised) out.push(`  note${MERMAID_SHAPE.note[0]}${mermaidText(t.summarised)}${MERMAID_SHAPE.note[1]}`);
  const links: string[] = [];
  t.edges.forEach((e, i) => {
    out.push(`  ${id.get(e.from)} ${e.mark === 'removed' ? '-.->' : e.mark === 'added' ? '==>' : '-->'} ${id.get(e.to)}`);
    if (e.mark) links.push(`  linkStyle ${i} stroke:${MARK_STYLE[e.mark].stroke}`);
  });
  out.push(...links);
  for (const m of Object.keys(MARK_STYLE)) {
    const marked = t.nodes.filter((n) => n.mark === m).map((n) => id.get(n.key));
    if (marked.length) out.push(`  class ${marked.join(',')} ${m}`);
  }
  return out.join('\n') + '\n';
}

const DOT_SHAPE: Record<NodeKind, string> = {
  chat: 'box', department: 'hexagon', tag: 'ellipse', robot: 'component', 'join-way': 'parallelogram', 'customer-group': 'box3d', rule: 'trapezium', note: 'note',
};

export function renderDot(t: Topology): string {
  const id = ids(t);
  const out = ['digraph wecom {', '  rankdir=LR;', '  node [fontname="sans-serif"];'];
  const node = (n: GraphNode) => {
    const style = n.mark ? `, style=filled, fillcolor="${MARK_STYLE[n.mark].fill}", color="${MARK_STYLE[n.mark].stroke}"` : '';
    return `${id.get(n.key)} [label="${dotText(n.label)}", shape=${DOT_SHAPE[n.kind]}${style}];`;
  };
  byStack(t).forEach(([stack, nodes], i) => {
    if (stack === undefined) { for (const n of nodes) out.push(`  ${node(n)}`); return; }
    out.push(`  subgraph cluster_${i} {`, `    label="stack ${dotText(stack)}";`);
    for (const n of nodes) out.push(`    ${node(n)}`);
    out.push('  }');
  });
  if (t.summarised) out.push(`  note [label="${dotText(t.summarised)}", shape=note];`);
  for (const e of t.edges) {
    const style = e.mark ? ` [color="${MARK_STYLE[e.mark].stroke}"${e.mark === 'removed' ? ', style=dashed' : e.mark === 'added' ? ', penwidth=2' : ''}]` : '';
    out.push(`  ${id.get(e.from)} -> ${id.get(e.to)}${style};`);
  }
  out.push('}');
  return out.join('\n') + '\n';
}

/** The Mermaid diagram in a fold for a PR comment, or '' when the plans draw nothing. */
export function mermaidFold(plans: Plan[]): string {
  if (!plans.some((p) => graphRelevant(p.changes))) return '';
  // Names from changes to what exists only: a new object is explained by the code in the PR, and
  // the comment rendered from Terraform's JSON of a first plan (no directory) stays the same.
  const t = topologyOfPlans(plans, MAX_NODES, (c) => c.kind !== 'create');
  return `<details><summary>Topology of the changes (green added, amber changed, red removed)</summary>\n\n\`\`\`mermaid\n${renderMermaid(t)}\`\`\`\n\n</details>\n`;
}
