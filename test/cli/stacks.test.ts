// Many stacks, one run: an app with a company-wide stack and project stacks, one of which refers
// to the other (cdktf cross-stack reference), planned, saved, reviewed and applied as one; a
// project removed from the code shows up as an orphaned stack and is destroyed from its state.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_ORG, RunningSimulator, startSimulator } from '../../src/simulator';
import { ROOT, runCli } from '../helpers/cli-project';
import { SLOW_SUITE_TIMEOUT_MS } from '../helpers/timeouts';

jest.setTimeout(SLOW_SUITE_TIMEOUT_MS);

/** core: an all-hands chat; proj-<p>: a project chat and a robot in core's chat (a cross-stack reference). */
function makeApp(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: 'node app.js', output: 'cdktf.out', projectId: 'stacks-test' }));
  fs.writeFileSync(path.join(dir, 'app.js'), `
const { App, TerraformStack } = require(${JSON.stringify(path.join(ROOT, 'node_modules', 'cdktf'))});
const lib = require(${JSON.stringify(path.join(ROOT, 'dist', 'src', 'index.js'))});
const app = new App();
const core = new TerraformStack(app, 'core');
new lib.WecomProvider(core, 'wecom', { corpId: 'wwsimcorp0001' });
const allHands = new lib.AppChat(core, 'all', { name: '全员-公告', owner: 'zhangsan', members: { users: ['zhangsan', 'lisi', 'wangwu'] } });
for (const p of (process.env.PROJECTS || 'alpha,beta').split(',').filter(Boolean)) {
  const s = new TerraformStack(app, 'proj-' + p);
  new lib.WecomProvider(s, 'wecom', { corpId: 'wwsimcorp0001' });
  new lib.AppChat(s, 'eng', { name: p + '-研发', owner: 'zhangsan', members: { users: ['zhangsan', 'lisi'] }, onDestroy: 'archive' });
  new lib.GroupRobot(s, 'bot', { webhookKeyEnv: 'OPS_KEY', chat: allHands });
}
app.synth();
`);
}

