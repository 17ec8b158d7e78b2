// `cdktf-wecom robot send` as real processes against the simulator over HTTP: a message counts
// as sent only when WeCom accepted it (exit 0 then and only then); the robot's 20-a-minute
// window is waited for (bounded by --max-wait); busy is retried; permanent errors fail at once;
// the webhook key is never printed. And GroupRobot.announce through a spawned `apply`.
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_ORG, startSimulator } from '../../src/simulator';
import type { RunningSimulator, SimulatorOptions } from '../../src/simulator';
import { makeProject, runCli } from '../helpers/cli-project';
import type { CliResult } from '../helpers/cli-project';

const OPS = DEFAULT_ORG.robots.ops;
const KEY_ENV = 'WECOM_ROBOT_OPS_KEY';
const UNKNOWN_KEY = 'ffffffff-dead-4000-8000-00000000beef';
const N = 25;
/** 25 node processes start on few cores: generous, and no assertion depends on time. */
const PARALLEL_TIMEOUT_MS = 180_000;

function lowPriority(pid: number): void {
  try {
    os.setPriority(pid, 15);
  } catch {
    /* not permitted here: run at normal priority */
  }
}

/**
 * A transparent HTTP relay to `origin`: forwards every request at once and, after the answer,
 * tells `onAnswered` the request body (the test tells processes apart by their message text).
 */
