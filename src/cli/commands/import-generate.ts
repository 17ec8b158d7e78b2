// `cdktf-wecom import --generate --stack S [--out FILE] [--ids FILE]`: write construct code for
// what already exists in the corp and import it into the state of stack S, so that once the app
// calls `addImported(stack)` the next plan says "No changes".
//
// Intercept rules and tags are listed; app chats, join ways and welcome templates (WeCom cannot
// list them) come from an ids file. Each object is read with its resource handler's import() (the
// same attributes `import ADDRESS ID` records), turned into a construct call, and the addresses
// those constructs synthesize to are found the way cdktf finds them: by synthesizing a throwaway
// app that calls addImported() on a stack named S.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, TerraformStack } from '../../cdktf';
import type { Directory } from '../../engine/directory';
import { handlerContext } from '../../engine/planner';
import { forResource, resourceHandler } from '../../engine/resources';
import type { Attrs } from '../../engine/resources/types';
import type { Runtime } from '../../engine/runtime';
import { emptyState, TerraformState } from '../../engine/state';
import { StateWriter } from '../../engine/state/writer';
import { LoadedStack, withLock, withRuntime } from '../context';

export interface IdsFile { app_chats?: string[]; join_ways?: string[]; welcome_templates?: string[] }

export interface GeneratedObject {
  type: string;
  /** The id `import ADDRESS ID` takes. */
  importId: string;
  constructId: string;
  /** Statements declaring the construct (inside addImported). */
  code: string;
  /** What to record in state (the handler's import attributes, adjusted to the generated props). */
  attrs: Attrs;
}

export interface GenerateResult { objects: GeneratedObject[]; source: string; addresses: Map<GeneratedObject, string>; skipped: string[] }

