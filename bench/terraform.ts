// Terraform vs the native engine, in one run: N app chats already in state (applied by the
// engine), then `terraform plan` (terraform-provider-wecom through dev_overrides) and the native
// plan (bench/engine/phase.js, as `cdktf-wecom plan` runs it) against the same simulator (a
// process of its own), alternating. Reported per command: wall time of the whole command, peak
// memory of all its processes together (Terraform + every provider process it starts; RSS summed
// over the process tree, sampled every 20 ms from /proc), and the API calls the simulator saw.
//
//   npm run bench:terraform -- [--chats 1000] [--rounds 2] [--members 50]
import { ChildProcess, fork, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { writeDevOverrides } from '../src/provider/install';
import { DEFAULT_ORG } from '../src/simulator/default-org';
import { runPhase } from './engine/phase';
import { benchStack, simulatorLimits } from './engine/scenario';

const SECRET_ENV = 'WECOM_BENCH_SECRET';

interface Row { engine: string; round: number; wallS: number; peakMb: number; processes: number; calls: number; byEndpoint: Record<string, number>; exit: number | null }

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
}

/** pid -> parent pid for every process, from /proc (Linux). */
function processTable(): Map<number, number> {
  const out = new Map<number, number>();
  for (const e of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${e}/stat`, 'utf8');
      out.set(Number(e), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch { /* exited meanwhile */ }
  }
  return out;
}

/** Samples the summed RSS of `root` and its descendants until stopped; returns the peak in MB and the processes seen. */
function treeSampler(root: number): { stop(): { peakMb: number; processes: number } } {
  const page = 4096;
  let peak = 0;
  const seen = new Set<number>();
  const sample = () => {
    if (process.platform !== 'linux') return;
    const table = processTable();
    const tree = new Set([root]);
    for (let grew = true; grew;) {
      grew = false;
      for (const [pid, ppid] of table) if (tree.has(ppid) && !tree.has(pid)) { tree.add(pid); grew = true; }
    }
    let rss = 0;
    for (const pid of tree) {
      try { rss += Number(fs.readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * page; seen.add(pid); } catch { /* exited */ }
    }
    peak = Math.max(peak, rss);
  };
  const timer = setInterval(sample, 20);
  sample();
  return { stop: () => { clearInterval(timer); return { peakMb: Math.round(peak / 1048576), processes: seen.size }; } };
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; wallS: number; peakMb: number; processes: number; out: string }> {
  const t0 = performance.now();
  const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const sampler = treeSampler(child.pid!);
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  return new Promise((resolve) => child.on('close', (code) => {
    const { peakMb, processes } = sampler.stop();
    resolve({ code, wallS: Math.round((performance.now() - t0) / 10) / 100, peakMb, processes, out });
  }));
}

async function simProcess(chats: number): Promise<{ url: string; origin: string; child: ChildProcess }> {
  const child = fork(path.join(__dirname, 'engine', `sim-process${path.extname(__filename)}`), [JSON.stringify(simulatorLimits(chats))], {
    execArgv: path.extname(__filename) === '.ts' ? ['-r', 'ts-node/register/transpile-only'] : [], stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  return { url, origin: new URL(url).origin, child };
}

async function simCalls(origin: string): Promise<Record<string, number>> {
  const body = await (await fetch(`${origin}/_sim/calls`)).json() as { counts: Record<string, { calls: number }> };
  await fetch(`${origin}/_sim/reset-counters`, { method: 'POST' });
  return Object.fromEntries(Object.entries(body.counts).map(([k, v]) => [k, v.calls]).filter(([, n]) => Number(n) > 0));
}

async function main(): Promise<void> {
  const chats = arg('chats', 1000);
  const rounds = arg('rounds', 2);
  const members = arg('members', 50);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wecom-bench-tf-'));
  const stackDir = path.join(dir, 'cdktf.out', 'stacks', 'bench');
  fs.mkdirSync(stackDir, { recursive: true });
  const stackFile = path.join(stackDir, 'cdk.tf.json');
  const doc = benchStack({ chats, members, secretEnv: SECRET_ENV, statePath: path.join(dir, 'terraform.bench.tfstate') });
  (doc.terraform as Record<string, unknown>).required_providers = { wecom: { source: 'cdktf-wecom/wecom' } };
  fs.writeFileSync(stackFile, JSON.stringify(doc, null, 2));
  const sim = await simProcess(chats);
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, [SECRET_ENV]: DEFAULT_ORG.agents.main.secret, WECOM_API_BASE: sim.url };
  try {
    process.stderr.write(`applying ${chats} chats with the engine (state for both) ...\n`);
    const applied = await runPhase({ kind: 'apply', stackFile, cwd: dir, env: env as Record<string, string>, concurrency: 16 });
    if (applied.failed.length) throw new Error(`apply failed: ${applied.failed[0]}`);
    const trace = process.env.WECOM_PROVIDER_TRACE ? { WECOM_PROVIDER_TRACE: process.env.WECOM_PROVIDER_TRACE } : {};
    const tfEnv = { ...env, ...writeDevOverrides(path.join(dir, 'tfrc')).env, TF_IN_AUTOMATION: '1', ...trace };
    const init = await run('terraform', ['init', '-input=false', '-no-color'], stackDir, tfEnv);
    if (init.code !== 0) throw new Error(`terraform init failed:\n${init.out}`);
    await simCalls(sim.origin);

    const phase = path.join(__dirname, 'engine', `phase${path.extname(__filename)}`);
    const nodeArgs = path.extname(__filename) === '.ts' ? ['-r', 'ts-node/register/transpile-only'] : [];
    const commands: Array<[string, () => ReturnType<typeof run>]> = [
      ['terraform plan', () => run('terraform', ['plan', '-input=false', '-no-color', '-detailed-exitcode', '-lock=false'], stackDir, tfEnv)],
      ['cdktf-wecom plan', () => run(process.execPath, [...nodeArgs, phase, JSON.stringify({ kind: 'plan', stackFile, cwd: dir, env, concurrency: 16 })], dir, env)],
    ];
    const rows: Row[] = [];
    for (let round = 1; round <= rounds; round++) {
      for (const [engine, go] of commands) {
        const r = await go();
        const byEndpoint = await simCalls(sim.origin);
        const ok = engine === 'terraform plan' ? r.code === 0 : r.code === 0 && JSON.parse(r.out.trim().split('\n').pop()!).changes && Object.keys(JSON.parse(r.out.trim().split('\n').pop()!).changes).length === 0;
        if (!ok) throw new Error(`${engine}: expected no changes (exit ${r.code})\n${r.out.slice(-3000)}`);
        rows.push({ engine, round, wallS: r.wallS, peakMb: r.peakMb, processes: r.processes, calls: Object.values(byEndpoint).reduce((a, b) => a + b, 0), byEndpoint, exit: r.code });
        process.stderr.write(`${engine} (round ${round}): ${r.wallS} s, peak ${r.peakMb} MB over ${r.processes} processes, ${rows[rows.length - 1].calls} API calls\n`);
      }
    }
    const cpus = os.cpus();
    process.stdout.write(`\n${chats} chats in state (${members} members each), no changes; ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, Node ${process.version}\n\n`);
    process.stdout.write('| command | round | wall time | peak memory (all processes) | processes | API calls |\n|---|---|---|---|---|---|\n');
    for (const r of rows) process.stdout.write(`| \`${r.engine}\` | ${r.round} | ${r.wallS.toFixed(2)} s | ${r.peakMb} MB | ${r.processes} | ${r.calls} (${Object.entries(r.byEndpoint).map(([k, v]) => `${k} ${v}`).join(', ')}) |\n`);
  } finally {
    if (process.env.BENCH_KEEP) { process.stderr.write(`kept: ${stackDir} ${sim.url}\n`); await new Promise(() => undefined); }
    sim.child.kill('SIGTERM');
  }
}

main().catch((err: unknown) => { process.stderr.write(`${(err as Error).stack ?? String(err)}\n`); process.exit(1); });
