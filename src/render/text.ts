// Terminal rendering of a plan, in Terraform's shape: `+` create, `~` update, `-/+` replace,
// `-` destroy. Members are shown as added/removed userids with names. Colour only when asked
// (the CLI asks on a TTY), so piped output and the Markdown's folded plan stay plain.
import pc from 'picocolors';
import { Attrs, Plan, ResourceChange, summaryLine } from '../engine/plan/model';
import { expandSameAs, RESOURCE_SCHEMAS } from '../schema';

export interface TextOptions { color?: boolean }

type Paint = (s: string) => string;
interface Palette { add: Paint; del: Paint; upd: Paint; dim: Paint; bold: Paint }

function palette(color: boolean): Palette {
  const c = pc.createColors(color);
  return { add: c.green, del: c.red, upd: c.yellow, dim: c.dim, bold: c.bold };
}

const HEADLINE: Record<ResourceChange['kind'], string> = {
  create: 'will be created',
  update: 'will be updated in-place',
  replace: 'must be replaced',
  delete: 'will be destroyed',
  forget: 'will be forgotten (left in WeCom, removed from state)',
  read: 'will be read during apply',
  'no-op': 'is unchanged',
};

const SYMBOL: Record<ResourceChange['kind'], string> = {
  create: '+', update: '~', replace: '-/+', delete: '-', forget: '-', read: '<=', 'no-op': ' ',
};

export function renderText(plan: Plan, opts: TextOptions = {}): string {
  const p = palette(!!opts.color);
  const out: string[] = [];
  if (plan.drift.length) {
    out.push(p.bold('Objects have changed outside of cdktf-wecom (drift):'), '');
    for (const c of plan.drift) out.push(...renderChange(c, p, true), '');
  }
  const shown = plan.changes.filter((c) => c.kind !== 'no-op' && c.kind !== 'read');
  if (shown.length) {
    out.push('cdktf-wecom will perform the following actions:', '');
    for (const c of shown) out.push(...renderChange(c, p, false), '');
  }
  for (const q of plan.quotas.filter((x) => !x.ok)) {
    out.push(p.del(`Quota: this plan needs ${q.needed} ${q.name}, but only ${q.remaining} of ${q.limit} remain.`));
  }
  for (const w of plan.warnings) out.push(p.upd(`Warning: ${w}`));
  for (const f of plan.policy?.findings ?? []) {
    out.push(f.suppressed ? p.dim(`Policy: suppressed ${f.message} (reason: ${f.suppressed})`) : p.upd(`Policy: ${f.message}${f.fix ? ` — expected: ${f.fix}` : ''}`));
  }
  out.push(p.bold(summaryLine(plan)));
  return out.join('\n') + '\n';
}

export function renderChange(c: ResourceChange, p: Palette = palette(false), drift = false): string[] {
  const paint = c.kind === 'create' ? p.add : c.kind === 'delete' || c.kind === 'forget' ? p.del : p.upd;
  const where = c.constructPath ? ` (${c.constructPath})` : '';
  const head = drift ? 'has changed' : HEADLINE[c.kind];
  const lines = [p.bold(`  # ${c.address}${where} ${head}`)];
  const block = c.mode === 'data' ? 'data' : 'resource';
  lines.push(`  ${paint(SYMBOL[c.kind])} ${block} "${c.type}" "${c.name}" {`);
  lines.push(...attributeLines(c, p).map((l) => `      ${l}`));
  for (const note of c.details.notes ?? []) lines.push(p.dim(`      # ${note}`));
  if (c.details.departedMembers?.length) lines.push(p.upd(`      # left the company: ${c.details.departedMembers.join(', ')}`));
  lines.push('    }');
  return lines;
}

