// What one Terraform command costs terraform-provider-wecom: how many provider processes it
// starts, the WeCom calls each makes, and the time from spawn to the handshake line (what
// Terraform waits for per process), next to Node's own floor (`node -e`, spawn to first line).
//
//   npm run bench:provider-start -- [--runs 40] [--chats 5]
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeServerCertificate, MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from '../src/provider/handshake';
import { binDir, writeDevOverrides } from '../src/provider/install';
import { DEFAULT_ORG, startSimulator } from '../src/simulator';
import { benchStack } from './engine/scenario';

const PROVIDER = path.join(binDir(), 'terraform-provider-wecom');
const SECRET_ENV = 'WECOM_BENCH_SECRET';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
}

/** ms from spawn to the first full line on stdout; the process is then killed. */
function firstLine(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.on('error', reject);
    child.stdout.on('data', (d) => {
      out += d;
      if (!out.includes('\n')) return;
      const ms = performance.now() - t0;
      child.kill('SIGKILL');
      child.once('close', () => resolve(ms));
    });
  });
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  return { median: q(0.5), p95: q(0.95), min: s[0] };
};

async function startTimes(runs: number): Promise<void> {
  const sockets = fs.mkdtempSync(path.join(os.tmpdir(), 'wecom-bench-sock-'));
  const env = {
    PATH: process.env.PATH, HOME: process.env.HOME, [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
    PLUGIN_PROTOCOL_VERSIONS: '6', PLUGIN_CLIENT_CERT: makeServerCertificate().certPem, PLUGIN_UNIX_SOCKET_DIR: sockets,
  };
  // Node reads NODE_EXTRA_CA_CERTS at start-up, before any of our code: shown separately when set.
  const extraCa = process.env.NODE_EXTRA_CA_CERTS ? { NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS } : undefined;
  const rows: Array<[string, string, string[], NodeJS.ProcessEnv, number[]]> = [
    ['`node -e` (spawn to first line)', process.execPath, ['-e', 'process.stdout.write("x\\n")'], env, []],
    ['terraform-provider-wecom (spawn to handshake)', PROVIDER, [], env, []],
    ...(extraCa ? [
      ['`node -e`, NODE_EXTRA_CA_CERTS set', process.execPath, ['-e', 'process.stdout.write("x\\n")'], { ...env, ...extraCa }, []],
      ['terraform-provider-wecom, NODE_EXTRA_CA_CERTS set', PROVIDER, [], { ...env, ...extraCa }, []],
    ] as Array<[string, string, string[], NodeJS.ProcessEnv, number[]]> : []),
  ];
  const load = os.loadavg()[0];
  // Alternating, so load from other work on the machine hits all alike.
  for (let i = 0; i < runs; i++) for (const [, cmd, args, e, out] of rows) out.push(await firstLine(cmd, args, e));
  fs.rmSync(sockets, { recursive: true, force: true });
  const cpus = os.cpus();
  process.stdout.write(`\n${runs} starts each, alternating; ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${load.toFixed(1)} → ${os.loadavg()[0].toFixed(1)}\n\n`);
  process.stdout.write('| process | median | p95 | min |\n|---|---|---|---|\n');
  for (const [name, , , , out] of rows) {
    const st = stats(out);
    process.stdout.write(`| ${name} | ${st.median.toFixed(0)} ms | ${st.p95.toFixed(0)} ms | ${st.min.toFixed(0)} ms |\n`);
  }
}

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('terraform', args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

/** Per command: provider processes (pids in the trace), WeCom calls per process and in all. */
async function commandCalls(chats: number): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wecom-bench-start-'));
  const stackDir = path.join(dir, 'stack');
  fs.mkdirSync(stackDir);
  const doc = benchStack({ chats, source: 'departments', secretEnv: SECRET_ENV, statePath: path.join(dir, 'terraform.tfstate') });
  (doc.terraform as Record<string, unknown>).required_providers = { wecom: { source: 'cdktf-wecom/wecom' } };
  fs.writeFileSync(path.join(stackDir, 'cdk.tf.json'), JSON.stringify(doc, null, 2));
  const sim = await startSimulator();
  const trace = path.join(dir, 'trace.log');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH, HOME: process.env.HOME, [SECRET_ENV]: DEFAULT_ORG.agents.main.secret, WECOM_API_BASE: sim.url,
    TF_IN_AUTOMATION: '1', WECOM_PROVIDER_TRACE: trace, ...writeDevOverrides(path.join(dir, 'tfrc')).env,
    ...(process.env.WECOM_PROVIDER_CACHE ? { WECOM_PROVIDER_CACHE: process.env.WECOM_PROVIDER_CACHE } : {}),
  };
  try {
    const init = await run(['init', '-input=false', '-no-color'], stackDir, env);
    if (init.code !== 0) throw new Error(`terraform init failed:\n${init.out}`);
    process.stdout.write(`\n${chats} wecom_app_chat blocks with department members; WECOM_PROVIDER_CACHE=${process.env.WECOM_PROVIDER_CACHE ?? '(default)'}\n\n`);
    process.stdout.write('| command | provider processes | WeCom calls per process (those that called) | calls in all |\n|---|---|---|---|\n');
    const commands: Array<[string, string[]]> = [
      ['terraform plan', ['plan', '-input=false', '-no-color']],
      ['terraform apply', ['apply', '-auto-approve', '-input=false', '-no-color']],
      ['terraform plan (no changes)', ['plan', '-input=false', '-no-color', '-detailed-exitcode']],
      ['terraform destroy', ['destroy', '-auto-approve', '-input=false', '-no-color']],
    ];
    for (const [name, args] of commands) {
      fs.rmSync(trace, { force: true });
      sim.sim.calls.reset();
      const r = await run(args, stackDir, env);
      if (r.code !== 0) throw new Error(`${name}: exit ${r.code}\n${r.out.slice(-3000)}`);
      const lines = fs.readFileSync(trace, 'utf8').trim().split('\n');
      const pids = new Set(lines.map((l) => l.split(' ')[0]));
      const perProcess = lines.filter((l) => / api \{/.test(l)).map((l) => JSON.parse(l.slice(l.indexOf('{'))) as Record<string, number>)
        .filter((c) => Object.keys(c).length).map((c) => Object.entries(c).map(([k, v]) => `${k} ${v}`).join(', '));
      const counts = sim.sim.inspect.calls().counts;
      const all = Object.entries(counts).map(([k, v]) => `${k} ${v.calls}`).join(', ');
      process.stdout.write(`| \`${name}\` | ${pids.size} | ${perProcess.map((c) => `[${c}]`).join(' ')} | ${all} |\n`);
    }
  } finally {
    await sim.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  await startTimes(arg('runs', 40));
  if (!process.argv.includes('--no-terraform')) await commandCalls(arg('chats', 5));
}

main().catch((err: unknown) => { process.stderr.write(`${(err as Error).stack ?? String(err)}\n`); process.exit(1); });
