// local-exec provisioners with Terraform's semantics: the command runs through a shell (or
// the given interpreter), in working_dir (default the stack's directory), with `environment`
// added to ours. `cdktf-wecom` itself is put first on PATH so announcements call this very
// version, however the package was installed.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { packageRoot } from '../package-root';
import type { Provisioner, StackConfig } from './config/stack';
import type { ResourceChange } from './plan/model';

export class ProvisionerError extends Error {
  readonly code = 'WECOM_PROVISIONER';
  constructor(readonly address: string, readonly exitCode: number | null, output: string) {
    super(`${address}: local-exec provisioner failed (exit ${exitCode ?? 'signal'})${output ? `:\n${output.trim().split('\n').slice(-10).join('\n')}` : ''}`);
    this.name = 'ProvisionerError';
  }
}

export interface RunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Lines of output, for logs (already free of secrets: they only reach commands through env). */
  onOutput?: (line: string) => void;
}

export async function runLocalExec(address: string, p: Provisioner, opts: RunOptions): Promise<void> {
  const env = { ...opts.env, ...(p.environment ?? {}), PATH: `${path.join(packageRoot(), 'bin')}${path.delimiter}${opts.env.PATH ?? ''}` };
  const cwd = p.workingDir ? path.resolve(opts.cwd, p.workingDir) : opts.cwd;
  const [file, args] = p.interpreter?.length ? [p.interpreter[0], [...p.interpreter.slice(1), p.command]] : ['/bin/sh', ['-c', p.command]];
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(file, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => child.kill('SIGTERM'), opts.timeoutMs ?? 300_000);
    const collect = (buf: Buffer) => {
      for (const line of buf.toString('utf8').split('\n').filter(Boolean)) { output.push(line); opts.onOutput?.(line); }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (err) => { clearTimeout(timer); reject(err); });
    child.on('close', (c) => { clearTimeout(timer); resolve(c); });
  });
  if (code !== 0 && p.onFailure !== 'continue') throw new ProvisionerError(address, code, output.join('\n'));
}

/**
 * Environment variables the create-time provisioners of these changes will read, and that are
 * not set: a robot announcement (`robot send --key-env NAME`) without its webhook key would
 * fail half-way through apply, after other changes were made. Checked at plan time (reported)
 * and before apply's first write (refused).
 */
export function missingProvisionerEnv(stack: StackConfig, changes: ResourceChange[], env: NodeJS.ProcessEnv): Array<{ address: string; variable: string }> {
  const out: Array<{ address: string; variable: string }> = [];
  for (const c of changes) {
    if (c.kind !== 'create' && c.kind !== 'replace') continue;
    for (const p of stack.byAddress.get(c.address)?.provisioners ?? []) {
      if (p.when !== 'create') continue;
      for (const m of p.command.matchAll(/--key-env[= ]([A-Za-z_][A-Za-z0-9_]*)/g)) {
        const name = m[1];
        if (!env[name] && !p.environment?.[name]) out.push({ address: c.address, variable: name });
      }
    }
  }
  return out;
}

export function missingEnvMessage(missing: Array<{ address: string; variable: string }>): string {
  return missing.map((m) => `${m.address}: its announcement reads the robot webhook key from $${m.variable}, which is not set`).join('\n');
}