describe('many stacks in one run', () => {
  let sim: RunningSimulator;
  let env: NodeJS.ProcessEnv;
  let dir: string;
  beforeAll(async () => {
    sim = await startSimulator();
    env = { PATH: process.env.PATH, WECOM_CORP_SECRET: DEFAULT_ORG.agents.main.secret, WECOM_API_BASE: sim.url, OPS_KEY: DEFAULT_ORG.robots.ops.key };
    dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'wecom-stacks-'));
    makeApp(dir);
  });
  afterAll(async () => { await sim.close(); });
  const run = (args: string[], extra: NodeJS.ProcessEnv = {}) => runCli(args, { cwd: dir, env: { ...env, ...extra } });
  const chats = () => sim.sim.inspect.chats();

  test('plan covers every stack, saves them in one file, and writes ONE pull-request comment', async () => {
    const r = await run(['plan', '--detailed-exitcode', '--out', 'plans.json', '--markdown', 'pr.md']);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.code).toBe(2);
    for (const s of ['core', 'proj-alpha', 'proj-beta']) expect(r.stdout).toContain(`Stack ${s}`);
    expect(r.stdout).toMatch(/Total over 3 stacks \(3 with changes\): 5 to add, 0 to change, 0 to destroy\./);
    // The robot's chat comes from core's chat (a cross-stack reference; chat ids are known at plan time).
    const coreChatId = /chat_id\s*=\s*"(\w+)"/.exec(r.stdout.slice(r.stdout.indexOf('Stack core')))![1];
    const alpha = r.stdout.slice(r.stdout.indexOf('Stack proj-alpha'));
    expect(alpha).toMatch(new RegExp(`wecom_group_robot[\\s\\S]*chat_id\\s*=\\s*"${coreChatId}"`));
    const saved = JSON.parse(fs.readFileSync(path.join(dir, 'plans.json'), 'utf8'));
    expect(saved.planFormat).toBe(2);
    expect(saved.plans.map((p: { stack: string }) => p.stack)).toEqual(['core', 'proj-alpha', 'proj-beta']);
    const md = fs.readFileSync(path.join(dir, 'pr.md'), 'utf8');
    expect(md.match(/<!-- cdktf-wecom-plan/g)).toHaveLength(1);
    expect(md).toMatch(/\| `core` \| 1 \| 0 \| 0 \|/);
    expect(md).toMatch(/\| `proj-alpha` \| 2 \| 0 \| 0 \|/);
    expect(md.length).toBeLessThanOrEqual(65536);
    // render needs no --stack and does not synthesize.
    const rendered = await run(['render', 'plans.json']);
    expect(rendered.code).toBe(0);
    expect(rendered.stdout).toContain('Stack proj-beta');
  });

  test('apply PLANFILE applies every stack in dependency order, no --stack needed; then no changes', async () => {
    const r = await run(['apply', 'plans.json']);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.code).toBe(0);
    const core = chats().find((c) => c.name === '全员-公告')!;
    expect(core).toBeDefined();
    // The cross-stack reference resolved to core's real chat id.
    const alphaState = JSON.parse(fs.readFileSync(path.join(dir, 'terraform.proj-alpha.tfstate'), 'utf8'));
    const robot = alphaState.resources.find((x: { type: string }) => x.type === 'wecom_group_robot');
    expect(robot.instances[0].attributes.chat_id).toBe(core.chatid);
    const coreState = JSON.parse(fs.readFileSync(path.join(dir, 'terraform.core.tfstate'), 'utf8'));
    expect(Object.values(coreState.outputs).map((o) => (o as { value: unknown }).value)).toContain(core.chatid);
    const again = await run(['plan', '--detailed-exitcode']);
    expect(again.code).toBe(0);
    // One corp ledger: quota of the run, and the stacks this project applied.
    const ledger = JSON.parse(fs.readFileSync(path.join(dir, 'cdktf-wecom.wwsimcorp0001.ledger.json'), 'utf8'));
    expect(Object.keys(ledger.stacks).sort()).toEqual(['stacks-test/core', 'stacks-test/proj-alpha', 'stacks-test/proj-beta']);
    const creates = Object.values(ledger.runs).flatMap((x) => (x as { chatCreatesPerDay?: number[] }).chatCreatesPerDay ?? []);
    expect(creates).toHaveLength(3);
  });

  test('--stack takes globs and repeats; an unknown one is an error listing the stacks; destroy insists on names', async () => {
    const r = await run(['plan', '--stack', 'proj-*']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Stack proj-alpha');
    expect(r.stdout).not.toContain('Stack core');
    const two = await run(['plan', '--stack', 'core', '--stack', 'proj-beta']);
    expect(two.stdout).toMatch(/Total over 2 stacks/);
    const none = await run(['plan', '--stack', 'nope']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no stack matches "nope"; stacks: core, proj-alpha, proj-beta/);
    const d = await run(['destroy', '--auto-approve']);
    expect(d.code).toBe(1);
    expect(d.stderr).toMatch(/destroy needs --stack NAME/);
  });

  test('a project removed from the code is listed as an orphaned stack and destroyed from its state alone', async () => {
    const beta = chats().find((c) => c.name === 'beta-研发')!;
    fs.appendFileSync(path.join(dir, 'app.js'), '// beta removed\n'); // the app changed: the next run re-synthesizes
    const r = await run(['plan', '--detailed-exitcode', '--markdown', 'pr.md'], { PROJECTS: 'alpha' });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/no longer in the code/);
    expect(r.stdout).toMatch(/proj-beta .*2 objects/);
    expect(r.stdout).toMatch(/wecom_app_chat\.eng_\w+: archive: renamed/);
    expect(fs.readFileSync(path.join(dir, 'pr.md'), 'utf8')).toMatch(/Orphaned stacks[\s\S]*proj-beta/);
    const d = await run(['destroy', '--stack', 'proj-beta', '--auto-approve'], { PROJECTS: 'alpha' });
    expect(d.stderr).not.toMatch(/Error/);
    expect(d.code).toBe(0);
    expect(chats().find((c) => c.chatid === beta.chatid)!.name).toMatch(/^\[archived\] /);
    const after = await run(['plan'], { PROJECTS: 'alpha' });
    expect(after.stdout).not.toMatch(/no longer in the code/);
    const ledger = JSON.parse(fs.readFileSync(path.join(dir, 'cdktf-wecom.wwsimcorp0001.ledger.json'), 'utf8'));
    expect(Object.keys(ledger.stacks).sort()).toEqual(['stacks-test/core', 'stacks-test/proj-alpha']);
  });
});
