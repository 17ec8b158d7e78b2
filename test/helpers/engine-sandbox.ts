// A simulator plus a scratch project directory, for engine tests over real HTTP.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSimulator, RunningSimulator, DEFAULT_ORG } from '../../src/simulator';
import type { SimulatorOptions } from '../../src/simulator';
import { readStackConfig, StackConfig } from '../../src/engine/config';
import { openRuntime, Runtime } from '../../src/engine/runtime';
import { makePlan, PlanOptions } from '../../src/engine/planner';
import { applyPlan, ApplyOptions } from '../../src/engine/apply';
import { readState } from '../../src/engine/state';
import { emptyState } from '../../src/engine/state/format';
import type { Plan } from '../../src/engine/plan/model';

export const SECRET_ENV = 'WECOM_TEST_SECRET';

export interface Sandbox {
  sim: RunningSimulator;
  dir: string;
  env: NodeJS.ProcessEnv;
  writeStack(doc: Record<string, unknown>): StackConfig;
  /** A runtime with the corp ledger attached, as the CLI opens one. */
  runtime(stack: StackConfig): Promise<Runtime>;
  plan(stack: StackConfig, opts?: Partial<PlanOptions>): Promise<Plan>;
  apply(stack: StackConfig, plan: Plan, opts?: ApplyOptions): ReturnType<typeof applyPlan>;
  /** plan + apply; throws if anything failed. */
  converge(stack: StackConfig): Promise<Plan>;
  close(): Promise<void>;
}

export async function startSandbox(simOptions: SimulatorOptions = {}): Promise<Sandbox> {
  const sim = await startSimulator(simOptions);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wecom-engine-'));
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, [SECRET_ENV]: DEFAULT_ORG.agents.main.secret, WECOM_API_BASE: sim.url };
  const runtimes: Runtime[] = [];
  const sb: Sandbox = {
    sim, dir, env,
    writeStack(doc) {
      const stackDir = path.join(dir, 'cdktf.out', 'stacks', 'proj');
      fs.mkdirSync(stackDir, { recursive: true });
      const full = {
        terraform: { backend: { local: { path: path.join(dir, 'terraform.proj.tfstate') } } },
        provider: { wecom: [{ corp_id: DEFAULT_ORG.corpId, corp_secret_env: SECRET_ENV }] },
        ...doc,
      };
      fs.writeFileSync(path.join(stackDir, 'cdk.tf.json'), JSON.stringify(full, null, 2));
      return readStackConfig(path.join(stackDir, 'cdk.tf.json'), dir);
    },
    async runtime(stack) {
      const rt = await openRuntime(stack, { env, client: { retry: { baseDelayMs: 1, maxDelayMs: 5 } } });
      runtimes.push(rt);
      return rt;
    },
    // Each plan and apply is its own run, like a CLI invocation: its runtime closes at the end.
    async plan(stack, opts = {}) {
      const rt = await sb.runtime(stack);
      try {
        return await makePlan(rt, stack, readState(stack.statePath), { configText: fs.readFileSync(stack.file, 'utf8'), ...opts });
      } finally {
        await rt.close();
      }
    },
    async apply(stack, plan, opts = {}) {
      const rt = await sb.runtime(stack);
      try {
        return await applyPlan(rt, stack, readState(stack.statePath) ?? emptyState(), plan, opts);
      } finally {
        await rt.close();
      }
    },
    async converge(stack) {
      const plan = await sb.plan(stack);
      const res = await sb.apply(stack, plan);
      if (res.failed.length) throw res.failed[0].error;
      return plan;
    },
    async close() {
      await Promise.all(runtimes.map((r) => r.close().catch(() => undefined)));
      await sim.close();
    },
  };
  return sb;
}
