// Generated parts of docs/constructs.md: the resource schema reference and the validation ids,
// rendered from src/schema between BEGIN/END markers so the hand-written prose around stays.

import * as fs from 'fs';
import * as path from 'path';
import { AttributeSchema, ObjectSchema, VALIDATION_IDS, allSchemas, typeName } from '../src/schema';

const DOC = 'docs/constructs.md';

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function constraintText(a: AttributeSchema): string {
  const parts: string[] = [];
  const c = a.constraints;
  if (a.items) parts.push(`${a.items.min ?? 0}..${a.items.max ?? '∞'} ${a.items.noun ?? 'items'} (${a.items.id})`);
  if (c?.length) parts.push(`${c.length.min ?? 0}..${c.length.max ?? '∞'} ${c.length.unit} (${c.length.id})`);
  if (c?.pattern) parts.push(`${c.pattern.allowed} (${c.pattern.id})`);
  if (c?.range) parts.push(`${c.range.integer ? 'integer ' : ''}${c.range.min ?? '-∞'}..${c.range.max ?? '∞'} (${c.range.id})`);
  if (c?.oneOf) parts.push(`one of ${c.oneOf.values.map((v) => JSON.stringify(v)).join(', ')} (${c.oneOf.id})`);
  if (c?.envVarName) parts.push(`env var name (${c.envVarName.id})`);
  if (a.caseInsensitive) parts.push('case-insensitive');
  return parts.join('; ');
}

function flagText(a: AttributeSchema): string {
  const f: string[] = [];
  if (a.required) f.push('required');
  if (a.optional) f.push('optional');
  if (a.computed) f.push('computed');
  if (a.forceNew) f.push('forces replacement');
  if (a.sensitive) f.push('sensitive');
  return f.join(', ');
}

function schemaSection(s: ObjectSchema): string {
  const title = s.kind === 'provider' ? `provider \`${s.name}\`` : s.kind === 'data' ? `data \`${s.name}\`` : `resource \`${s.name}\``;
  const rows = Object.entries(s.attributes).map(([name, a]) => {
    const dflt = a.default === undefined ? '' : `\`${JSON.stringify(a.default)}\``;
    return `| \`${name}\` | ${typeName(a.type)} | ${flagText(a)} | ${dflt} | ${cell(constraintText(a))} | ${cell(a.description)} |`;
  });
  return [
    `### ${title} (schema version ${s.version})`,
    '',
    s.description,
    '',
    '| Attribute | Type | Flags | Default | Limits | Description |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

export function schemaReference(): string {
  return allSchemas().map(schemaSection).join('\n');
}

export function validationTable(): string {
  const rows = Object.entries(VALIDATION_IDS).map(([id, v]) => `| \`${id}\` | ${cell(v.summary)} |`);
  return ['| Id | Checks |', '|---|---|', ...rows, ''].join('\n');
}

function replaceSection(doc: string, name: string, body: string): string {
  const begin = `<!-- BEGIN GENERATED: ${name} -->`;
  const end = `<!-- END GENERATED: ${name} -->`;
  const i = doc.indexOf(begin);
  const j = doc.indexOf(end);
  if (i < 0 || j < i) throw new Error(`${DOC}: markers for ${name} are missing`);
  return `${doc.slice(0, i + begin.length)}\n${body}${doc.slice(j)}`;
}

export function generateDocs(root: string): Map<string, string> {
  const file = path.join(root, DOC);
  if (!fs.existsSync(file)) return new Map();
  let doc = fs.readFileSync(file, 'utf8');
  doc = replaceSection(doc, 'schema', schemaReference());
  doc = replaceSection(doc, 'validation-ids', validationTable());
  return new Map([[DOC, doc]]);
}
