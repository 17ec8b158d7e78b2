// One runtime per corp connection for a run over several stacks: the access token, the
// directory cache and the rate budget are shared, so 50 project stacks cost one token and one
// directory read, not 50, and their calls count against one budget as WeCom counts them. The
// corp ledger (quota of every run and stack of the corp, and which stacks were applied) is
// attached once per runtime. Stacks of one run also see each other's outputs through one map.
import * as path from 'node:path';
import type { StackConfig } from '../config/stack';
import type { UNKNOWN } from '../config/expressions';
import { LedgerStore, LocalLedgerStore, StackEntry, withStack } from '../ledger';
import { openRuntime, providerConfig, Runtime, RuntimeOptions } from '../runtime';
import type { TerraformState } from '../state/format';
import { pgMirrorOf, PG_WORKSPACE } from '../state/pg-mirror';

export interface PoolOptions extends RuntimeOptions {
  /** Which project the stacks belong to (cdktf.json projectId, or its folder), for the stack registry. */
  project?: string;
}

export class RuntimePool {
  private readonly byKey = new Map<string, Promise<Runtime>>();
  private readonly opened: Runtime[] = [];
  /** Shared by every runtime of the pool: outputs of the stacks in this run, by state key. */
  readonly stackOutputs = new Map<string, Record<string, unknown> | typeof UNKNOWN>();

  constructor(private readonly opts: PoolOptions = {}) {}

  /** The runtime for a stack's provider block; stacks with the same provider settings share one. */
  open(stack: StackConfig): Promise<Runtime> {
    const key = JSON.stringify(Object.entries(providerConfig(stack)).sort(([a], [b]) => a.localeCompare(b)));
    let rt = this.byKey.get(key);
    if (!rt) {
      rt = openRuntime(stack, this.opts, (corpId) => this.ledgerStore(stack, corpId)).then((r) => {
        this.opened.push(r);
        r.stackOutputs = this.stackOutputs;
        return r;
      });
      this.byKey.set(key, rt);
    }
    return rt;
  }

  /** Where the corp ledger of a stack's backend lives. */
  ledgerStore(stack: StackConfig, corpId: string): LedgerStore {
    // A pg stack keeps its corp ledger in its backend's schema, beside the states table.
    return pgMirrorOf(stack.statePath)?.ledgerStore(corpId) ?? new LocalLedgerStore(path.dirname(stack.statePath), corpId);
  }

  /** Records that `stack` was applied (or, once its state is empty, forgets it) in its corp's ledger. */
  async recordApplied(stack: StackConfig, state: TerraformState): Promise<void> {
    if (!this.opts.project) return;
    const rt = await this.open(stack);
    const entry: StackEntry | null = state.resources.some((r) => r.mode === 'managed')
      ? {
        project: this.opts.project, stack: stack.stackName, provider: providerConfig(stack), appliedAt: new Date().toISOString(),
        state: stack.backend?.type === 'pg' ? { backend: 'pg', schema: stack.backend.config.schemaName, workspace: PG_WORKSPACE } : { backend: 'local', path: stack.statePath },
      }
      : null;
    await this.ledgerStore(stack, rt.corpId).update((doc) => withStack(doc, this.opts.project!, stack.stackName, entry));
  }

  async close(): Promise<void> {
    const all = [...this.opened];
    this.byKey.clear();
    this.opened.length = 0;
    await Promise.all(all.map((rt) => rt.close()));
  }
}
