// Reads a synthesized `cdktf.out/stacks/<stack>/cdk.tf.json` into blocks the planner works on.
// Meta-arguments the engine does not implement (count, for_each, modules, variables) are refused
// with an error naming the block, so nothing in the stack is silently ignored.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { collectReferences, Reference } from './expressions';
import { pgBackendOfStack, PgBackendConfig } from '../state/pg';
import { pgMirrorPath } from '../state/pg-mirror';

export interface Provisioner {
  type: string; // local-exec
  when?: 'create' | 'destroy';
  command: string;
  environment?: Record<string, string>;
  workingDir?: string;
  interpreter?: string[];
  onFailure?: 'continue' | 'fail';
}

export interface ConfigBlock {
  mode: 'managed' | 'data';
  type: string;
  name: string;
  /** `type.name` or `data.type.name` */
  address: string;
  /** Attributes as written (expressions unresolved), without meta-arguments. */
  config: Record<string, unknown>;
  dependsOn: string[];
  preventDestroy: boolean;
  /** Attribute names whose changes are ignored, or 'all'. */
  ignoreChanges: string[] | 'all';
  createBeforeDestroy: boolean;
  provisioners: Provisioner[];
  /** The construct path cdktf recorded (for messages), e.g. `proj/eng/resource`. */
  constructPath?: string;
  provider?: string;
  /** Every reference in config and provisioners. */
  references: Reference[];
}

/** An `output` block: cdktf writes one for every value another stack references. */
export interface OutputConfig {
  name: string;
  /** The expression, unresolved. */
  value: unknown;
  sensitive: boolean;
  references: Reference[];
}

/** Where the stack's state lives: a local file (cdktf's default), or PostgreSQL (cdktf's PgBackend). */
export type StackBackend = { type: 'local' } | { type: 'pg'; config: PgBackendConfig };

export interface StackConfig {
  file: string;
  stackName: string;
  /** Local backend unless the stack says pg; for pg, statePath is the run's local mirror of the row. */
  backend?: StackBackend;
  /** Outputs other stacks read through terraform_remote_state (cross-stack references). */
  outputs: OutputConfig[];
  /** Stacks this one references (cdktf's manifest `dependencies`), when known. */
  dependsOnStacks?: string[];
  /** Local backend path from the stack, or the cdktf default next to the working directory. */
  statePath: string;
  providers: Record<string, Record<string, unknown>>;
  blocks: ConfigBlock[];
  byAddress: Map<string, ConfigBlock>;
}

export class StackConfigError extends Error {
  readonly code = 'WECOM_STACK_INVALID';
  constructor(readonly file: string, detail: string) {
    super(`${file}: ${detail}`);
    this.name = 'StackConfigError';
  }
}

const META = new Set(['//', 'depends_on', 'lifecycle', 'provisioner', 'provider', 'connection']);
const UNSUPPORTED_META = ['count', 'for_each'];

export function stackFile(outdir: string, stack: string): string {
  return path.join(outdir, 'stacks', stack, 'cdk.tf.json');
}

