// One provider process's state: the runtime ConfigureProvider builds (client + directory cache,
// exactly what the native engine builds from the same provider block), whether Terraform asked
// us to stop, and how errors become diagnostics.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Runtime } from '../engine/runtime';
import type { CommandCache } from './command-cache';
import type { HandlerContext } from '../engine/resources/types';

export const SEVERITY_ERROR = 1;
export const SEVERITY_WARNING = 2;

export interface Diagnostic {
  severity: number;
  summary: string;
  detail?: string;
  attribute?: { steps: Array<{ attribute_name: string }> };
}

export class ProviderSession {
  runtime?: Runtime;
  /** The cache shared with the other provider processes of this Terraform command, when on. */
  cache?: CommandCache;
  /** Set by StopProvider (Ctrl-C in Terraform): calls in flight finish, no new apply starts. */
  stopping = false;

  constructor(readonly env: NodeJS.ProcessEnv = process.env, readonly cwd: string = process.cwd()) {}

  requireRuntime(): Runtime {
    if (!this.runtime) throw new Error('the provider was not configured (Terraform calls ConfigureProvider first)');
    return this.runtime;
  }

  context(address: string): HandlerContext {
    const rt = this.requireRuntime();
    return { client: rt.client, directory: rt.directory, env: rt.env, address, limits: rt.limits };
  }

  /**
   * The state file of the stack Terraform runs in (cwd is the stack directory), from the local
   * backend block cdktf writes into cdk.tf.json: the engine keeps its quota ledger next to it.
   */
  statePath(): string | undefined {
    try {
      const doc = JSON.parse(fs.readFileSync(path.join(this.cwd, 'cdk.tf.json'), 'utf8')) as { terraform?: { backend?: { local?: { path?: string } } } };
      const p = doc.terraform?.backend?.local?.path;
      return p ? path.resolve(this.cwd, p) : path.join(this.cwd, 'terraform.tfstate');
    } catch {
      return undefined;
    }
  }

  async close(): Promise<void> {
    const rt = this.runtime;
    this.runtime = undefined;
    const cache = this.cache;
    this.cache = undefined;
    if (rt) this.trace(`api ${JSON.stringify(rt.client.stats().calls)}`);
    await rt?.close();
    if (cache) this.trace(`cache ${JSON.stringify(cache.stats)}`);
  }

  /** Debug aid: one line (pid, text) appended to the file WECOM_PROVIDER_TRACE names; never a secret. */
  trace(text: string): void {
    const file = this.env.WECOM_PROVIDER_TRACE;
    if (file) fs.appendFileSync(file, `${process.pid} ${text}\n`);
  }
}

/** An error as a Terraform diagnostic; a handler's PlanError points at its attribute. */
export function errorDiagnostic(err: unknown, summaryPrefix = ''): Diagnostic {
  const e = err as Error & { field?: string };
  const message = e?.message ?? String(err);
  const [first, ...rest] = message.split('\n');
  return {
    severity: SEVERITY_ERROR,
    summary: summaryPrefix + first,
    ...(rest.length ? { detail: rest.join('\n') } : {}),
    ...(typeof e?.field === 'string' && /^[a-z_]+$/.test(e.field) ? { attribute: { steps: [{ attribute_name: e.field }] } } : {}),
  };
}

export function warningDiagnostic(text: string): Diagnostic {
  return { severity: SEVERITY_WARNING, summary: text };
}
