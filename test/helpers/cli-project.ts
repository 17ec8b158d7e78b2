// A scratch cdktf project whose app (plain JS) uses the built package, plus a way to run the
// real CLI binary against a simulator that runs in the test process (so spawn must be async).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const BIN = path.join(ROOT, 'bin', 'cdktf-wecom');

export interface CliResult { code: number | null; stdout: string; stderr: string; signal: NodeJS.Signals | null; timedOut?: boolean }

export interface ProjectOptions {
  /** Extra WecomProvider props (e.g. `{ chatCreatesPerDay: 4 }`), merged over corpId and corpSecretEnv. */
  provider?: Record<string, unknown>;
  /**
   * A local backend path relative to the synthesized stack (cdktf.out/stacks/<stack>/), e.g.
   * '../../../terraform.proj.tfstate' for the project folder: cdktf otherwise writes an absolute
   * path, so a copied project would still use the original's state.
   */
  backendPath?: string;
}

/** Writes cdktf.json + app.js; `body` is JS run with `stack`, `lib` (our package) in scope. */
export function makeProject(body: string, dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wecom-cli-')), opts: ProjectOptions = {}): string {
  const provider = { corpId: 'wwsimcorp0001', corpSecretEnv: 'WECOM_CORP_SECRET', ...opts.provider };
  fs.writeFileSync(path.join(dir, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: 'node app.js', output: 'cdktf.out' }));
  fs.writeFileSync(path.join(dir, 'app.js'), `
const { App, TerraformStack } = require(${JSON.stringify(path.join(ROOT, 'node_modules', 'cdktf'))});
const lib = require(${JSON.stringify(path.join(ROOT, 'dist', 'src', 'index.js'))});
const app = new App();
const stack = new TerraformStack(app, process.env.STACK_NAME || 'proj');
new lib.WecomProvider(stack, 'wecom', ${JSON.stringify(provider)});
${opts.backendPath === undefined ? '' : `new (require(${JSON.stringify(path.join(ROOT, 'node_modules', 'cdktf'))}).LocalBackend)(stack, { path: ${JSON.stringify(opts.backendPath)} });`}
${body}
app.synth();
`);
  return dir;
}

/**
 * Runs the real CLI. `timeoutMs` bounds the wait: past it the process is killed with SIGKILL and
 * the result carries `signal: 'SIGKILL'` and `timedOut: true` (so a hung command fails its test
 * instead of hanging the suite).
 */
export function runCli(args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; input?: string; onSpawn?: (pid: number) => void; timeoutMs?: number }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd, env: opts.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = opts.timeoutMs === undefined ? undefined : setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, opts.timeoutMs);
    child.stdout.on('data', (b) => { stdout += b; });
    child.stderr.on('data', (b) => { stderr += b; });
    child.on('error', reject);
    child.on('close', (code, signal) => { clearTimeout(timer); resolve({ code, stdout, stderr, signal, ...(timedOut ? { timedOut } : {}) }); });
    if (opts.input !== undefined) child.stdin.end(opts.input); else child.stdin.end();
    if (child.pid) opts.onSpawn?.(child.pid);
  });
}
