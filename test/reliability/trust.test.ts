// What a plan promises, apply keeps: saved plans cannot be edited or moved between stacks,
// checks that can run before the first write do, destroys go dependents first, interrupted
// archives converge, allowed changes are not drift, and reviewed drift can be accepted. Every
// command runs as a real process against the simulator; the final live state is read from it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { planSigningKey, signPlan } from '../../src/engine/plan/verify';
import { DEFAULT_ARCHIVE_PREFIX } from '../../src/schema';
import { DEFAULT_ORG, RunningSimulator, startSimulator } from '../../src/simulator';
import { makeProject, runCli } from '../helpers/cli-project';
import { SLOW_SUITE_TIMEOUT_MS } from '../helpers/timeouts';

jest.setTimeout(SLOW_SUITE_TIMEOUT_MS);

const SECRET = DEFAULT_ORG.agents.main.secret;

describe('trust: plans, checks and order', () => {
  let sim: RunningSimulator;
  let env: NodeJS.ProcessEnv;
  beforeEach(async () => {
    sim = await startSimulator();
    env = { PATH: process.env.PATH, WECOM_CORP_SECRET: SECRET, WECOM_API_BASE: sim.url };
  });
  afterEach(async () => { await sim.close(); });

  const chats = (prefix: string) => sim.sim.inspect.chats().filter((c) => c.name.startsWith(prefix));
  const writes = () => sim.sim.inspect.calls().log.filter((c) => /appchat\/(create|update)|tag\/(create|delete|update|addtagusers|deltagusers)/.test(c.path));

  test('an edited saved plan is refused, re-signed or not; a plan for another stack is refused as such', async () => {
    const dir = makeProject(`new lib.AppChat(stack, 'eng', { name: '计划-研发', owner: 'zhangsan', members: { users: ['zhangsan', 'lisi'] } });`);
    expect((await runCli(['plan', '--out', 'plan.json'], { cwd: dir, env })).code).toBe(0);
    const original = fs.readFileSync(path.join(dir, 'plan.json'), 'utf8');
    const plan = JSON.parse(original);
    const c = plan.changes.find((x: { type: string }) => x.type === 'wecom_app_chat');

    // Renamed, an owner not in the code, a member added: refused by the signature...
    c.after.name = '计划-被改';
    c.after.owner = 'wangwu';
    // (resolved_members is null for a chat of named people: "exactly members")
    c.after.resolved_members = [...(c.after.resolved_members ?? c.after.members), 'wangwu'];
    fs.writeFileSync(path.join(dir, 'plan.json'), JSON.stringify(plan));
    const edited = await runCli(['apply', 'plan.json'], { cwd: dir, env });
    expect(edited.code).toBe(1);
    expect(edited.stderr).toMatch(/changed after it was made/);

    // ...and, re-signed by someone holding the secret, by the check against the configuration.
    fs.writeFileSync(path.join(dir, 'plan.json'), JSON.stringify(signPlan(plan, planSigningKey(SECRET))));
    const resigned = await runCli(['apply', 'plan.json'], { cwd: dir, env });
    expect(resigned.code).toBe(1);
    expect(resigned.stderr).toMatch(/not what the configuration and state produce/);
    expect(resigned.stderr).toMatch(/name is "计划-被改" in the plan, but the configuration gives "计划-研发"/);
    expect(resigned.stderr).toMatch(/owner is "wangwu"/);

    // A plan made for stack "proj" is refused by stack "other" as such.
    fs.writeFileSync(path.join(dir, 'plan.json'), original);
    fs.rmSync(path.join(dir, 'cdktf.out'), { recursive: true }); // re-synthesize with the other stack name
    const other = await runCli(['apply', 'plan.json', '--stack', 'other'], { cwd: dir, env: { ...env, STACK_NAME: 'other' } });
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/made for stack "proj", not "other"/);
    // Without --stack, the plan names its stack, which this synthesized app does not hold.
    const absent = await runCli(['apply', 'plan.json'], { cwd: dir, env: { ...env, STACK_NAME: 'other' } });
    expect(absent.code).toBe(1);
    expect(absent.stderr).toMatch(/the saved plan is for stack proj, which .* does not hold/);
    expect(chats('计划-')).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'terraform.proj.tfstate.lock.info'))).toBe(false);

    // The untouched plan applies.
    fs.rmSync(path.join(dir, 'cdktf.out'), { recursive: true, force: true });
    expect((await runCli(['synth'], { cwd: dir, env })).code).toBe(0);
    const ok = await runCli(['apply', 'plan.json'], { cwd: dir, env });
    expect(ok.code).toBe(0);
    expect(chats('计划-').map((x) => x.name)).toEqual(['计划-研发']);
  });

  test('an announcement whose webhook key variable is unset is reported by plan and refused before the first write', async () => {
    const dir = makeProject(`
const chat = new lib.AppChat(stack, 'ops', { name: '通知-运维', owner: 'zhangsan', members: { users: ['zhangsan', 'lisi'] } });
const robot = new lib.GroupRobot(stack, 'bot', { webhookKeyEnv: 'OPS_ROBOT_KEY', chat });
robot.announce('hello', { text: '上线' });`);
    const plan = await runCli(['plan'], { cwd: dir, env });
    expect(plan.code).toBe(0);
    expect(plan.stdout + plan.stderr).toMatch(/OPS_ROBOT_KEY, which is not set/);
    const before = writes().length;
    const apply = await runCli(['apply', '--auto-approve'], { cwd: dir, env });
    expect(apply.code).toBe(1);
    expect(apply.stderr).toMatch(/nothing was applied:\n.*\$OPS_ROBOT_KEY, which is not set/);
    expect(writes().length).toBe(before);
    expect(chats('通知-')).toEqual([]);
    // With the key set, the same apply goes through and the message is sent.
    const withKey = await runCli(['apply', '--auto-approve'], { cwd: dir, env: { ...env, OPS_ROBOT_KEY: DEFAULT_ORG.robots.ops.key } });
    expect(withKey.code).toBe(0);
  });

  test('destroy goes dependents first (the chat that uses a tag before the tag), as Terraform does', async () => {
    const dir = makeProject(`
const tag = new lib.Tag(stack, 'oncall', { name: '顺序-值班', users: ['zhangsan', 'lisi'] });
new lib.AppChat(stack, 'eng', { name: '顺序-研发', owner: 'zhangsan', members: { tags: [tag] }, onDestroy: 'archive' });`);
    expect((await runCli(['apply', '--auto-approve'], { cwd: dir, env })).code).toBe(0);
    const mark = sim.sim.inspect.calls().log.length;
    const destroy = await runCli(['destroy', '--auto-approve'], { cwd: dir, env });
    expect(destroy.code).toBe(0);
    const order = sim.sim.inspect.calls().log.slice(mark).map((c) => c.path).filter((p) => p === 'appchat/update' || p === 'tag/delete');
    expect(order).toEqual(['appchat/update', 'tag/delete']);
  });

  test('an archive destroy interrupted half-way converges on the re-run, ending as the plan said', async () => {
    const dir = makeProject(`new lib.AppChat(stack, 'eng', { name: '归档-研发', owner: 'zhangsan', members: { users: ['zhangsan', 'lisi', 'wangwu', 'zhaoliu'] }, onDestroy: 'archive' });`);
    expect((await runCli(['apply', '--auto-approve'], { cwd: dir, env })).code).toBe(0);
    const chat = chats('归档-')[0];
    // What a run killed after its update leaves: the chat archived, the state still holding it.
    sim.sim.oob.appChat({ chatid: chat.chatid, name: `${DEFAULT_ARCHIVE_PREFIX}${chat.name}`, del_user_list: ['wangwu', 'zhaoliu'] });
    const plan = await runCli(['plan', '--destroy'], { cwd: dir, env });
    expect(plan.stdout).toMatch(/everyone removed but the owner zhangsan and lisi/);
    for (let run = 0; run < 2; run++) {
      const r = await runCli(['destroy', '--auto-approve'], { cwd: dir, env });
      expect(r.code).toBe(0);
    }
    const end = sim.sim.inspect.chats().find((c) => c.chatid === chat.chatid)!;
    expect(end.userlist.sort()).toEqual(['lisi', 'zhangsan']);
    expect(end.name).toBe(`${DEFAULT_ARCHIVE_PREFIX}归档-研发`);
  });

  test('people added in the client to an additive chat are not drift; reviewed drift is accepted with apply --refresh-only', async () => {
    const dir = makeProject(`
new lib.AppChat(stack, 'open', { name: '漂移-开放', owner: 'zhangsan', members: { users: ['zhangsan', 'lisi'] }, membership: 'additive' });
new lib.AppChat(stack, 'strict', { name: '漂移-严格', owner: 'zhangsan', members: { users: ['zhangsan', 'lisi'] } });`);
    expect((await runCli(['apply', '--auto-approve'], { cwd: dir, env })).code).toBe(0);
    const open = chats('漂移-开放')[0];
    sim.sim.oob.appChat({ chatid: open.chatid, add_user_list: ['wangwu'] });
    const clean = await runCli(['drift'], { cwd: dir, env });
    expect(clean.code).toBe(0);
    expect((await runCli(['plan', '--detailed-exitcode'], { cwd: dir, env })).code).toBe(0);

    const strict = chats('漂移-严格')[0];
    sim.sim.oob.appChat({ chatid: strict.chatid, name: '漂移-严格-改名' });
    expect((await runCli(['drift', '--out', 'drift.json'], { cwd: dir, env })).code).toBe(2);
    const accepted = await runCli(['apply', '--refresh-only', '--auto-approve'], { cwd: dir, env });
    expect(accepted.code).toBe(0);
    expect(accepted.stdout).toMatch(/Accepted 1 live value into the state/);
    expect((await runCli(['drift'], { cwd: dir, env })).code).toBe(0);
    // Accepting drift changed nothing in WeCom; the plan still wants the code's name back.
    expect(chats('漂移-严格')[0].name).toBe('漂移-严格-改名');
    const plan = await runCli(['plan', '--detailed-exitcode'], { cwd: dir, env });
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('漂移-严格');
  });

  test('a run whose state Terraform has locked is refused, naming Terraform; Terraform sees our lock too', async () => {
    const terraform = process.env.PATH?.split(path.delimiter).map((d) => path.join(d, 'terraform')).find((f) => fs.existsSync(f));
    if (!terraform) {
      console.warn('skipped: no terraform binary on PATH (this test needs Terraform 1.x to check lock interop)');
      return;
    }
    const dir = makeProject(`new lib.AppChat(stack, 'eng', { name: '互锁-研发', owner: 'zhangsan', members: { users: ['zhangsan', 'lisi'] } });`);
    // A Terraform working directory on the same local state, with only built-in resources.
    const tfDir = fs.mkdtempSync(path.join(dir, 'tf-'));
    fs.writeFileSync(path.join(tfDir, 'main.tf'), `terraform {\n  backend "local" { path = "${path.join(dir, 'terraform.proj.tfstate')}" }\n}\n`);
    const tfEnv = { PATH: process.env.PATH, TF_CLI_CONFIG_FILE: '/dev/null', TF_IN_AUTOMATION: '1', HOME: dir };
    const { spawn } = await import('node:child_process');
    const tf = (args: string[], input?: string) => new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(terraform, args, { cwd: tfDir, env: tfEnv });
      let out = '';
      child.stdout.on('data', (b) => { out += b; });
      child.stderr.on('data', (b) => { out += b; });
      child.on('close', (code) => resolve({ code, out }));
      if (input !== undefined) child.stdin.end(input); else child.stdin.end();
    });
    const init = await tf(['init', '-input=false']);
    expect(init.out).toMatch(/successfully initialized/);
    expect((await runCli(['apply', '--auto-approve'], { cwd: dir, env })).code).toBe(0);
    fs.appendFileSync(path.join(dir, 'app.js'), '\n'); // the next run re-synthesizes: a change to apply

    // Our lock held by a slow apply: Terraform cannot take the state.
    sim.sim.faults.set({ latencyMs: 1500, paths: ['appchat/get'] });
    const ours = runCli(['apply', '--auto-approve'], { cwd: dir, env });
    const lockFile = path.join(dir, 'terraform.proj.tfstate.lock.info');
    for (let i = 0; i < 200 && !fs.existsSync(lockFile); i++) await new Promise((r) => setTimeout(r, 25));
    await new Promise((r) => setTimeout(r, 200));
    const blocked = await tf(['plan', '-lock-timeout=0s', '-input=false', '-refresh=false']);
    expect(blocked.out).toMatch(/Error acquiring the state lock/);
    expect(blocked.code).toBe(1);
    expect((await ours).code).toBe(0);
  });
});