export function readIdsFile(file: string): IdsFile {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`--ids ${file}: ${(e as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`--ids ${file}: expected {"app_chats": [...], "join_ways": [...], "welcome_templates": [...]}`);
  const out: IdsFile = {};
  for (const [k, v] of Object.entries(raw)) {
    if (k !== 'app_chats' && k !== 'join_ways' && k !== 'welcome_templates') throw new Error(`--ids ${file}: unknown key "${k}" (app_chats, join_ways, welcome_templates)`);
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || !x)) throw new Error(`--ids ${file}: "${k}" must be a list of non-empty strings`);
    out[k] = [...new Set(v as string[])];
  }
  return out;
}

const lit = (v: unknown): string => JSON.stringify(v);
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const nums = (v: unknown): number[] => (Array.isArray(v) ? v.map(Number) : []);

/** Readable, unique construct ids: the ASCII part of the name, else a kind prefix and the object's id. */
class Ids {
  private readonly taken = new Set<string>();
  make(name: string, prefix: string, objectId: string): string {
    const ascii = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
    const base = ascii.length >= 2 ? `${prefix}-${ascii}` : `${prefix}-${objectId.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'x'}`;
    let id = base.slice(0, 60);
    for (let n = 2; this.taken.has(id); n++) id = `${base.slice(0, 56)}-${n}`;
    this.taken.add(id);
    return id;
  }
}

const comment = (s: string): string => `  // ${s.replace(/[\r\n]+/g, ' ')}\n`;

function ruleCode(a: Attrs, id: string): string {
  const semantics = nums(a.semantics_list).map((s) => ({ 1: 'phone', 2: 'email', 3: 'redPacket' } as Record<number, string>)[s]);
  const users = strs(a.applicable_users);
  const depts = nums(a.applicable_departments);
  const appliesTo = [users.length ? `users: ${lit(users)}` : '', depts.length ? `departments: ${lit(depts)}` : ''].filter(Boolean).join(', ');
  return `${comment(`intercept rule ${a.rule_id}: ${a.rule_name}`)}  new InterceptRule(scope, ${lit(id)}, {
    name: ${lit(a.rule_name)},
    words: ${lit(strs(a.word_list))},
${semantics.length ? `    semantics: ${lit(semantics)},\n` : ''}    interceptType: ${lit(Number(a.intercept_type) === 2 ? 'warnOnly' : 'warnAndBlock')},
    appliesTo: { ${appliesTo} },
  });
`;
}

function tagCode(a: Attrs, id: string): string {
  const users = a.users === null ? undefined : strs(a.users);
  const depts = a.departments === null ? undefined : nums(a.departments);
  return `${comment(`tag ${a.tag_id}: ${a.tag_name}`)}  new Tag(scope, ${lit(id)}, {
    name: ${lit(a.tag_name)},
    tagId: ${lit(a.tag_id)},
${users ? `    users: ${lit(users)},\n` : ''}${depts ? `    departments: ${lit(depts)},\n` : ''}  });
`;
}

interface Grouping { users: string[]; departments: number[]; tags: number[]; notes: string[] }

/**
 * Members as whole departments (sub-departments included) or tags where all of their people are
 * in the chat, users otherwise. Largest groups first; a group must have at least 2 people.
 */
async function groupMembers(dir: Directory, members: string[], tags: Map<number, string>): Promise<Grouping> {
  const have = new Set(members.map((m) => m.toLowerCase()));
  const covered = new Set<string>();
  const candidates: Array<{ kind: 'department' | 'tag'; id: number; users: string[]; label: string }> = [];
  for (const d of (await dir.departments()).values()) {
    const users = (await dir.usersInDepartmentTree(d.id)).map((u) => u.toLowerCase());
    if (users.length >= 2 && users.every((u) => have.has(u))) candidates.push({ kind: 'department', id: d.id, users, label: (await dir.namePath(d.id)) ?? d.name });
  }
  for (const [t, name] of tags) {
    const users = ((await dir.usersOfTag(t)) ?? []).map((u) => u.toLowerCase());
    if (users.length >= 2 && users.every((u) => have.has(u))) candidates.push({ kind: 'tag', id: t, users, label: name });
  }
  candidates.sort((a, b) => b.users.length - a.users.length || (a.kind === b.kind ? a.id - b.id : a.kind === 'department' ? -1 : 1));
  const out: Grouping = { users: [], departments: [], tags: [], notes: [] };
  for (const c of candidates) {
    if (c.users.every((u) => covered.has(u))) continue; // adds nobody (e.g. a sub-department of one taken)
    for (const u of c.users) covered.add(u);
    (c.kind === 'department' ? out.departments : out.tags).push(c.id);
    out.notes.push(`${c.kind} ${c.id} (${c.label}): ${c.users.length} people`);
  }
  out.users = members.filter((m) => !covered.has(m.toLowerCase()));
  out.departments.sort((a, b) => a - b);
  out.tags.sort((a, b) => a - b);
  return out;
}

function chatCode(a: Attrs, id: string, g: Grouping): string {
  const parts = [
    g.users.length ? `users: ${lit(g.users)}` : '',
    g.departments.length ? `departments: ${lit(g.departments)}` : '',
    g.tags.length ? `tags: ${lit(g.tags)}` : '',
  ].filter(Boolean).join(', ');
  return `${comment(`app chat ${a.chat_id}: ${a.name}`)}${g.notes.map((n) => comment(`  members: ${n}`)).join('')}  new AppChat(scope, ${lit(id)}, {
    chatId: ${lit(a.chat_id)},
    name: ${lit(a.name)},
    owner: ${lit(a.owner)},
    members: { ${parts} },
  });
`;
}

function joinWayCode(a: Attrs, id: string): string {
  const opt = (k: string, prop: string): string => (a[k] === null || a[k] === undefined ? '' : `    ${prop}: ${lit(a[k])},\n`);
  return `${comment(`join way ${a.config_id}`)}  new JoinWay(scope, ${lit(id)}, {
    scene: ${lit(Number(a.scene) === 1 ? 'miniprogram' : 'qrcode')},
    chatIds: ${lit(strs(a.chat_id_list))},
${opt('remark', 'remark')}${a.auto_create_room === false ? '    autoCreateRoom: false,\n' : ''}${opt('room_base_name', 'roomBaseName')}${opt('room_base_id', 'roomBaseId')}${opt('state', 'state')}  });
`;
}

function welcomeCode(a: Attrs, id: string): string {
  const o = (v: unknown): Record<string, unknown> | undefined => (v && typeof v === 'object' ? v as Record<string, unknown> : undefined);
  const pick = (src: Record<string, unknown>, map: Array<[string, string]>): string =>
    `{ ${map.filter(([k]) => src[k] !== null && src[k] !== undefined).map(([k, p]) => `${p}: ${lit(src[k])}`).join(', ')} }`;
  const text = o(a.text);
  const image = o(a.image);
  const link = o(a.link);
  const mini = o(a.miniprogram);
  let body = '';
  if (text && text.content !== null && text.content !== undefined) body += `    text: ${lit(text.content)},\n`;
  if (image) body += `    image: ${pick(image, [['media_id', 'mediaId'], ['pic_url', 'picUrl']])},\n`;
  if (link) body += `    link: ${pick(link, [['title', 'title'], ['url', 'url'], ['picurl', 'picUrl'], ['desc', 'description']])},\n`;
  if (mini) body += `    miniprogram: ${pick(mini, [['title', 'title'], ['pic_media_id', 'picMediaId'], ['appid', 'appId'], ['page', 'page']])},\n`;
  return `${comment(`welcome template ${a.template_id}`)}  new WelcomeTemplate(scope, ${lit(id)}, {
${body}  });
`;
}

/**
 * The module: plain TypeScript importing from the package the app uses (or, for an --out ending
 * in .js/.cjs, the same code as CommonJS; `requireFrom` replaces the package name in require).
 */
export function renderModule(objects: GeneratedObject[], stackName: string, lang: 'ts' | 'js' = 'ts', requireFrom = 'cdktf-wecom'): string {
  const used = ['AppChat', 'InterceptRule', 'JoinWay', 'Tag', 'WelcomeTemplate'].filter((c) => objects.some((o) => o.code.includes(`new ${c}(`)));
  const header = `// Generated by \`cdktf-wecom import --generate --stack ${stackName}\`: what existed in the corp,
// imported into the state of stack ${stackName}. Call addImported(stack) from the app; the next
// \`cdktf-wecom plan\` should say "No changes". Edit freely from then on.
`;
  const body = objects.map((o) => o.code).join('\n');
  if (lang === 'js') {
    return `${header}'use strict';
${used.length ? `const { ${used.join(', ')} } = require(${lit(requireFrom)});\n` : ''}
/** @param {import('constructs').Construct} scope */
function addImported(scope) {
${body}}
exports.addImported = addImported;
`;
  }
  return `${header}import type { Construct } from "constructs";
${used.length ? `import { ${used.join(', ')} } from ${lit(requireFrom)};\n` : ''}
export function addImported(scope: Construct): void {
${body}}
`;
}

/** Reads every object the app can see (and the ids file names), skipping those already in state. */
export async function collect(rt: Runtime, ids: IdsFile, state: TerraformState | undefined): Promise<{ objects: GeneratedObject[]; skipped: string[] }> {
  const inState = new Set((state?.resources ?? []).filter((r) => r.mode === 'managed')
    .flatMap((r) => r.instances.map((i) => `${r.type}/${String((i.attributes as Attrs).id)}`)));
  const objects: GeneratedObject[] = [];
  const skipped: string[] = [];
  const cids = new Ids();
  const read = async (type: string, id: string): Promise<Attrs | undefined> => {
    if (inState.has(`${type}/${id}`)) { skipped.push(`${type} ${id} (already in the state)`); return undefined; }
    const h = resourceHandler(type)!;
    const address = `${type}.imported`;
    return forResource(address, 'import', () => h.import(handlerContext(rt, address), id));
  };

  for (const r of await rt.client.interceptRules.list()) {
    const a = await read('wecom_intercept_rule', r.rule_id);
    if (a) { const cid = cids.make(String(a.rule_name), 'rule', r.rule_id); objects.push({ type: 'wecom_intercept_rule', importId: r.rule_id, constructId: cid, code: ruleCode(a, cid), attrs: a }); }
  }
  const tagNames = new Map<number, string>();
  for (const t of await rt.client.tags.list()) {
    tagNames.set(t.tagid, t.tagname);
    const a = await read('wecom_tag', String(t.tagid));
    if (a) { const cid = cids.make(String(a.tag_name), 'tag', String(t.tagid)); objects.push({ type: 'wecom_tag', importId: String(t.tagid), constructId: cid, code: tagCode(a, cid), attrs: a }); }
  }
  for (const chatId of ids.app_chats ?? []) {
    const a = await read('wecom_app_chat', chatId);
    if (!a) continue;
    const g = await groupMembers(rt.directory, strs(a.members), tagNames);
    const attrs: Attrs = {
      ...a,
      members: g.users.length ? [...g.users].sort() : null,
      member_departments: g.departments.length ? g.departments : null,
      member_tags: g.tags.length ? g.tags : null,
    };
    const cid = cids.make(String(a.name), 'chat', chatId);
    objects.push({ type: 'wecom_app_chat', importId: chatId, constructId: cid, code: chatCode(a, cid, { ...g, users: [...g.users].sort() }), attrs });
  }
  for (const configId of ids.join_ways ?? []) {
    const a = await read('wecom_join_way', configId);
    if (a) { const cid = cids.make(String(a.remark ?? ''), 'join-way', configId); objects.push({ type: 'wecom_join_way', importId: configId, constructId: cid, code: joinWayCode(a, cid), attrs: a }); }
  }
  for (const templateId of ids.welcome_templates ?? []) {
    const a = await read('wecom_group_welcome_template', templateId);
    if (a) { const cid = cids.make('', 'welcome', templateId); objects.push({ type: 'wecom_group_welcome_template', importId: templateId, constructId: cid, code: welcomeCode(a, cid), attrs: a }); }
  }
  return { objects, skipped };
}

/**
 * Synthesizes a throwaway app that calls the generated addImported() (as CommonJS) on a stack named
 * `stackName`, and returns each object's address as cdktf wrote it (by construct path).
 */
export function synthesizedAddresses(stackName: string, objects: GeneratedObject[]): Map<GeneratedObject, string> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wecom-import-generate-'));
  try {
    const js = renderModule(objects, stackName, 'js', path.resolve(__dirname, '..', '..', 'index.js'));
    const file = path.join(tmp, 'imported.js');
    fs.writeFileSync(file, js);
    const mod = require(file) as { addImported: (scope: unknown) => void };
    const lib = require('../../index') as typeof import('../../index');
    const app = new App({ outdir: path.join(tmp, 'out') });
    const stack = new TerraformStack(app, stackName);
    new lib.WecomProvider(stack, 'wecom', { corpId: 'wwimportgenerate' });
    mod.addImported(stack);
    app.synth();
    const doc = JSON.parse(fs.readFileSync(path.join(tmp, 'out', 'stacks', stackName, 'cdk.tf.json'), 'utf8')) as { resource?: Record<string, Record<string, { '//'?: { metadata?: { path?: string } } }>> };
    const byPath = new Map<string, string>();
    for (const [type, blocks] of Object.entries(doc.resource ?? {})) {
      for (const [name, block] of Object.entries(blocks)) byPath.set(`${type} ${block['//']?.metadata?.path ?? ''}`, `${type}.${name}`);
    }
    const out = new Map<GeneratedObject, string>();
    for (const o of objects) {
      const hit = [...byPath.entries()].find(([k]) => k.startsWith(`${o.type} ${stackName}/${o.constructId}/`));
      if (!hit) throw new Error(`internal: no ${o.type} synthesized for construct ${o.constructId}`);
      out.set(o, hit[1]);
    }
    return out;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** The whole command: collect, write the module (never over an existing file), record the state. */
export async function importGenerate(loaded: LoadedStack, opts: { out: string; ids: IdsFile }): Promise<GenerateResult> {
  const stackName = loaded.stack.stackName;
  return withLock(loaded.stack, 'import', async (state) => {
    const { objects, skipped } = await withRuntime(loaded.stack, (rt) => collect(rt, opts.ids, state));
    const source = renderModule(objects, stackName, /\.c?js$/.test(opts.out) ? 'js' : 'ts');
    const addresses = synthesizedAddresses(stackName, objects);
    const taken = new Set((state?.resources ?? []).filter((r) => r.mode === 'managed').map((r) => `${r.type}.${r.name}`));
    const clash = [...addresses.values()].filter((a) => taken.has(a));
    if (clash.length) throw new Error(`${clash.join(', ')} ${clash.length > 1 ? 'are' : 'is'} already in the state of stack ${stackName} for other objects; nothing was written`);
    fs.writeFileSync(opts.out, source, { flag: 'wx' });
    const writer = new StateWriter(loaded.stack.statePath, state ?? emptyState());
    for (const o of objects) {
      const address = addresses.get(o)!;
      await writer.record('managed', o.type, address.slice(o.type.length + 1), o.attrs);
    }
    writer.flush();
    return { objects, source, addresses, skipped };
  });
}
