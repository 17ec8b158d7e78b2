// `cdktf-wecom simulator`: runs the local WeCom API simulator until SIGINT/SIGTERM.
// The first stdout line is exactly the API base URL, so scripts can read it.
import { InvalidArgumentError } from 'commander';
import type { Command } from 'commander';
import { onInterrupt } from '../../lifecycle';
import { DEFAULT_SIMULATOR_LIMITS, startSimulator } from '../../simulator';
import type { FaultOptions, SimulatorLimits, SimulatorOptions } from '../../simulator';

interface SimulatorFlags {
  port: number; seed?: string; orgSize?: number; data?: string; tokenTtl?: number; expiredTokenErrcode?: number;
  faultSeed?: number; busyRate?: number; freqRate?: number; concurrencyRate?: number; resetRate?: number;
  resetAfterApply?: number; latency?: number | [number, number]; faultPaths?: string;
  maxChatMembers?: number; robotWindow?: string; verbose?: boolean; limit?: Partial<SimulatorLimits>;
}

/** `--limit chatCreatesPerDay=5000`: any SimulatorLimits field (numbers, or true/false). */
function limitPair(value: string, prev: Partial<SimulatorLimits> = {}): Partial<SimulatorLimits> {
  const m = /^([A-Za-z]+)=(.+)$/.exec(value);
  if (!m || !(m[1] in DEFAULT_SIMULATOR_LIMITS)) {
    throw new InvalidArgumentError(`expected NAME=VALUE with NAME one of ${Object.keys(DEFAULT_SIMULATOR_LIMITS).join(', ')}`);
  }
  const [, name, raw] = m;
  const kind = typeof DEFAULT_SIMULATOR_LIMITS[name as keyof SimulatorLimits];
  const v = kind === 'boolean' ? raw === 'true' : Number(raw);
  if (kind === 'boolean' ? !/^(true|false)$/.test(raw) : !(Number.isSafeInteger(v) && (v as number) > 0)) {
    throw new InvalidArgumentError(`${name} must be ${kind === 'boolean' ? 'true or false' : 'a positive integer'}`);
  }
  return { ...prev, [name]: v };
}

function int(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError('expected a non-negative integer');
  return n;
}

function rate(value: string): number {
  const n = Number(value);
  if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError('expected a share between 0 and 1');
  return n;
}

function latency(value: string): number | [number, number] {
  const m = /^(\d+)(?:-(\d+))?$/.exec(value);
  if (!m) throw new InvalidArgumentError('expected MS or MIN-MAX');
  return m[2] === undefined ? Number(m[1]) : [Number(m[1]), Number(m[2])];
}

function faults(o: SimulatorFlags): FaultOptions | undefined {
  const f: FaultOptions = {
    seed: o.faultSeed, busyRate: o.busyRate, freqRate: o.freqRate, concurrencyRate: o.concurrencyRate,
    resetRate: o.resetRate, resetAfterApply: o.resetAfterApply, latencyMs: o.latency,
    paths: o.faultPaths ? o.faultPaths.split(',').map((p) => p.trim()).filter(Boolean) : undefined,
  };
  return Object.values(f).some((v) => v !== undefined) ? f : undefined;
}

function toOptions(o: SimulatorFlags): SimulatorOptions {
  if (o.expiredTokenErrcode !== undefined && o.expiredTokenErrcode !== 42001 && o.expiredTokenErrcode !== 40014) {
    throw new InvalidArgumentError('--expired-token-errcode must be 42001 or 40014');
  }
  if (o.orgSize !== undefined && o.seed !== undefined) throw new InvalidArgumentError('--org-size and --seed exclude each other');
  if (o.robotWindow !== undefined && o.robotWindow !== 'fixed' && o.robotWindow !== 'sliding') {
    throw new InvalidArgumentError('--robot-window must be fixed or sliding');
  }
  return {
    port: o.port, seed: o.seed, orgSize: o.orgSize, dataFile: o.data, tokenTtlSeconds: o.tokenTtl,
    expiredTokenErrcode: o.expiredTokenErrcode,
    robotWindow: o.robotWindow,
    limits: o.maxChatMembers !== undefined || o.limit ? { ...o.limit, ...(o.maxChatMembers !== undefined ? { maxChatMembers: o.maxChatMembers } : {}) } : undefined,
    faults: faults(o),
    log: o.verbose ? (line) => process.stderr.write(`${line}\n`) : undefined,
  };
}

async function run(o: SimulatorFlags): Promise<void> {
  const running = await startSimulator(toOptions(o));
  // Secrets from a seed or data file are never printed; the built-in org's are public fakes.
  const builtIn = o.seed === undefined && o.data === undefined;
  const users = running.sim.state.users.length;
  const out = [
    running.url,
    `corp id: ${running.corp.id}`,
    ...(o.orgSize !== undefined ? [`org: generated, ${users} people, ${running.sim.state.departments.length} departments, ${running.sim.state.tags.length} tags`] : []),
    ...running.corp.agents.map((a) => `agent ${a.agentid} (${a.name})${builtIn ? ` secret: ${a.secret}` : ''}`),
    `inspect: ${running.inspectUrl}`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  // Stopping a server on Ctrl-C is its normal end: exit 0 once it closed.
  await new Promise<void>((resolve) => {
    const off = onInterrupt(() => { off(); resolve(); });
  });
  await running.close();
}

export function registerSimulator(program: Command): void {
  program
    .command('simulator')
    .description('Run the local WeCom API simulator on 127.0.0.1 (first stdout line: the API base URL)')
    .option('--port <n>', 'TCP port (0: any free port)', int, 0)
    .option('--seed <file>', 'seed JSON file (default: the built-in default org)')
    .option('--org-size <n>', 'a generated org of N people (deterministic; the default org\'s corp and agents), e.g. 100000', int)
    .option('--data <file>', 'persist state to this file (loaded when present)')
    .option('--token-ttl <seconds>', 'access token lifetime', int)
    .option('--expired-token-errcode <code>', 'errcode for expired tokens: 42001 or 40014', int)
    .option('--robot-window <kind>', 'robot 20/min window: fixed or sliding')
    .option('--max-chat-members <n>', 'app chat member limit (2000; older docs: 500)', int)
    .option('--limit <name=value>', `override a limit (repeatable), e.g. chatCreatesPerDay=20000; names: ${Object.keys(DEFAULT_SIMULATOR_LIMITS).join(', ')}`, limitPair)
    .option('--fault-seed <n>', 'seed of the fault PRNG', int)
    .option('--busy-rate <r>', 'share of calls answered -1', rate)
    .option('--freq-rate <r>', 'share of calls answered 45009', rate)
    .option('--concurrency-rate <r>', 'share of calls answered 45033', rate)
    .option('--reset-rate <r>', 'share of connections reset without an answer', rate)
    .option('--reset-after-apply <r>', 'share of resets that happen after the call was applied', rate)
    .option('--latency <ms>', 'added latency: MS or MIN-MAX', latency)
    .option('--fault-paths <list>', 'comma-separated API path prefixes faults apply to')
    .option('--verbose', 'log each request to stderr (no secrets)')
    .action((flags: SimulatorFlags) => run(flags));
}
