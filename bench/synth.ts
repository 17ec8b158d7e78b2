// npm run bench:synth — synthesizes one stack of 10,000 app chats (50 explicit members each,
// userids of the simulator's default org) with the WecomBaseline pack applied, and prints wall
// time and peak memory. Targets (2-core machine): under 3 s and 400 MB. Results: docs/benchmarks.md.
//
//   npm run bench:synth                                # 3 runs, each a fresh process
//   node dist/bench/synth.js --runs 5 --chats 2000     # other sizes and run counts
//   node dist/bench/synth.js --once --json             # one run in this process, JSON out
//   node dist/bench/synth.js --no-policy --no-validation   # cdktf's own share (no pack, skipValidation)
//
// Each run is a child process, under `/usr/bin/time -v` when it exists (its "Maximum resident set
// size" is reported next to process.resourceUsage().maxRSS and sampled RSS).
//
// Phases: `construct` builds the tree (constructs validate nothing yet); `synth` is app.synth():
// aspects (the policy pack), validations, cdktf's resolve passes and writing cdk.tf.json.

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { IConstruct } from 'constructs';
import { App, Aspects, TerraformStack } from '../src/cdktf';
import { AppChat, WecomProvider } from '../src/constructs';
import { WecomBaseline } from '../src/policy';
import { buildDefaultOrg } from '../src/simulator/default-org';

interface Options { chats: number; members: number; runs: number; once: boolean; json: boolean; policy: boolean; validation: boolean }

function parseArgs(argv: string[]): Options {
  const num = (flag: string, dflt: number): number => {
    const i = argv.indexOf(flag);
    return i >= 0 ? Number(argv[i + 1]) : dflt;
  };
  return {
    chats: num('--chats', 10_000), members: num('--members', 50), runs: num('--runs', 3),
    once: argv.includes('--once'), json: argv.includes('--json'),
    policy: !argv.includes('--no-policy'), validation: !argv.includes('--no-validation'),
  };
}

interface RunResult {
  chats: number; membersPerChat: number; constructMs: number; synthMs: number; totalMs: number; policyMs: number;
  /** CPU time (user + system) of building and app.synth(): less sensitive than wall time to other jobs on the machine. */
  cpuMs: number;
  peakRssMB: number; maxRssMB: number; outputMB: number; node: string; cpus: number; timeMaxRssMB?: number;
}

/** Peak RSS, sampled (setInterval cannot fire inside synchronous synth, so phases sample too). */
class RssSampler {
  public peak = process.memoryUsage().rss;
  private readonly timer = setInterval(() => this.sample(), 20);

  public sample(): void {
    this.peak = Math.max(this.peak, process.memoryUsage().rss);
  }

  public stop(): void {
    clearInterval(this.timer);
    this.sample();
  }
}

/** The baseline pack, timing its own visits (the policy's share of app.synth). */
class TimedBaseline extends WecomBaseline {
  public ns = 0n;

  public override visit(node: IConstruct): void {
    const t = process.hrtime.bigint();
    super.visit(node);
    this.ns += process.hrtime.bigint() - t;
  }
}

function build(app: App, opts: Options, userIds: string[]): { stack: TerraformStack; pack?: TimedBaseline } {
  const stack = new TerraformStack(app, 'bench');
  new WecomProvider(stack, 'wecom', { corpId: 'wwsimcorp0001' });
  for (let i = 0; i < opts.chats; i++) {
    const members = Array.from({ length: opts.members }, (_, k) => userIds[(i * 7 + k) % userIds.length]);
    new AppChat(stack, `chat${i}`, { name: `bench${i}-eng`, owner: members[0], members: { users: members } });
  }
  const pack = opts.policy ? new TimedBaseline({ maxMembers: 500, loggers: [] }) : undefined;
  if (pack) Aspects.of(stack).add(pack);
  return { stack, pack };
}

