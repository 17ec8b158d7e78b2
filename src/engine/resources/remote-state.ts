// terraform_remote_state, Terraform's built-in data source, as cdktf uses it for cross-stack
// references: stack B reads stack A's outputs from A's state. Within one run over several
// stacks, A's outputs come from this run (planned, possibly unknown until A is applied;
// `Runtime.stackOutputs`); otherwise from A's state as stored. Not part of
// terraform-provider-wecom's schema: Terraform serves this data source itself.
import * as path from 'node:path';
import type { DataSourceSchema } from '../../schema';
import { readState } from '../state/file';
import { outputValues, parseState, TerraformState } from '../state/format';
import { pgBackendConfig, PgStateStore } from '../state/pg';
import { pgStateKey, PG_WORKSPACE } from '../state/pg-mirror';
import { DataSourceHandler, PlanError } from './types';

export const REMOTE_STATE_TYPE = 'terraform_remote_state';

export const remoteStateSchema: DataSourceSchema = {
  kind: 'data',
  name: REMOTE_STATE_TYPE,
  version: 0,
  description: "Terraform's terraform_remote_state: another stack's outputs (cdktf cross-stack references).",
  attributes: {
    backend: { type: 'string', required: true, description: 'Backend type of the other stack: local (pg once configured).' },
    config: { type: { nesting: 'single', attributes: {} }, optional: true, description: 'Backend settings, e.g. { path } for local.' },
    workspace: { type: 'string', optional: true, description: 'Workspace; only "default".' },
    outputs: { type: { nesting: 'single', attributes: {} }, computed: true, description: 'The other stack\'s outputs by name.' },
  },
};

/** Where another stack keeps its state, as a key shared with Runtime.stackOutputs. */
export function remoteStateKey(backend: string, config: Record<string, unknown>): string {
  if (backend === 'local') return `local:${path.resolve(String(config.path ?? 'terraform.tfstate'))}`;
  if (backend === 'pg') return pgStateKey(pgBackendConfig(config));
  return `${backend}:${JSON.stringify(config)}`;
}

/** Reads another stack's state from PostgreSQL, without locking it (as Terraform's remote state does). */
async function readPgState(settings: Record<string, unknown>): Promise<TerraformState | undefined> {
  const store = await PgStateStore.open({ config: pgBackendConfig(settings), operation: 'read remote state' });
  try {
    const text = await store.read(PG_WORKSPACE);
    return text === undefined ? undefined : parseState(text, `remote state (${store.where})`);
  } finally {
    await store.close();
  }
}

export const remoteStateHandler: DataSourceHandler = {
  type: REMOTE_STATE_TYPE,
  schema: remoteStateSchema,

  async read(ctx, config) {
    const backend = String(config.backend ?? '');
    const settings = (config.config ?? {}) as Record<string, unknown>;
    const workspace = config.workspace ?? 'default';
    if (workspace !== 'default') throw new PlanError(ctx.address, 'workspace', `workspace "${String(workspace)}" is not supported (only "default")`);
    const base = { backend, config: settings, workspace };
    const fromRun = ctx.stackOutputs?.(remoteStateKey(backend, settings));
    if (fromRun !== undefined) return { ...base, outputs: fromRun };
    let state: TerraformState | undefined;
    if (backend === 'local') state = readState(path.resolve(String(settings.path ?? 'terraform.tfstate')));
    else if (backend === 'pg') state = await readPgState(settings);
    else throw new PlanError(ctx.address, 'backend', `remote state in backend "${backend}" is not supported (local and pg are)`);
    return { ...base, outputs: outputValues(state) };
  },
};
