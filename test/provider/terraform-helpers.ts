// Running the real Terraform CLI against terraform-provider-wecom (loaded through dev_overrides)
// and the simulator. Tests skip, saying why, when `terraform` is not on PATH.
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeDevOverrides } from '../../src/provider/install';
import { ROOT } from '../helpers/cli-project';

export function terraformPath(): string | undefined {
  try {
    return execFileSync('sh', ['-c', 'command -v terraform'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** `describe`, or `describe.skip` with a note when Terraform or the built provider is missing. */
export function describeWithTerraform(name: string, fn: () => void): void {
  const missing = !terraformPath() ? '`terraform` is not on PATH'
    : !fs.existsSync(path.join(ROOT, 'dist', 'src', 'provider', 'main.js')) ? 'the provider is not built (run `npm run build`)' : undefined;
  if (missing) {
    console.warn(`Skipping "${name}": ${missing}. These acceptance tests run the real Terraform CLI.`);
    describe.skip(name, fn);
  } else {
    describe(name, fn);
  }
}

export interface TfResult { code: number | null; stdout: string; stderr: string }

/** Environment for Terraform: our CLI config, no checkpoint calls, the simulator's address and secret. */
export function terraformEnv(simUrl: string, secret: string): NodeJS.ProcessEnv {
  const cfg = writeDevOverrides(fs.mkdtempSync(path.join(os.tmpdir(), 'wecom-tfrc-')));
  return {
    PATH: process.env.PATH, HOME: process.env.HOME, ...cfg.env,
    TF_IN_AUTOMATION: '1', WECOM_API_BASE: simUrl, WECOM_CORP_SECRET: secret,
  };
}

export function terraform(args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number; detached?: boolean; onStdout?: (chunk: string, pid: number) => void }): Promise<TfResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('terraform', [...args], { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'], detached: opts.detached });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => { try { process.kill(opts.detached ? -child.pid! : child.pid!, 'SIGKILL'); } catch { /* gone */ } }, opts.timeoutMs ?? 60_000);
    child.stdout.on('data', (b) => { stdout += b; opts.onStdout?.(String(b), child.pid!); });
    child.stderr.on('data', (b) => { stderr += b; });
    child.on('error', reject);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

/** Resources of a state file as `mode type.name -> attributes`, nulls dropped (Terraform writes every attribute, we write what we know). */
export function stateResources(file: string): Record<string, Record<string, unknown>> {
  const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as { resources: Array<{ mode: string; type: string; name: string; instances: Array<{ attributes: Record<string, unknown> }> }> };
  const out: Record<string, Record<string, unknown>> = {};
  for (const r of doc.resources) {
    // Terraform keeps an entry without instances for a resource it never got to create.
    if (!r.instances.length) continue;
    const attrs = r.instances[0].attributes;
    const clean = Object.fromEntries(Object.entries(attrs).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, Array.isArray(v) ? [...v].sort() : v]));
    out[`${r.mode} ${r.type}.${r.name}`] = clean;
  }
  return out;
}

/** Attributes whose values WeCom assigns (their order of creation decides them, which differs between engines). */
const ASSIGNED = ['rule_id', 'config_id', 'template_id', 'tag_id'];

/** stateResources with WeCom-assigned ids replaced by `<address.attribute>` wherever they appear. */
export function comparableState(file: string): Record<string, Record<string, unknown>> {
  const res = stateResources(file);
  const names = new Map<unknown, string>();
  for (const [key, attrs] of Object.entries(res)) {
    for (const a of ASSIGNED) if (attrs[a] !== undefined) names.set(attrs[a], `<${key.split(' ')[1]}.${a}>`);
  }
  const swap = (k: string, v: unknown): unknown => {
    if (Array.isArray(v)) return v.map((x) => swap(k, x)).map(String).sort();
    if (typeof v === 'number' && (k === 'tag_id' || k === 'member_tags')) return names.get(v) ?? v;
    if (typeof v === 'string') { let s = v; for (const [from, to] of names) if (typeof from === 'string') s = s.split(from).join(to); return s; }
    return v;
  };
  return Object.fromEntries(Object.entries(res).map(([key, attrs]) => [key, Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, swap(k, v)]))]));
}