function attributeLines(c: ResourceChange, p: Palette): string[] {
  // For people: resolved_members stored as null ("exactly members") is shown as who that is.
  const schema = c.mode === 'managed' ? RESOURCE_SCHEMAS[c.type] : undefined;
  const unknownAfter = new Set(Object.keys(c.afterUnknown).filter((k) => c.afterUnknown[k] === true));
  const before = schema ? expandSameAs(schema, c.before ?? {}) : c.before ?? {};
  const after = schema ? expandSameAs(schema, c.after ?? {}, unknownAfter) : c.after ?? {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after), ...Object.keys(c.afterUnknown)])].sort();
  const width = Math.max(0, ...keys.map((k) => k.length));
  const lines: string[] = [];
  for (const k of keys) {
    const name = k.padEnd(width);
    const sens = c.afterSensitive[k] === true || c.beforeSensitive[k] === true;
    const unknown = c.afterUnknown[k] === true;
    const b = before[k];
    const a = after[k];
    const forces = c.details.replacePaths?.includes(k) ? p.del(' # forces replacement') : '';
    // A scalar naming a department, tag or chat says which (a robot's chat_id: the chat's name).
    const what = (v: unknown) => {
      const l = SCALAR_LABELLED[k] && !Array.isArray(v) && v !== null && v !== undefined ? c.details.labels?.[`${SCALAR_LABELLED[k]}:${String(v)}`] : undefined;
      return l ? p.dim(`  # ${l}`) : '';
    };
    if (c.kind === 'create') {
      if (a === null || a === undefined) { if (unknown) lines.push(`${p.add('+')} ${name} = ${p.dim('(known after apply)')}`); continue; }
      lines.push(`${p.add('+')} ${name} = ${fmt(a, sens)}${what(a)}`);
    } else if (c.kind === 'delete' || c.kind === 'forget') {
      if (b === null || b === undefined) continue;
      lines.push(`${p.del('-')} ${name} = ${fmt(b, sens)}${what(b)}`);
    } else if (unknown && !equal(b, a)) {
      lines.push(`${p.upd('~')} ${name} = ${fmt(b, sens)} -> ${p.dim('(known after apply)')}${forces}`);
    } else if (!equal(b, a)) {
      if (Array.isArray(a) && Array.isArray(b) && !sens) lines.push(...setDiffLines(name, b, a, c, p, forces, LABELLED[k]));
      else lines.push(`${p.upd('~')} ${name} = ${fmt(b, sens)} -> ${fmt(a, sens)}${forces}${what(a)}`);
    }
  }
  return lines;
}

/** Attributes whose elements are departments, tags or customer groups: shown with their labels. */
const LABELLED: Record<string, 'department' | 'tag' | 'chat' | undefined> = {
  member_departments: 'department', applicable_departments: 'department', departments: 'department', member_tags: 'tag', chat_id_list: 'chat',
};

/** Scalars that name something labelled: a robot's chat. */
const SCALAR_LABELLED: Record<string, 'chat' | undefined> = { chat_id: 'chat' };

function setDiffLines(name: string, before: unknown[], after: unknown[], c: ResourceChange, p: Palette, forces: string, kind?: 'department' | 'tag' | 'chat'): string[] {
  const bs = new Set(before.map((x) => JSON.stringify(x)));
  const as = new Set(after.map((x) => JSON.stringify(x)));
  const added = after.filter((x) => !bs.has(JSON.stringify(x)));
  const removed = before.filter((x) => !as.has(JSON.stringify(x)));
  // The element, its comma, then what it is or why it changes as a comment.
  const label = (x: unknown) => {
    const known = kind && c.details.labels?.[`${kind}:${String(x)}`];
    if (known) return `${JSON.stringify(x)},${p.dim(`  # ${known}`)}`;
    const n = typeof x === 'string' ? c.details.names?.[x] : undefined;
    const why = typeof x === 'string' ? c.details.provenance?.[x] : undefined;
    return `${n ? `${JSON.stringify(x)} (${n})` : JSON.stringify(x)},${why?.length ? p.dim(`  # ${why.join('; ')}`) : ''}`;
  };
  const lines = [`${p.upd('~')} ${name} = [${forces}`];
  for (const x of added) lines.push(`    ${p.add('+')} ${label(x)}`);
  for (const x of removed) lines.push(`    ${p.del('-')} ${label(x)}`);
  const kept = after.length - added.length;
  if (kept > 0) lines.push(p.dim(`      # (${kept} unchanged element${kept === 1 ? '' : 's'} hidden)`));
  lines.push('  ]');
  return lines;
}

function fmt(v: unknown, sensitive: boolean): string {
  if (sensitive) return '(sensitive value)';
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v) && v.length > 8) return `[${v.slice(0, 8).map((x) => JSON.stringify(x)).join(', ')}, ... (${v.length} total)]`;
  return JSON.stringify(v);
}

function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

export type { Attrs };
