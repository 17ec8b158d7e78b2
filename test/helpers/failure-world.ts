// A deployed world for process-level failure tests, built once per test file and copied per case:
// stack v1 (three archive-on-destroy chats c0..c2) applied by the real CLI against a simulator
// that persists to a data file; then
//   v2    = v1 with c1 renamed and c3 added (apply: 1 update, 1 create), plus a saved plan.json;
//   quota = v2 plus c4, with the provider's limits lowered so the creates run out half-way
//           (chatCreatesPerDay 4, of which the ledger copied from v1 says 3 are used) and
//           chatUpdatesPerHour 2, plus a saved plan.json.
// Each case gets its own copy of a variant's project (state, ledger, synth output, plan file)
// and its own simulator started from a copy of the data file, so cases run concurrently.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_ORG, startSimulator, RunningSimulator, SimulatorOptions } from '../../src/simulator';
import { CliResult, makeProject, runCli } from './cli-project';
import { LiveChat, SimHttp, waitFor } from './sim-http';

export const STATE = 'terraform.proj.tfstate';
export const ARCHIVED = '[archived] ';
/** Every spawned command is killed past this (a hang fails its case instead of the suite). */
export const CLI_TIMEOUT_MS = 90_000;

const chat = (i: number, name: string) =>
  `new lib.AppChat(stack, 'c${i}', { name: ${JSON.stringify(name)}, owner: 'zhangsan', members: { users: ['zhangsan', 'lisi', 'wangwu'] }, onDestroy: 'archive' });`;
const V1 = [chat(0, '可靠-0'), chat(1, '可靠-1'), chat(2, '可靠-2')];
const V2 = [chat(0, '可靠-0'), chat(1, '可靠-1-改名'), chat(2, '可靠-2'), chat(3, '可靠-3')];
const QUOTA = [...V2, chat(4, '可靠-4')];

export type Variant = 'v2' | 'quota';
export type ChatKey = 'c0' | 'c1' | 'c2' | 'c3' | 'c4';

export interface World {
  root: string;
  dataFile: string;
  variants: Record<Variant, string>;
  /** Resource address (`wecom_app_chat.c0_47D17CFF`) and chat id of each declared chat. */
  chats: Record<ChatKey, { address: string; chatId: string }>;
}

export function baseEnv(sim: { url: string }): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1',
    WECOM_CORP_SECRET: DEFAULT_ORG.agents.main.secret, WECOM_API_BASE: sim.url, WECOM_ROBOT_OPS_KEY: DEFAULT_ORG.robots.ops.key,
  };
}

function must(r: CliResult, what: string, codes: number[]): void {
  if (r.code === null || !codes.includes(r.code)) throw new Error(`world setup: ${what} exited ${r.code ?? r.signal}\n${r.stdout}\n${r.stderr}`);
}

export async function buildWorld(): Promise<World> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wecom-failures-'));
  const dirs = { v1: path.join(root, 'v1'), v2: path.join(root, 'v2'), quota: path.join(root, 'quota') };
  Object.values(dirs).forEach((d) => fs.mkdirSync(d));
  // A relative backend path, so each case's copy of a project uses its own state.
  const backendPath = `../../../${STATE}`;
  makeProject(V1.join('\n'), dirs.v1, { backendPath });
  makeProject(V2.join('\n'), dirs.v2, { backendPath });
  makeProject(QUOTA.join('\n'), dirs.quota, { backendPath, provider: { chatCreatesPerDay: 4, chatUpdatesPerHour: 2 } });
  const noApi = { PATH: process.env.PATH, HOME: process.env.HOME };
  const synths = await Promise.all(Object.values(dirs).map((cwd) => runCli(['synth'], { cwd, env: noApi, timeoutMs: CLI_TIMEOUT_MS })));
  synths.forEach((r, i) => must(r, `synth ${Object.keys(dirs)[i]}`, [0]));

  const dataFile = path.join(root, 'sim.json');
  const sim = await startSimulator({ dataFile });
  try {
    const env = baseEnv(sim);
    must(await runCli(['apply', '--auto-approve', '--no-synth'], { cwd: dirs.v1, env, timeoutMs: CLI_TIMEOUT_MS }), 'apply v1', [0]);
    for (const v of ['v2', 'quota'] as const) {
      for (const f of [STATE, `${STATE}.quota.json`]) fs.copyFileSync(path.join(dirs.v1, f), path.join(dirs[v], f));
      must(await runCli(['plan', '--out', 'plan.json', '--no-synth'], { cwd: dirs[v], env, timeoutMs: CLI_TIMEOUT_MS }), `plan --out ${v}`, [0]);
    }
    // plan rewrites the ledger; keep the one the apply left (3 creates today).
    for (const v of ['v2', 'quota'] as const) fs.copyFileSync(path.join(dirs.v1, `${STATE}.quota.json`), path.join(dirs[v], `${STATE}.quota.json`));
  } finally {
    await sim.close();
  }
  const doc = JSON.parse(fs.readFileSync(path.join(dirs.quota, 'cdktf.out', 'stacks', 'proj', 'cdk.tf.json'), 'utf8')) as { resource: { wecom_app_chat: Record<string, { chat_id: string }> } };
  const chats = {} as World['chats'];
  for (const [name, block] of Object.entries(doc.resource.wecom_app_chat)) {
    chats[name.replace(/_[0-9A-F]+$/, '') as ChatKey] = { address: `wecom_app_chat.${name}`, chatId: block.chat_id };
  }
  return { root, dataFile, variants: { v2: dirs.v2, quota: dirs.quota }, chats };
}

