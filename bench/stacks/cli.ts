// Runs the real CLI (bin/cdktf-wecom) as a CI job would: a fresh `node` process, timed from spawn
// to exit (node start and module loading included). A preloaded hook (`node -r`) writes the
// process's own peak RSS (process.resourceUsage().maxRSS) and CPU time when it exits, so peak
// memory is the CLI's alone, without sampling.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface CliRun {
  args: string[];
  code: number | null;
  wallMs: number;
  /** Peak RSS of the CLI process, MB. */
  maxRssMb: number;
  /** User + system CPU seconds of the CLI process. */
  cpuS: number;
  stdout: string;
  stderr: string;
}

const HOOK = `
process.on('exit', () => {
  try {
    const u = process.resourceUsage();
    require('fs').writeFileSync(process.env.BENCH_USAGE_FILE, JSON.stringify({ maxRssKb: u.maxRSS, cpuUs: u.userCPUTime + u.systemCPUTime }));
  } catch { /* the measurement is missing, and the run reports it */ }
});
`;

export class CliRunner {
  private readonly hook: string;
  private n = 0;

  /** `scratch`: a directory for the hook and the usage files. */
  constructor(private readonly bin: string, private readonly scratch: string) {
    fs.mkdirSync(scratch, { recursive: true });
    this.hook = path.join(scratch, 'usage-hook.js');
    fs.writeFileSync(this.hook, HOOK);
  }

  run(args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<CliRun> {
    const usageFile = path.join(this.scratch, `usage-${process.pid}-${this.n++}.json`);
    const t0 = performance.now();
    const child = spawn(process.execPath, ['-r', this.hook, this.bin, ...args], { cwd: opts.cwd, env: { ...opts.env, BENCH_USAGE_FILE: usageFile }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => { stdout += b.toString(); });
    child.stderr.on('data', (b: Buffer) => { stderr += b.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 600_000);
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code) => {
        clearTimeout(timer);
        const wallMs = performance.now() - t0;
        let usage = { maxRssKb: NaN, cpuUs: NaN };
        try { usage = JSON.parse(fs.readFileSync(usageFile, 'utf8')) as typeof usage; fs.rmSync(usageFile); } catch { /* no usage: NaN */ }
        resolve({ args, code, wallMs, maxRssMb: Math.round(usage.maxRssKb / 102.4) / 10, cpuS: usage.cpuUs / 1e6, stdout, stderr });
      });
    });
  }
}

/** Throws, with the run's output, unless it exited with `expected`. */
export function expectExit(r: CliRun, expected: number, what: string): CliRun {
  if (r.code !== expected) {
    throw new Error(`${what}: \`cdktf-wecom ${r.args.join(' ')}\` exited with ${r.code}, expected ${expected}\n--- stderr\n${r.stderr.slice(-4000)}\n--- stdout (end)\n${r.stdout.slice(-2000)}`);
  }
  return r;
}
