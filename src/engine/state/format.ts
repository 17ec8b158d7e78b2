// Terraform's state format, version 4 (what `terraform show -json` reads and what the local
// backend writes), so a stack can move between this engine and Terraform.
import { randomUUID } from 'node:crypto';

export interface StateInstance {
  schema_version: number;
  attributes: Record<string, unknown>;
  /** Paths of sensitive attributes, as Terraform records them. */
  sensitive_attributes: unknown[];
  private?: string;
  dependencies?: string[];
  /** Set while an object is known to be partly created (Terraform's "tainted"). */
  status?: 'tainted';
}

export interface StateResource {
  mode: 'managed' | 'data';
  type: string;
  name: string;
  provider: string;
  instances: StateInstance[];
}

export interface TerraformState {
  version: 4;
  terraform_version: string;
  serial: number;
  lineage: string;
  outputs: Record<string, { value: unknown; type: unknown; sensitive?: boolean }>;
  resources: StateResource[];
  check_results: null | unknown[];
}

/** The Terraform version we claim in state: old enough that Terraform 1.x reads it without upgrading. */
export const STATE_TERRAFORM_VERSION = '1.11.4';

export function emptyState(): TerraformState {
  return {
    version: 4,
    terraform_version: STATE_TERRAFORM_VERSION,
    serial: 0,
    lineage: randomUUID(),
    outputs: {},
    resources: [],
    check_results: null,
  };
}

/** A state's outputs as plain values by name (what other stacks read). */
export function outputValues(state: TerraformState | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(state?.outputs ?? {}).map(([k, o]) => [k, o.value]));
}

/** `type.name` for managed resources, `data.type.name` for data sources, as Terraform addresses them. */
export function resourceAddress(r: Pick<StateResource, 'mode' | 'type' | 'name'>): string {
  return r.mode === 'data' ? `data.${r.type}.${r.name}` : `${r.type}.${r.name}`;
}

export class StateFormatError extends Error {
  readonly code = 'WECOM_STATE_CORRUPT';
  constructor(readonly file: string, detail: string) {
    super(`state file ${file} is not a valid Terraform state (version 4): ${detail}. ` +
      'It was left untouched; restore it from a backup (or move it away to start from an empty state).');
    this.name = 'StateFormatError';
  }
}

/** Parses and checks the shape strictly: a truncated or hand-broken file must be refused, never "repaired". */
export function parseState(text: string, file: string): TerraformState {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new StateFormatError(file, `not valid JSON (${(err as Error).message})`);
  }
  const s = doc as Partial<TerraformState>;
  if (!s || typeof s !== 'object' || Array.isArray(s)) throw new StateFormatError(file, 'not a JSON object');
  if (s.version !== 4) throw new StateFormatError(file, `version is ${JSON.stringify(s.version)}, expected 4`);
  if (typeof s.serial !== 'number' || !Number.isInteger(s.serial) || s.serial < 0) throw new StateFormatError(file, 'serial is not a non-negative integer');
  if (typeof s.lineage !== 'string' || !s.lineage) throw new StateFormatError(file, 'lineage is missing');
  if (!Array.isArray(s.resources)) throw new StateFormatError(file, 'resources is not a list');
  s.resources.forEach((r, i) => checkResource(r, i, file));
  return {
    version: 4,
    terraform_version: typeof s.terraform_version === 'string' ? s.terraform_version : STATE_TERRAFORM_VERSION,
    serial: s.serial,
    lineage: s.lineage,
    outputs: s.outputs && typeof s.outputs === 'object' ? s.outputs : {},
    resources: s.resources,
    check_results: s.check_results ?? null,
  };
}

function checkResource(r: StateResource, i: number, file: string): void {
  const where = `resources[${i}]`;
  if (!r || typeof r !== 'object') throw new StateFormatError(file, `${where} is not an object`);
  if (r.mode !== 'managed' && r.mode !== 'data') throw new StateFormatError(file, `${where}.mode is ${JSON.stringify(r.mode)}`);
  if (typeof r.type !== 'string' || typeof r.name !== 'string') throw new StateFormatError(file, `${where} lacks type or name`);
  if (!Array.isArray(r.instances)) throw new StateFormatError(file, `${where}.instances is not a list`);
  r.instances.forEach((inst, j) => {
    if (!inst || typeof inst !== 'object' || typeof inst.attributes !== 'object' || inst.attributes === null) {
      throw new StateFormatError(file, `${where}.instances[${j}].attributes is not an object`);
    }
  });
}

/** Stable, readable serialization (Terraform writes two-space indented JSON with a trailing newline). */
export function serializeState(state: TerraformState): string {
  return JSON.stringify(state, null, 2) + '\n';
}
