// The CLI contract end to end: the real binary, a real cdktf app, the simulator over HTTP.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startSimulator, RunningSimulator, DEFAULT_ORG } from '../../src/simulator';
import { makeProject, runCli } from '../helpers/cli-project';
import { SLOW_SUITE_TIMEOUT_MS } from '../helpers/timeouts';

jest.setTimeout(SLOW_SUITE_TIMEOUT_MS);

const chatApp = (members: string[], extra = '') => `
new lib.AppChat(stack, 'eng', { name: '工程群', owner: 'zhangsan', members: { users: ${JSON.stringify(members)} }, onDestroy: 'archive' });
${extra}`;

describe('cdktf-wecom CLI against the simulator', () => {
  let sim: RunningSimulator;
  let env: NodeJS.ProcessEnv;
  beforeEach(async () => {
    sim = await startSimulator();
    env = { PATH: process.env.PATH, HOME: process.env.HOME, WECOM_CORP_SECRET: DEFAULT_ORG.agents.main.secret, WECOM_API_BASE: sim.url, WECOM_ROBOT_OPS_KEY: DEFAULT_ORG.robots.ops.key };
  });
  afterEach(() => sim.close());

  test('plan -> apply saved plan -> no changes -> drift -> repair -> destroy', async () => {
    const dir = makeProject(chatApp(['zhangsan', 'lisi', 'wangwu']));
    const plan = await runCli(['plan', '--detailed-exitcode', '--out', 'plan.json', '--markdown', 'plan.md'], { cwd: dir, env });
    expect(plan.stderr).not.toMatch(/Error/);
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('Plan: 1 to add, 0 to change, 0 to destroy.');
    expect(fs.readFileSync(path.join(dir, 'plan.md'), 'utf8')).toContain('<!-- cdktf-wecom-plan stack=proj -->');

    // `render` gives the same PR comment from our saved plan and from Terraform-format JSON of it.
    const ours = fs.readFileSync(path.join(dir, 'plan.md'), 'utf8');
    expect((await runCli(['render', 'plan.json', '--markdown', 'again.md'], { cwd: dir, env })).code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'again.md'), 'utf8')).toBe(ours);
    const asTf = await runCli(['render', 'plan.json', '--json'], { cwd: dir, env });
    fs.writeFileSync(path.join(dir, 'tf.json'), asTf.stdout);
    expect((await runCli(['render', 'tf.json', '--names', '--markdown', 'tf.md'], { cwd: dir, env })).code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'tf.md'), 'utf8')).toBe(ours);

    const apply = await runCli(['apply', 'plan.json'], { cwd: dir, env });
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('1 done, 0 failed, 0 not started');
    expect(sim.sim.inspect.chats().filter((c) => c.name === '工程群')).toHaveLength(1);

    const again = await runCli(['plan', '--detailed-exitcode'], { cwd: dir, env });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('No changes.');

    const chat = sim.sim.inspect.chats().find((c) => c.name === '工程群')!;
    sim.sim.oob.appChat({ chatid: chat.chatid, del_user_list: ['wangwu'] });
    const drift = await runCli(['drift', '--json'], { cwd: dir, env });
    expect(drift.code).toBe(2);
    expect(JSON.parse(drift.stdout).resource_drift[0].address).toMatch(/^wecom_app_chat\.eng_/);
    // State holds resolved_members as null ("exactly members"); people still see who left and why.
    expect(JSON.parse(drift.stdout).resource_drift[0].change.before.resolved_members).toBeNull();
    const driftText = await runCli(['drift'], { cwd: dir, env });
    expect(driftText.stdout).toMatch(/~ resolved_members = \[\n\s+- "wangwu"( \(王五\))?, +# removed in the client\n/);
    const repair = await runCli(['apply', '--auto-approve'], { cwd: dir, env });
    expect(repair.code).toBe(0);
    expect(sim.sim.inspect.chat(chat.chatid)!.userlist).toContain('wangwu');

    const show = await runCli(['show', '--json'], { cwd: dir, env });
    expect(JSON.parse(show.stdout).values.root_module.resources[0].values.chat_id).toBe(chat.chatid);

    const destroy = await runCli(['destroy', '--auto-approve'], { cwd: dir, env });
    expect(destroy.code).toBe(0);
    expect(sim.sim.inspect.chat(chat.chatid)!.name.startsWith('[archived] ')).toBe(true);
  });

  test('a stale saved plan is refused; apply without a terminal needs --auto-approve', async () => {
    const dir = makeProject(chatApp(['zhangsan', 'lisi']));
    expect((await runCli(['plan', '--out', 'old.json'], { cwd: dir, env })).code).toBe(0);
    expect((await runCli(['apply', '--auto-approve'], { cwd: dir, env })).code).toBe(0);
    const stale = await runCli(['apply', 'old.json'], { cwd: dir, env });
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/saved plan is stale/);
    const noTty = await runCli(['apply'], { cwd: dir, env });
    expect(noTty.code).toBe(1);
    expect(noTty.stderr).toMatch(/needs confirmation.*--auto-approve/);
  });

  test('import brings an existing chat under management; the next plan shows only what the code changes', async () => {
    const live = sim.sim.inspect.chat(DEFAULT_ORG.appChats.opsRoom)!;
    const dir = makeProject(`new lib.AppChat(stack, 'ops', { chatId: '${live.chatid}', name: ${JSON.stringify(live.name)}, owner: '${live.owner}', members: { users: ${JSON.stringify(live.userlist)} } });`);
    expect((await runCli(['synth'], { cwd: dir, env })).code).toBe(0);
    const doc = JSON.parse(fs.readFileSync(path.join(dir, 'cdktf.out', 'stacks', 'proj', 'cdk.tf.json'), 'utf8'));
    const address = `wecom_app_chat.${Object.keys(doc.resource.wecom_app_chat)[0]}`;
    const imp = await runCli(['import', address, live.chatid], { cwd: dir, env });
    expect(imp.stderr).toBe('');
    expect(imp.code).toBe(0);
    const plan = await runCli(['plan', '--detailed-exitcode'], { cwd: dir, env });
    expect(plan.stdout).toContain('No changes.');
    expect(plan.code).toBe(0);
    const again = await runCli(['import', address, live.chatid], { cwd: dir, env });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already in the state/);
    const unknown = await runCli(['import', 'wecom_app_chat.nope', live.chatid], { cwd: dir, env });
    expect(unknown.stderr).toMatch(/is not a resource in stack proj/);
  });

  test('a setting the app reads from the environment changed since the last synth: synthesized again, saying which', async () => {
    const dir = makeProject(`new lib.AppChat(stack, 'eng', { name: process.env.WECOM_CHAT_NAME || '工程群', owner: 'zhangsan', members: { users: ['zhangsan', 'lisi'] } });`);
    const first = await runCli(['plan'], { cwd: dir, env: { ...env, WECOM_CHAT_NAME: '一号群' } });
    expect(first.stdout).toMatch(/\+ name += "一号群"/);
    const same = await runCli(['plan'], { cwd: dir, env: { ...env, WECOM_CHAT_NAME: '一号群' } });
    expect(same.stderr).not.toMatch(/Synthesizing/);
    const changed = await runCli(['plan'], { cwd: dir, env: { ...env, WECOM_CHAT_NAME: '二号群' } });
    expect(changed.stderr).toMatch(/Synthesizing \(node app\.js\) \(changed since the last synth: WECOM_CHAT_NAME\)/);
    expect(changed.stdout).toMatch(/\+ name += "二号群"/);
    // Hashes only, and nothing of the secret's.
    const recorded = fs.readFileSync(path.join(dir, 'cdktf.out', 'cdktf-wecom.synth-env.json'), 'utf8');
    expect(recorded).not.toContain('二号群');
    expect(Object.keys(JSON.parse(recorded))).not.toContain('WECOM_CORP_SECRET');
  });

  test('a missing secret variable is a clear error and no API call is made', async () => {
    const dir = makeProject(chatApp(['zhangsan', 'lisi']));
    const r = await runCli(['plan'], { cwd: dir, env: { ...env, WECOM_CORP_SECRET: '' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/environment variable WECOM_CORP_SECRET, which is not set/);
    expect(sim.sim.inspect.calls().log).toEqual([]);
  });

  test('announcements post once per content change through `robot send`', async () => {
    const robot = (text: string) => `
const robot = new lib.GroupRobot(stack, 'ops', { webhookKeyEnv: 'WECOM_ROBOT_OPS_KEY', name: '运维告警机器人' });
robot.announce('hello', { markdown: ${JSON.stringify(text)} });`;
    const dir = makeProject(chatApp(['zhangsan', 'lisi'], robot('**v1** released')));
    const first = await runCli(['apply', '--auto-approve'], { cwd: dir, env });
    expect(first.stderr + first.stdout).not.toMatch(/FAILED|Error/);
    expect(first.code).toBe(0);
    const sent = () => sim.sim.inspect.messages({ chatid: DEFAULT_ORG.robots.ops.chatid }).filter((m) => m.via === 'robot');
    expect(sent().map((m) => JSON.stringify(m.content))).toEqual([expect.stringContaining('**v1** released')]);
    expect((await runCli(['apply', '--auto-approve'], { cwd: dir, env })).code).toBe(0);
    expect(sent()).toHaveLength(1);
    makeProject(chatApp(['zhangsan', 'lisi'], robot('**v2** released')), dir);
    expect((await runCli(['apply', '--auto-approve'], { cwd: dir, env })).code).toBe(0);
    expect(sent()).toHaveLength(2);
    // The webhook key never lands in any file the run wrote.
    for (const f of walk(dir)) expect(fs.readFileSync(f, 'utf8')).not.toContain(DEFAULT_ORG.robots.ops.key);
  });
});

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]);
}