async function relay(origin: string, onAnswered: (body: string) => void): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      fetch(`${origin}${req.url}`, {
        method: req.method, body: req.method === 'GET' ? undefined : body,
        headers: { 'content-type': String(req.headers['content-type'] ?? 'application/json') },
      }).then(async (r) => {
        const answer = Buffer.from(await r.arrayBuffer());
        onAnswered(body.toString('utf8'));
        res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/json' });
        res.end(answer);
      }, () => req.socket.destroy());
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/cgi-bin/`,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/** Simulator time stands still unless the test moves it: a robot's window frees only when told. */
function frozenClock(): { now: () => number; advance(ms: number): void } {
  let t = Date.UTC(2024, 0, 10, 2, 0, 0);
  return { now: () => t, advance: (ms) => { t += ms; } };
}

describe('cdktf-wecom robot send', () => {
  let sim: RunningSimulator;
  let cwd: string;
  let env: NodeJS.ProcessEnv;
  async function start(options: SimulatorOptions = {}): Promise<void> {
    sim = await startSimulator(options);
    env = { PATH: process.env.PATH, HOME: process.env.HOME, WECOM_API_BASE: sim.url, [KEY_ENV]: OPS.key, WECOM_ROBOT_BAD_KEY: UNKNOWN_KEY };
  }
  beforeAll(() => {
    cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'wecom-robot-'));
  });
  afterEach(() => sim?.close());

  // The 25 processes run at low CPU priority so suites in the other jest worker are not starved.
  const send = (text: string, extra: string[] = [], keyEnv = KEY_ENV, apiBase = sim.url): Promise<CliResult> =>
    runCli(['robot', 'send', '--key-env', keyEnv, '--text', text, ...extra], { cwd, env: { ...env, WECOM_API_BASE: apiBase }, onSpawn: lowPriority });

  /** Messages that arrived, through the inspection API over HTTP. */
  async function arrived(): Promise<string[]> {
    const res = await fetch(`${sim.inspectUrl}messages?robot=${OPS.name}&via=robot`);
    expect(res.status).toBe(200);
    return ((await res.json()) as Array<{ content: { text: { content: string } } }>).map((m) => m.content.text.content);
  }

  async function callCounts(): Promise<{ calls: number; ok: number; errors: Record<string, number> }> {
    const res = await fetch(`${sim.inspectUrl}calls`);
    return ((await res.json()) as { counts: Record<string, { calls: number; ok: number; errors: Record<string, number> }> }).counts['webhook/send'];
  }

  const texts = Array.from({ length: N }, (_, i) => `deploy #${i}`);
  const ERROR_45009 = new RegExp(
    `^Error: robot ${KEY_ENV}: message not sent: webhook/send: errcode 45009 \\(api freq out of limit\\) - ` +
    'A WeCom frequency limit was hit; wait and retry\\. Still refused after waiting [\\d.]+ s for the rate window \\(at most 1 s\\)\\. ' +
    '\\[after \\d+ attempts?\\]\\n$');

  test(`${N} parallel sends to one robot with a 2 s window: all exit 0, exactly ${N} messages arrive`, async () => {
    // The 25 processes start over several seconds, longer than the window, so simulator time
    // stands still until every process has had its first answer (20 accepted, 5 refused with
    // 45009); then it moves on by one window. Nobody sleeps a minute: the refused ones learn that
    // the window freed from WeCom's answer when they ask again.
    const clock = frozenClock();
    await start({ now: clock.now, limits: { robotWindowSeconds: 2 } });
    const firstAnswered = new Set<string>();
    const r = await relay(sim.origin, (body) => {
      firstAnswered.add(body);
      if (firstAnswered.size === N) clock.advance(2000);
    });
    try {
      const results = await Promise.all(texts.map((t) => send(t, [], KEY_ENV, r.url)));
      expect(firstAnswered.size).toBe(N);
      expect(results.map((x) => [x.code, x.stderr])).toEqual(texts.map(() => [0, '']));
      expect((await arrived()).sort()).toEqual([...texts].sort());
      // Exactly the 5 over the limit waited for the window (asked again until accepted).
      const waited = results.filter((x) => new RegExp(`^Sent a text message through the robot in ${KEY_ENV} \\(\\d+ attempts, after waiting [\\d.]+ s for the robot's window\\)\\.\\n$`).test(x.stdout));
      const straight = results.filter((x) => x.stdout === `Sent a text message through the robot in ${KEY_ENV}.\n`);
      expect([waited.length, straight.length]).toEqual([N - 20, 20]);
      const counts = await callCounts();
      expect(counts.ok).toBe(N);
      expect(counts.errors[45009]).toBeGreaterThanOrEqual(N - 20);
      for (const x of results) expect(x.stdout + x.stderr).not.toContain(OPS.key);
    } finally {
      await r.close();
    }
  }, PARALLEL_TIMEOUT_MS);

  test('--max-wait too small: the over-limit ones fail with the error line; arrived messages = exit-0 processes', async () => {
    const clock = frozenClock(); // the window never frees
    await start({ now: clock.now });
    const results = await Promise.all(texts.map((t) => send(t, ['--max-wait', '1'])));
    const ok = results.filter((r) => r.code === 0);
    const failed = results.filter((r) => r.code !== 0);
    expect(ok).toHaveLength(20);
    expect(failed).toHaveLength(N - 20);
    for (const r of failed) {
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(ERROR_45009);
    }
    const got = await arrived();
    expect(got).toHaveLength(ok.length);
    // Exactly the texts of the processes that exited 0 arrived.
    const okTexts = results.map((r, i) => (r.code === 0 ? texts[i] : undefined)).filter(Boolean);
    expect(got.sort()).toEqual((okTexts as string[]).sort());
    for (const r of results) expect(r.stdout + r.stderr).not.toContain(OPS.key);
  }, PARALLEL_TIMEOUT_MS);

  test('one busy (-1) answer is retried: exit 0, one message', async () => {
    await start();
    sim.sim.injectFault('busy', 'webhook/send');
    const r = await send('after busy');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\(2 attempts\)/);
    expect(await arrived()).toEqual(['after busy']);
    expect(await callCounts()).toEqual({ calls: 2, ok: 1, errors: { '-1': 1 } });
  });

  test('busy on every attempt: exit 1 after the retry budget (4 attempts), nothing arrived', async () => {
    await start();
    sim.sim.injectFault('busy', 'webhook/send', 10);
    const r = await send('never');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^Error: robot ${KEY_ENV}: message not sent: webhook/send: errcode -1 \\(system busy\\) - WeCom is busy; .*\\[after 4 attempts\\]\\n$`));
    expect(await arrived()).toEqual([]);
  });

  test('an unknown key fails at once (93000, one attempt) and is never printed', async () => {
    await start();
    const r = await send('x', [], 'WECOM_ROBOT_BAD_KEY');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Error: robot WECOM_ROBOT_BAD_KEY: message not sent: webhook\/send: errcode 93000 \(invalid webhook url\) - The robot key is invalid or the robot was removed from its chat\. \[after 1 attempt\]\n$/);
    expect(r.stdout + r.stderr).not.toContain(UNKNOWN_KEY);
    expect(await callCounts()).toEqual({ calls: 1, ok: 0, errors: { 93000: 1 } });
  });

  test('a disabled robot fails at once (93004)', async () => {
    await start();
    sim.sim.oob.robot({ robot: OPS.name, action: 'disable' });
    const r = await send('x');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^Error: robot ${KEY_ENV}: message not sent: webhook/send: errcode 93004 \\(webhook disabled\\) - The robot is disabled\\. \\[after 1 attempt\\]\\n$`));
    expect(r.stderr).not.toContain(OPS.key);
    expect(await callCounts()).toEqual({ calls: 1, ok: 0, errors: { 93004: 1 } });
  });

  test('--max-wait must be a number of seconds', async () => {
    await start();
    const r = await send('x', ['--max-wait', 'soon']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/--max-wait.*expected a number of seconds >= 0/);
    expect(sim.sim.inspect.calls().log).toEqual([]);
  });
});