export function readStackConfig(file: string, cwd = process.cwd()): StackConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new StackConfigError(file, `cannot read the synthesized stack (${(err as NodeJS.ErrnoException).code}); run \`cdktf-wecom synth\` first`);
  }
  let doc: Record<string, any>;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new StackConfigError(file, `not valid JSON (${(err as Error).message}); re-run \`cdktf-wecom synth\``);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new StackConfigError(file, 'not a JSON object');
  const outputs: OutputConfig[] = Object.entries<any>(doc.output ?? {}).map(([name, o]) => ({
    name, value: o?.value, sensitive: o?.sensitive === true, references: collectReferences(o?.value, `output.${name}`),
  }));
  for (const key of ['module', 'variable', 'locals']) {
    if (doc[key] && Object.keys(doc[key]).length) throw new StackConfigError(file, `"${key}" blocks are not supported by the cdktf-wecom engine`);
  }
  const stackName = path.basename(path.dirname(file));
  const blocks = [
    ...readBlocks(doc.resource, 'managed', file),
    ...readBlocks(doc.data, 'data', file),
  ];
  const providers: Record<string, Record<string, unknown>> = {};
  for (const [name, list] of Object.entries<any>(doc.provider ?? {})) {
    const first = Array.isArray(list) ? list[0] : list;
    providers[name] = stripMeta(first ?? {});
  }
  const local = doc.terraform?.backend?.local?.path as string | undefined;
  const otherBackend = Object.keys(doc.terraform?.backend ?? {}).find((b) => b !== 'local' && b !== 'pg');
  if (otherBackend) throw new StackConfigError(file, `backend "${otherBackend}" is not supported by the cdktf-wecom engine (local and pg are; use Terraform for others)`);
  let pg: PgBackendConfig | undefined;
  try {
    pg = pgBackendOfStack(doc);
  } catch (err) {
    throw new StackConfigError(file, `backend "pg": ${(err as Error).message}`);
  }
  const statePath = pg ? pgMirrorPath(cwd, stackName, pg) : local ? path.resolve(path.dirname(file), local) : path.join(cwd, `terraform.${stackName}.tfstate`);
  const backend: StackBackend = pg ? { type: 'pg', config: pg } : { type: 'local' };
  return { file, stackName, backend, statePath, providers, outputs, blocks, byAddress: new Map(blocks.map((b) => [b.address, b])) };
}

function readBlocks(section: unknown, mode: 'managed' | 'data', file: string): ConfigBlock[] {
  if (section === undefined) return [];
  if (!section || typeof section !== 'object') throw new StackConfigError(file, `"${mode === 'data' ? 'data' : 'resource'}" is not an object`);
  const out: ConfigBlock[] = [];
  for (const [type, byName] of Object.entries<any>(section)) {
    for (const [name, raw] of Object.entries<any>(byName ?? {})) {
      const address = mode === 'data' ? `data.${type}.${name}` : `${type}.${name}`;
      if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new StackConfigError(file, `${address} is not an object`);
      const bad = UNSUPPORTED_META.find((k) => k in raw);
      if (bad) throw new StackConfigError(file, `${address} uses "${bad}", which the cdktf-wecom engine does not support`);
      const lifecycle = raw.lifecycle ?? {};
      const config = stripMeta(raw);
      const provisioners = readProvisioners(raw.provisioner, address, file);
      const block: ConfigBlock = {
        mode, type, name, address, config,
        dependsOn: (raw.depends_on ?? []).map((d: string) => d.replace(/^\$\{(.*)\}$/, '$1')),
        preventDestroy: lifecycle.prevent_destroy === true,
        ignoreChanges: lifecycle.ignore_changes === 'all' ? 'all' : (lifecycle.ignore_changes ?? []).map(String),
        createBeforeDestroy: lifecycle.create_before_destroy === true,
        provisioners,
        constructPath: raw['//']?.metadata?.path,
        provider: raw.provider,
        references: [],
      };
      block.references = collectReferences({ config, provisioners }, address);
      out.push(block);
    }
  }
  return out;
}

function stripMeta(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) if (!META.has(k)) out[k] = v;
  return out;
}

function readProvisioners(list: unknown, address: string, file: string): Provisioner[] {
  if (!list) return [];
  if (!Array.isArray(list)) throw new StackConfigError(file, `${address}.provisioner is not a list`);
  return list.map((entry: Record<string, any>) => {
    const [type, body] = Object.entries(entry)[0] ?? [];
    if (type !== 'local-exec') throw new StackConfigError(file, `${address}: provisioner "${type}" is not supported (only local-exec)`);
    return {
      type,
      when: body.when === 'destroy' ? 'destroy' : 'create',
      command: String(body.command ?? ''),
      environment: body.environment,
      workingDir: body.working_dir,
      interpreter: body.interpreter,
      onFailure: body.on_failure === 'continue' ? 'continue' : 'fail',
    } satisfies Provisioner;
  });
}
