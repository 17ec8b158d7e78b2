// One runtime per corp connection for a run over several stacks: the access token, the
// directory cache and the rate budget are shared, so 50 project stacks cost one token and one
// directory read, not 50, and their calls count against one budget as WeCom counts them.
// Stacks of one run also see each other's outputs (cross-stack references) through one map.
import type { StackConfig } from '../config/stack';
import type { UNKNOWN } from '../config/expressions';
import { createRuntime, providerConfig, Runtime, RuntimeOptions } from '../runtime';

export class RuntimePool {
  private readonly byKey = new Map<string, Runtime>();
  /** Shared by every runtime of the pool: outputs of the stacks in this run, by state key. */
  readonly stackOutputs = new Map<string, Record<string, unknown> | typeof UNKNOWN>();

  constructor(private readonly opts: RuntimeOptions = {}) {}

  /** The runtime for a stack's provider block; stacks with the same provider settings share one. */
  get(stack: StackConfig): Runtime {
    const key = JSON.stringify(Object.entries(providerConfig(stack)).sort(([a], [b]) => a.localeCompare(b)));
    let rt = this.byKey.get(key);
    if (!rt) {
      rt = createRuntime(stack, this.opts);
      rt.stackOutputs = this.stackOutputs;
      this.byKey.set(key, rt);
    }
    return rt;
  }

  runtimes(): Runtime[] {
    return [...this.byKey.values()];
  }

  async close(): Promise<void> {
    const all = [...this.byKey.values()];
    this.byKey.clear();
    await Promise.all(all.map((rt) => rt.close()));
  }
}