describe('GroupRobot.announce through a spawned apply', () => {
  let sim: RunningSimulator;
  afterEach(() => sim?.close());

  test('an announcement whose robot send fails fails the apply for that resource and is not recorded as sent', async () => {
    sim = await startSimulator();
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, WECOM_CORP_SECRET: DEFAULT_ORG.agents.main.secret, WECOM_API_BASE: sim.url, [KEY_ENV]: OPS.key };
    const dir = makeProject(`
const robot = new lib.GroupRobot(stack, 'ops', { webhookKeyEnv: '${KEY_ENV}', name: '运维告警机器人' });
robot.announce('hello', { markdown: '**v1** released' });`);
    const sent = () => sim.sim.inspect.messages({ robot: OPS.name });
    sim.sim.oob.robot({ robot: OPS.name, action: 'disable' });

    const failed = await runCli(['apply', '--auto-approve'], { cwd: dir, env });
    expect(failed.code).toBe(1);
    const output = failed.stdout + failed.stderr;
    expect(output).toMatch(/failed: null_resource\.ops_hello_\w+: .*local-exec provisioner failed \(exit 1\)/);
    expect(output).toMatch(new RegExp(`robot ${KEY_ENV}: message not sent: webhook/send: errcode 93004 \\(webhook disabled\\)`));
    expect(output).not.toContain(OPS.key);
    expect(sent()).toEqual([]);
    // Not recorded as sent: the state marks the announcement tainted, so the next apply sends it.
    const state = JSON.parse(fs.readFileSync(path.join(dir, 'terraform.proj.tfstate'), 'utf8'));
    const announcement = state.resources.find((r: { type: string }) => r.type === 'null_resource');
    expect(announcement.instances[0].status).toBe('tainted');
    const plan = await runCli(['plan', '--detailed-exitcode'], { cwd: dir, env });
    expect(plan.code).toBe(2);

    sim.sim.oob.robot({ robot: OPS.name, action: 'enable' });
    const retried = await runCli(['apply', '--auto-approve'], { cwd: dir, env });
    expect(retried.stdout + retried.stderr).not.toMatch(/FAILED|Error/);
    expect(retried.stderr).toMatch(/null_resource\.ops_hello_\w+: replacing\.\.\./); // the tainted announcement
    expect(retried.code).toBe(0);
    expect(sent().map((m) => JSON.stringify(m.content))).toEqual([expect.stringContaining('**v1** released')]);
    expect((await runCli(['plan', '--detailed-exitcode'], { cwd: dir, env })).code).toBe(0);
    for (const f of walk(dir)) expect(fs.readFileSync(f, 'utf8')).not.toContain(OPS.key);
  });
});

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}
