// terraform_remote_state, Terraform's built-in data source, as cdktf uses it for cross-stack
// references: stack B reads stack A's outputs from A's state. Within one run over several
// stacks, A's outputs come from this run (planned, possibly unknown until A is applied;
// `Runtime.stackOutputs`); otherwise from A's state as stored. Not part of
// terraform-provider-wecom's schema: Terraform serves this data source itself.
import * as path from 'node:path';
import type { DataSourceSchema } from '../../schema';
import { readState } from '../state/file';
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
  return `${backend}:${JSON.stringify(config)}`;
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
    if (backend !== 'local') throw new PlanError(ctx.address, 'backend', `remote state in backend "${backend}" can only be read when that stack is part of this run`);
    const state = readState(path.resolve(String(settings.path ?? 'terraform.tfstate')));
    const outputs: Record<string, unknown> = {};
    for (const [k, o] of Object.entries(state?.outputs ?? {})) outputs[k] = o.value;
    return { ...base, outputs };
  },
};