function runOnce(opts: Options): RunResult {
  const userIds = buildDefaultOrg().users.filter((u) => u.status === 1).map((u) => u.userid);
  if (userIds.length < opts.members) throw new Error(`the default org has ${userIds.length} active users; asked for ${opts.members} members`);
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-synth-'));
  const sampler = new RssSampler();
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const app = new App({ outdir, skipValidation: !opts.validation });
  const { pack } = build(app, opts, userIds);
  sampler.sample();
  const t1 = process.hrtime.bigint();
  app.synth();
  sampler.sample();
  const t2 = process.hrtime.bigint();
  const cpu = process.cpuUsage(cpu0);
  sampler.stop();
  const bytes = fs.statSync(path.join(outdir, 'stacks', 'bench', 'cdk.tf.json')).size;
  fs.rmSync(outdir, { recursive: true, force: true });
  const ms = (a: bigint, b: bigint): number => Number(b - a) / 1e6;
  return {
    chats: opts.chats, membersPerChat: opts.members,
    constructMs: Math.round(ms(t0, t1)), synthMs: Math.round(ms(t1, t2)), totalMs: Math.round(ms(t0, t2)),
    policyMs: pack ? Math.round(Number(pack.ns) / 1e6) : 0, cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    peakRssMB: Math.round(sampler.peak / 2 ** 20), maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    outputMB: +(bytes / 2 ** 20).toFixed(1), node: process.version, cpus: os.cpus().length,
  };
}

/** One run in a fresh process (under /usr/bin/time -v when available). */
function runChild(opts: Options): RunResult {
  const args = [__filename, '--once', '--json', '--chats', String(opts.chats), '--members', String(opts.members),
    ...(opts.policy ? [] : ['--no-policy']), ...(opts.validation ? [] : ['--no-validation'])];
  const time = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
  const r = time
    ? spawnSync(time, ['-v', process.execPath, ...args], { encoding: 'utf8' })
    : spawnSync(process.execPath, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`benchmark run failed (${r.status}):\n${r.stderr}`);
  const result = JSON.parse(r.stdout.trim().split('\n').pop()!) as RunResult;
  const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr ?? '');
  if (kb) result.timeMaxRssMB = Math.round(Number(kb[1]) / 1024);
  return result;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function print(r: RunResult, label: string): void {
  const time = r.timeMaxRssMB === undefined ? '' : `, ${r.timeMaxRssMB} MB /usr/bin/time`;
  console.log(`  ${label}: construct ${r.constructMs} ms, app.synth ${r.synthMs} ms (policy ${r.policyMs}), total ${r.totalMs} ms (CPU ${r.cpuMs} ms); `
    + `peak RSS ${r.peakRssMB} MB sampled, ${r.maxRssMB} MB maxRSS${time}`);
}

function main(): void {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.once) {
    const r = runOnce(opts);
    if (opts.json) console.log(JSON.stringify(r));
    else print(r, 'run');
    return;
  }
  const what = `${opts.policy ? 'WecomBaseline applied' : 'no policy pack'}${opts.validation ? '' : ', validations skipped'}`;
  console.log(`synth ${opts.chats} chats x ${opts.members} members, ${what}; ${opts.runs} runs `
    + `(${os.cpus().length} CPUs ${os.cpus()[0]?.model ?? ''}, node ${process.version}, load ${os.loadavg()[0].toFixed(1)})`);
  const results: RunResult[] = [];
  for (let i = 0; i < opts.runs; i++) {
    results.push(runChild(opts));
    print(results[i], `run ${i + 1}`);
  }
  const m = (k: keyof RunResult): number => median(results.map((r) => r[k] as number));
  console.log(`  median: total ${m('totalMs')} ms (construct ${m('constructMs')}, app.synth ${m('synthMs')}, of which policy ${m('policyMs')}; CPU ${m('cpuMs')}); `
    + `max RSS ${Math.max(...results.map((r) => r.timeMaxRssMB ?? r.maxRssMB))} MB; cdk.tf.json ${results[0].outputMB} MB`);
  if (opts.json) console.log(JSON.stringify(results));
}

main();
