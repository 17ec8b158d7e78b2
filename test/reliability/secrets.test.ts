// No corp secret, access token or robot key in anything written or printed: a whole workflow
// through the real CLI (synth, plan JSON/Markdown/saved, apply with an announcement, show,
// drift, destroy) plus error paths (wrong secret, disabled robot), then every byte printed,
// every file under the project and every simulator log line is scanned.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startSimulator, DEFAULT_ORG } from '../../src/simulator';
import { makeProject, runCli, CliResult } from '../helpers/cli-project';
import { SLOW_SUITE_TIMEOUT_MS } from '../helpers/timeouts';

jest.setTimeout(SLOW_SUITE_TIMEOUT_MS);

test('secrets never appear in files written, output printed or logs', async () => {
  const logs: string[] = [];
  const sim = await startSimulator({ log: (l) => logs.push(l) });
  const issued = new Set<string>();
  const tokens = sim.sim.tokens;
  const issue = tokens.issue.bind(tokens);
  tokens.issue = (agentid: number, now: number) => { const r = issue(agentid, now); issued.add(r.token); return r; };
  try {
    const secret = DEFAULT_ORG.agents.main.secret;
    const keys = [DEFAULT_ORG.robots.ops.key, DEFAULT_ORG.robots.disabled.key];
    const env = { PATH: process.env.PATH, WECOM_CORP_SECRET: secret, WECOM_API_BASE: sim.url, WECOM_ROBOT_OPS_KEY: keys[0], WECOM_ROBOT_OFF_KEY: keys[1] };
    const dir = makeProject(`
new lib.AppChat(stack, 'eng', { name: '保密测试', owner: 'zhangsan', members: { users: ['zhangsan', 'lisi'] }, onDestroy: 'archive' });
const robot = new lib.GroupRobot(stack, 'ops', { webhookKeyEnv: 'WECOM_ROBOT_OPS_KEY' });
robot.announce('hi', { text: '上线通知', mentions: ['zhangsan'] });`);
    const runs: CliResult[] = [];
    const run = async (args: string[], e: NodeJS.ProcessEnv = env) => { const r = await runCli(args, { cwd: dir, env: e }); runs.push(r); return r; };
    expect((await run(['plan', '--json', '--out', 'plan.json', '--markdown', 'plan.md'])).code).toBe(0);
    expect((await run(['apply', 'plan.json'])).code).toBe(0);
    expect((await run(['show', '--json'])).code).toBe(0);
    const chat = sim.sim.inspect.chats().find((c) => c.name === '保密测试')!;
    sim.sim.oob.appChat({ chatid: chat.chatid, del_user_list: ['lisi'] });
    expect((await run(['drift', '--markdown', 'drift.md'])).code).toBe(2);
    // Error paths: a wrong secret, a disabled robot, a robot key variable that is not set.
    const wrong = await run(['plan', '--refresh=true'], { ...env, WECOM_CORP_SECRET: `${secret}-wrong` });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/40001/);
    const off = await run(['robot', 'send', '--key-env', 'WECOM_ROBOT_OFF_KEY', '--text', 'x']);
    expect(off.code).toBe(1);
    expect(off.stderr).toMatch(/93004|disabled/);
    expect((await run(['robot', 'send', '--key-env', 'NOT_SET', '--text', 'x'])).stderr).toMatch(/NOT_SET .* is not set/);
    const destroy = await run(['destroy', '--auto-approve']);
    expect(destroy.stdout).toContain('Destroy complete');

    expect(issued.size).toBeGreaterThan(0);
    const needles = [secret, `${secret}-wrong`, ...keys, ...issued];
    const printed = runs.map((r) => r.stdout + r.stderr).join('\n');
    const files = walk(dir).map((f) => [f, fs.readFileSync(f, 'utf8')] as const);
    expect(files.map(([f]) => path.basename(f))).toEqual(expect.arrayContaining(['cdk.tf.json', 'terraform.proj.tfstate', 'plan.json', 'plan.md', 'drift.md']));
    for (const n of needles) {
      expect(printed.includes(n)).toBe(false);
      for (const [f, text] of files) if (text.includes(n)) throw new Error(`a secret leaked into ${f}`);
      expect(logs.some((l) => l.includes(n))).toBe(false);
    }
  } finally {
    await sim.close();
  }
});

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]);
}