export interface Case {
  dir: string;
  statePath: string;
  sim: RunningSimulator;
  http: SimHttp;
  env: NodeJS.ProcessEnv;
  /** Called with every simulator log line (one per answered or reset API call). */
  onLog(fn: (line: string) => void): void;
  run(args: string[], opts?: { onSpawn?: (pid: number) => void }): Promise<CliResult>;
  /** Waits until the simulator has answered (or reset) every API call it received. */
  quiesce(): Promise<void>;
  close(): Promise<void>;
}

let caseSeq = 0;

export async function openCase(world: World, variant: Variant = 'v2', simOptions: Omit<SimulatorOptions, 'dataFile' | 'log'> = {}): Promise<Case> {
  const root = path.join(world.root, `case-${process.pid}-${++caseSeq}`);
  const dir = path.join(root, 'proj');
  fs.cpSync(world.variants[variant], dir, { recursive: true });
  // The 3 creates of the deployment count against today's quota: dated now, so a case that runs
  // just after China-time midnight (the quota's reset) still finds them used.
  const ledger = path.join(dir, `${STATE}.quota.json`);
  const used = JSON.parse(fs.readFileSync(ledger, 'utf8')) as { chatCreatesPerDay: number[] };
  fs.writeFileSync(ledger, JSON.stringify({ ...used, chatCreatesPerDay: used.chatCreatesPerDay.map(() => Date.now()) }));
  const dataFile = path.join(root, 'sim.json');
  fs.copyFileSync(world.dataFile, dataFile);
  const listeners: Array<(line: string) => void> = [];
  const sim = await startSimulator({ ...simOptions, dataFile, log: (line) => listeners.forEach((l) => l(line)) });
  // Count the API calls the simulator took in, so quiesce() can wait for slow ones to be answered.
  let received = 0;
  const decide = sim.sim.faults.decide.bind(sim.sim.faults);
  sim.sim.faults.decide = (p: string) => { received++; return decide(p); };
  const answered = () => Object.values(sim.sim.inspect.calls().counts).reduce((n, c) => n + c.calls, 0);
  const env = baseEnv(sim);
  const c: Case = {
    dir, statePath: path.join(dir, STATE), sim, http: new SimHttp(sim.origin), env,
    onLog: (fn) => { listeners.push(fn); },
    run: (args, opts = {}) => runCli(args, { cwd: dir, env: c.env, timeoutMs: CLI_TIMEOUT_MS, onSpawn: opts.onSpawn }),
    quiesce: () => waitFor('the simulator to answer every call', () => answered() >= received, 800),
    close: () => sim.close(),
  };
  return c;
}

export interface Observed {
  /** Our lock file, or the Terraform-format lock info we write beside it, is still there. */
  lockLeft: boolean;
  journalLeft: boolean;
  tmpLeft: string[];
  /** chat_id -> address of every wecom_app_chat instance in the state FILE (not replaying a journal: what Terraform reads). */
  stateChats: Map<string, string>;
  live: LiveChat[];
}

export async function observe(c: Case): Promise<Observed> {
  const stateChats = new Map<string, string>();
  if (fs.existsSync(c.statePath)) {
    const doc = JSON.parse(fs.readFileSync(c.statePath, 'utf8')) as { resources: Array<{ mode: string; type: string; name: string; instances: Array<{ attributes: { chat_id: string } }> }> };
    for (const r of doc.resources) if (r.mode === 'managed' && r.type === 'wecom_app_chat') for (const i of r.instances) stateChats.set(i.attributes.chat_id, `${r.type}.${r.name}`);
  }
  return {
    lockLeft: fs.existsSync(`${c.statePath}.lock.info`) || fs.existsSync(path.join(c.dir, `.${STATE}.lock.info`)),
    journalLeft: fs.existsSync(`${c.statePath}.journal`),
    tmpLeft: fs.readdirSync(c.dir).filter((f) => f.endsWith('.tmp')),
    stateChats,
    live: await c.http.chats(),
  };
}

/**
 * State and live agree: every declared chat that exists live (and is not archived) is in the
 * state file; every chat in the state file exists live and is not archived. Returns the problems.
 */
export function stateMatchesLive(world: World, o: Observed): string[] {
  const declared = new Set(Object.values(world.chats).map((x) => x.chatId));
  const live = new Map(o.live.map((x) => [x.chatid, x]));
  const problems: string[] = [];
  for (const l of o.live) {
    if (declared.has(l.chatid) && !l.name.startsWith(ARCHIVED) && !o.stateChats.has(l.chatid)) problems.push(`live chat ${l.chatid} (${l.name}) is missing from the state file`);
  }
  for (const [id, address] of o.stateChats) {
    const l = live.get(id);
    if (!l) problems.push(`${address} (${id}) is in the state file but does not exist live`);
    else if (l.name.startsWith(ARCHIVED)) problems.push(`${address} (${id}) is archived live but still in the state file`);
  }
  return problems;
}
