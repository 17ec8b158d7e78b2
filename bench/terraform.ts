// Terraform vs its own floor vs the native engine, side by side in one run (issue 13). For each
// size N (default 1,000 and 2,000 app chats x 50 members):
//   - `terraform apply` of the N chats from empty state through terraform-provider-wecom (only
//     for the sizes in --apply, default 1,000; other sizes get their state from the engine);
//   - then, alternating for --rounds rounds, no-change plans of that same state:
//     `terraform plan` through our provider; `terraform plan` of N built-in `terraform_data`
//     holding the same 50-userid lists (Terraform's own floor for that much state, no plugin);
//     and the native plan (bench/engine/phase.js, as `cdktf-wecom plan` runs it).
// Per command: wall time from spawn to exit, peak memory of all its processes together (RSS
// summed over the process tree every 20 ms from /proc), and the API calls the simulator saw (a
// process of its own). --write-docs puts the table into docs/benchmarks.md.
//
//   npm run bench:terraform -- [--chats 1000,2000] [--apply 1000] [--rounds 2] [--members 50] [--write-docs]
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeDevOverrides } from '../src/provider/install';
import { PROVIDER_VERSION_CONSTRAINT } from '../src/schema';
import { DEFAULT_ORG } from '../src/simulator/default-org';
import { writeSection } from './engine/report';
import { runPhase } from './engine/phase';
import { simCalls, simProcess } from './engine/run';
import { benchStack } from './engine/scenario';

const SECRET_ENV = 'WECOM_BENCH_SECRET';

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

/** The simulator's counts since the last call (then reset), endpoints with calls only. */
async function callsSince(origin: string): Promise<Record<string, number>> {
  return Object.fromEntries(Object.entries(await simCalls(origin, true)).filter(([, n]) => n > 0));
}

interface Measured { size: number; command: string; round: number; wallS: number; peakMb: number; processes: number; calls: number; byEndpoint: Record<string, number> }

/** N `terraform_data` with the members lists of the bench stack, applied once: the plan floor. */
async function floorDir(doc: Record<string, unknown>, base: string): Promise<string> {
  const dir = path.join(base, 'floor');
  fs.mkdirSync(dir, { recursive: true });
  const chats = (doc.resource as Record<string, Record<string, { members: string[] }>>).wecom_app_chat;
  const resource = { terraform_data: Object.fromEntries(Object.entries(chats).map(([k, c]) => [k, { input: c.members }])) };
  fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify({ resource }));
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
  for (const args of [['init', '-input=false', '-no-color'], ['apply', '-auto-approve', '-input=false', '-no-color', '-parallelism=20']]) {
    const r = await run('terraform', args, dir, env);
    if (r.code !== 0) throw new Error(`terraform_data floor: terraform ${args[0]} failed:\n${r.out.slice(-3000)}`);
  }
  return dir;
}

async function measureSize(size: number, o: { members: number; rounds: number; applyWithTerraform: boolean }, rows: Measured[]): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wecom-bench-tf-'));
  const stackDir = path.join(dir, 'cdktf.out', 'stacks', 'bench');
  fs.mkdirSync(stackDir, { recursive: true });
  const stackFile = path.join(stackDir, 'cdk.tf.json');
  const doc = benchStack({ chats: size, members: o.members, secretEnv: SECRET_ENV, statePath: path.join(dir, 'terraform.bench.tfstate') });
  (doc.terraform as Record<string, unknown>).required_providers = { wecom: { source: 'cdktf-wecom/wecom', version: PROVIDER_VERSION_CONSTRAINT } };
  fs.writeFileSync(stackFile, JSON.stringify(doc, null, 2));
  const sim = await simProcess(size);
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, [SECRET_ENV]: DEFAULT_ORG.agents.main.secret, WECOM_API_BASE: sim.url };
  const record = async (command: string, round: number, r: Awaited<ReturnType<typeof run>>) => {
    const byEndpoint = command.includes('terraform_data') ? {} : await callsSince(sim.origin);
    rows.push({ size, command, round, wallS: r.wallS, peakMb: r.peakMb, processes: r.processes, calls: Object.values(byEndpoint).reduce((a, b) => a + b, 0), byEndpoint });
    process.stderr.write(`${size} × ${command} (round ${round}): ${r.wallS} s, peak ${r.peakMb} MB over ${r.processes} processes, ${rows[rows.length - 1].calls} API calls\n`);
  };
  try {
    const trace = process.env.WECOM_PROVIDER_TRACE ? { WECOM_PROVIDER_TRACE: process.env.WECOM_PROVIDER_TRACE } : {};
    const tfEnv = { ...env, ...writeDevOverrides(path.join(dir, 'tfrc')).env, TF_IN_AUTOMATION: '1', ...trace };
    const init = await run('terraform', ['init', '-input=false', '-no-color'], stackDir, tfEnv);
    if (init.code !== 0) throw new Error(`terraform init failed:\n${init.out}`);
    if (o.applyWithTerraform) {
      process.stderr.write(`terraform apply of ${size} chats ...\n`);
      await callsSince(sim.origin);
      const r = await run('terraform', ['apply', '-auto-approve', '-input=false', '-no-color', '-lock=false'], stackDir, tfEnv);
      if (r.code !== 0) throw new Error(`terraform apply failed:\n${r.out.slice(-3000)}`);
      await record('terraform apply (create)', 1, r);
    } else {
      process.stderr.write(`applying ${size} chats with the engine (state for all) ...\n`);
      const applied = await runPhase({ kind: 'apply', stackFile, cwd: dir, env: env as Record<string, string>, concurrency: 16 });
      if (applied.failed.length) throw new Error(`apply failed: ${applied.failed[0]}`);
    }
    process.stderr.write(`terraform_data floor: ${size} instances ...\n`);
    const floor = await floorDir(doc, dir);
    await callsSince(sim.origin);

    const phase = path.join(__dirname, 'engine', `phase${path.extname(__filename)}`);
    const nodeArgs = path.extname(__filename) === '.ts' ? ['-r', 'ts-node/register/transpile-only'] : [];
    const floorEnv = { PATH: process.env.PATH, HOME: process.env.HOME, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
    const plan = ['plan', '-input=false', '-no-color', '-detailed-exitcode', '-lock=false'];
    const commands: Array<[string, () => ReturnType<typeof run>]> = [
      ['terraform plan (wecom_app_chat)', () => run('terraform', plan, stackDir, tfEnv)],
      ['terraform plan (terraform_data floor)', () => run('terraform', plan, floor, floorEnv)],
      ['cdktf-wecom plan', () => run(process.execPath, [...nodeArgs, phase, JSON.stringify({ kind: 'plan', stackFile, cwd: dir, env, concurrency: 16 })], dir, env)],
    ];
    for (let round = 1; round <= o.rounds; round++) {
      for (const [command, go] of commands) {
        const r = await go();
        const last = () => JSON.parse(r.out.trim().split('\n').pop()!) as { changes?: Record<string, number> };
        const ok = command === 'cdktf-wecom plan' ? r.code === 0 && Object.keys(last().changes ?? { x: 1 }).length === 0 : r.code === 0;
        if (!ok) throw new Error(`${command}: expected no changes (exit ${r.code})\n${r.out.slice(-3000)}`);
        await record(command, round, r);
      }
    }
  } finally {
    await sim.close();
  }
}

const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };

function report(rows: Measured[], members: number): string {
  const cpus = os.cpus();
  const out = [`${members} members per chat; ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, Node ${process.version}, load average before the run ${os.loadavg()[0].toFixed(1)}.`, ''];
  out.push('| chats | command | round | wall time | peak memory (all processes) | processes | API calls |', '|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const calls = r.command.includes('terraform_data') ? '-' : `${r.calls} (${Object.entries(r.byEndpoint).map(([k, v]) => `${k} ${v}`).join(', ')})`;
    out.push(`| ${r.size.toLocaleString('en-US')} | \`${r.command}\` | ${r.round} | ${r.wallS.toFixed(2)} s | ${r.peakMb} MB | ${r.processes} | ${calls} |`);
  }
  const sizes = [...new Set(rows.map((r) => r.size))];
  const med = (size: number, command: string) => median(rows.filter((r) => r.size === size && r.command === command).map((r) => r.wallS));
  out.push('', '| chats | `terraform plan` (ours), median | floor (`terraform_data` list), median | ours / floor | `cdktf-wecom plan`, median |', '|---|---|---|---|---|');
  for (const n of sizes) {
    const ours = med(n, 'terraform plan (wecom_app_chat)');
    const floor = med(n, 'terraform plan (terraform_data floor)');
    out.push(`| ${n.toLocaleString('en-US')} | ${ours.toFixed(2)} s | ${floor.toFixed(2)} s | ${(ours / floor).toFixed(2)}x | ${med(n, 'cdktf-wecom plan').toFixed(2)} s |`);
  }
  if (sizes.length > 1) {
    const [a, b] = [sizes[0], sizes[sizes.length - 1]];
    const g = (c: string) => (med(b, c) / med(a, c)).toFixed(2);
    out.push('', `Growth ${a.toLocaleString('en-US')} -> ${b.toLocaleString('en-US')} chats (x${(b / a).toFixed(1)}): ours x${g('terraform plan (wecom_app_chat)')}, floor x${g('terraform plan (terraform_data floor)')}, cdktf-wecom x${g('cdktf-wecom plan')}.`);
  }
  return out.join('\n');
}

async function main(): Promise<void> {
  const list = (name: string, dflt: string) => { const i = process.argv.indexOf(`--${name}`); return (i > 0 ? process.argv[i + 1] : dflt).split(',').filter(Boolean).map(Number); };
  const sizes = list('chats', '1000,2000');
  const applySizes = new Set(list('apply', '1000'));
  const rounds = arg('rounds', 2);
  const members = arg('members', 50);
  const rows: Measured[] = [];
  for (const size of sizes) await measureSize(size, { members, rounds, applyWithTerraform: applySizes.has(size) }, rows);
  const text = report(rows, members);
  process.stdout.write(`\n${text}\n`);
  if (process.argv.includes('--write-docs')) {
    writeSection(path.join(__dirname, '..', '..', 'docs', 'benchmarks.md'), { section: SECTION, begin: BEGIN, end: END }, text);
    process.stderr.write('wrote docs/benchmarks.md\n');
  }
}

const SECTION = '## Terraform vs its floor vs the native engine';
const BEGIN = '<!-- bench:terraform:begin (written by `npm run bench:terraform -- --write-docs`) -->';
const END = '<!-- bench:terraform:end -->';

main().catch((err: unknown) => { process.stderr.write(`${(err as Error).stack ?? String(err)}\n`); process.exit(1); });
