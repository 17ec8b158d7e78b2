// Acceptance: a synthesized stack through the real `terraform` CLI and terraform-provider-wecom,
// against the simulator, compared with what the native engine does with the same stack.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readStackConfig } from '../../src/engine/config';
import { runtimeFromProviderConfig } from '../../src/engine/runtime';
import { planFromTerraformJson } from '../../src/render/terraform-plan';
import { renderMarkdown } from '../../src/render/markdown';
import { DEFAULT_ORG, RunningSimulator, SimulatorOptions, startSimulator } from '../../src/simulator';
import { makeProject, runCli } from '../helpers/cli-project';
import { comparableState, describeWithTerraform, stateResources, terraform, terraformEnv } from './terraform-helpers';

const SECRET = DEFAULT_ORG.agents.main.secret;

// Every construct the provider serves except robots (their announcements need hashicorp/null,
// which Terraform cannot install offline). Lists are written sorted: Terraform shows sets sorted.
const APP = `
const backend = lib.Department.fromPath(stack, 'backendteam', '技术部/后端组');
const lisi = lib.User.fromId(stack, 'lisi', 'lisi');
const tag = new lib.Tag(stack, 'oncall', { name: 'tf-oncall', users: ['wangwu', 'zhaoliu'] });
new lib.AppChat(stack, 'eng', { name: '工程群', owner: 'zhangsan', members: { users: [lisi, 'wangwu'], departments: [backend], tags: [tag] } });
new lib.InterceptRule(stack, 'words', { name: 'tf-no-phones', words: ['vx', '微信'], semantics: ['phone'], interceptType: 'warnOnly', appliesTo: { users: ['lisi'], departments: [backend] } });
const groups = new lib.CustomerGroups(stack, 'vip', { owners: ['zhouba'] });
new lib.JoinWay(stack, 'booth', { scene: 'qrcode', chatIds: groups.chatIds, remark: 'expo booth', state: 'expo' });
new lib.WelcomeTemplate(stack, 'hello', { text: '欢迎 %NICKNAME%', link: { title: '指南', url: 'https://example.com/guide' } });
`;

const tf = (p: Project, command: string, ...args: string[]) => terraform([command, '-no-color', '-input=false', ...args], { cwd: p.stackDir, env: p.env });
const ok = (r: { code: number | null; stdout: string; stderr: string }, code = 0) => {
  if (r.code !== code) throw new Error(`exit ${r.code} (expected ${code})\n${r.stdout}\n${r.stderr}`);
  return r;
};

interface Project { dir: string; stackDir: string; statePath: string; sim: RunningSimulator; env: NodeJS.ProcessEnv; cliEnv: NodeJS.ProcessEnv }

async function project(app = APP, simOptions: SimulatorOptions = {}): Promise<Project> {
  const sim = await startSimulator(simOptions);
  const dir = makeProject(app);
  const cliEnv = { PATH: process.env.PATH, HOME: process.env.HOME, WECOM_CORP_SECRET: SECRET, WECOM_API_BASE: sim.url };
  const synth = await runCli(['synth'], { cwd: dir, env: cliEnv });
  if (synth.code !== 0) throw new Error(`synth failed: ${synth.stderr}`);
  const stackDir = path.join(dir, 'cdktf.out', 'stacks', 'proj');
  const stack = readStackConfig(path.join(stackDir, 'cdk.tf.json'), dir);
  const env = terraformEnv(sim.url, SECRET);
  ok(await terraform(['init', '-input=false', '-no-color'], { cwd: stackDir, env }));
  return { dir, stackDir, statePath: stack.statePath, sim, env, cliEnv };
}

describeWithTerraform('terraform-provider-wecom under the Terraform CLI', () => {
  jest.setTimeout(240_000);
  const open: Project[] = [];
  afterAll(async () => { await Promise.all(open.map((p) => p.sim.close())); });

  test('plan, apply, no-op plan, out-of-band change, import, interop with cdktf-wecom, destroy', async () => {
    const p = await project();
    const native = await project();
    open.push(p, native);
    const doc = JSON.parse(fs.readFileSync(path.join(p.stackDir, 'cdk.tf.json'), 'utf8'));
    // A version constraint, which cdktf-cli's schema check requires (and Terraform accepts under dev_overrides).
    expect(doc.terraform.required_providers).toEqual({ wecom: { source: 'cdktf-wecom/wecom', version: '~> 0.1' } });

    // plan, saved; its JSON renders into the same PR comment as our own plan of the same stack.
    const plan = ok(await tf(p, 'plan', '-out=tfplan'));
    expect(plan.stdout).toContain('Plan: 5 to add, 0 to change, 0 to destroy.');
    const shown = JSON.parse(ok(await terraform(['show', '-json', 'tfplan'], { cwd: p.stackDir, env: p.env })).stdout);
    const stack = readStackConfig(path.join(p.stackDir, 'cdk.tf.json'), p.dir);
    const rt = runtimeFromProviderConfig(stack.providers.wecom ?? {}, { env: p.cliEnv });
    await rt.directory.checkUsers(['lisi', 'wangwu', 'zhaoliu', 'zhangsan']);
    await rt.directory.usersInDepartmentTree(3);
    const fromTf = renderMarkdown(planFromTerraformJson(shown, stack, { names: (u) => rt.directory.nameOf(u) }));
    await rt.close();
    ok(await runCli(['plan', '--markdown', 'ours.md'], { cwd: p.dir, env: p.cliEnv }));
    expect(fromTf).toBe(fs.readFileSync(path.join(p.dir, 'ours.md'), 'utf8'));

    ok(await tf(p, 'apply', 'tfplan'));
    expect(ok(await tf(p, 'plan', '-detailed-exitcode')).stdout).toContain('No changes.');

    // The same stack applied by the native engine to a second, identical simulator: same state.
    ok(await runCli(['apply', '--auto-approve'], { cwd: native.dir, env: native.cliEnv }));
    expect(comparableState(p.statePath)).toEqual(comparableState(native.statePath));

    // Interop: cdktf-wecom reads the state Terraform wrote and plans nothing.
    const ours = ok(await runCli(['plan', '--detailed-exitcode'], { cwd: p.dir, env: p.cliEnv }));
    expect(ours.stdout).toContain('No changes.');

    // Out of band: someone removes a member in WeCom; terraform plan sees it and repairs it.
    const chatId = String(stateResources(p.statePath)['managed wecom_app_chat.' + Object.keys(doc.resource.wecom_app_chat)[0]].chat_id);
    p.sim.sim.oob.appChat({ chatid: chatId, del_user_list: ['wangwu'] });
    const drift = ok(await tf(p, 'plan', '-detailed-exitcode'), 2);
    expect(drift.stdout).toMatch(/wecom_app_chat\.\S+ will be updated in-place/);
    expect(drift.stdout).toContain('"wangwu"');
    ok(await tf(p, 'apply', '-auto-approve'));
    expect(p.sim.sim.inspect.chat(chatId)!.userlist).toContain('wangwu');

    // import: forget the intercept rule, import it by id, nothing to change.
    const ruleAddr = `wecom_intercept_rule.${Object.keys(doc.resource.wecom_intercept_rule)[0]}`;
    const ruleId = String(stateResources(p.statePath)[`managed ${ruleAddr}`].rule_id);
    ok(await terraform(['state', 'rm', ruleAddr], { cwd: p.stackDir, env: p.env }));
    ok(await terraform(['import', '-no-color', '-input=false', ruleAddr, ruleId], { cwd: p.stackDir, env: p.env }));
    expect(ok(await tf(p, 'plan', '-detailed-exitcode')).stdout).toContain('No changes.');
    expect(comparableState(p.statePath)).toEqual(comparableState(native.statePath));

    // destroy: deletable objects go, the app chat is retained (WeCom cannot delete it).
    ok(await tf(p, 'destroy', '-auto-approve'));
    expect(stateResources(p.statePath)).toEqual({});
    expect(p.sim.sim.inspect.chat(chatId)).toBeDefined();
    expect(p.sim.sim.inspect.rules().filter((r) => r.rule_name === 'tf-no-phones' && !r.deleted)).toHaveLength(0);
  });

  test('a chat of named people stores resolved_members once (null); a member removed in the client shows and is repaired as `+ "wangwu"`', async () => {
    const p = await project(`new lib.AppChat(stack, 'named', { name: '具名群', owner: 'zhangsan', members: { users: ['zhangsan', 'wangwu', 'lisi'] } });`);
    open.push(p);
    ok(await tf(p, 'apply', '-auto-approve'));
    const [addr, attrs] = Object.entries(stateResources(p.statePath)).find(([k]) => k.startsWith('managed wecom_app_chat.'))!;
    expect(attrs.members).toEqual(['lisi', 'wangwu', 'zhangsan']);
    expect(attrs.resolved_members).toBeUndefined(); // null: "exactly members" (stateResources drops nulls)
    p.sim.sim.oob.appChat({ chatid: String(attrs.chat_id), del_user_list: ['wangwu'] });
    const drift = ok(await tf(p, 'plan', '-detailed-exitcode'), 2);
    expect(drift.stdout).toMatch(/~ resolved_members += \[\s+"lisi",\s+\+ "wangwu",\s+"zhangsan",\s+\]/);
    expect(drift.stdout).not.toContain('-> null');
    ok(await tf(p, 'apply', '-auto-approve'));
    expect(p.sim.sim.inspect.chat(String(attrs.chat_id))!.userlist).toContain('wangwu');
    // Stored in full since the drift (no flip back to null), and both engines agree nothing is left.
    expect(stateResources(p.statePath)[addr].resolved_members).toEqual(['lisi', 'wangwu', 'zhangsan']);
    expect(ok(await tf(p, 'plan', '-detailed-exitcode')).stdout).toContain('No changes.');
    expect(ok(await runCli(['plan', '--detailed-exitcode'], { cwd: p.dir, env: p.cliEnv })).stdout).toContain('No changes.');
  });

  test('state written by cdktf-wecom apply: terraform plan finds nothing to change', async () => {
    const p = await project();
    open.push(p);
    ok(await runCli(['apply', '--auto-approve'], { cwd: p.dir, env: p.cliEnv }));
    expect(ok(await tf(p, 'plan', '-detailed-exitcode')).stdout).toContain('No changes.');
    ok(await tf(p, 'destroy', '-auto-approve'));
    expect(stateResources(p.statePath)).toEqual({});
  });

  test('Ctrl-C during terraform apply: the create in flight finishes and is saved, nothing is lost', async () => {
    const tags = Array.from({ length: 6 }, (_, i) => `new lib.Tag(stack, 't${i}', { name: 'tf-int-${i}', users: ['lisi'] });`).join('\n');
    const p = await project(tags, { faults: { latencyMs: 400, paths: ['tag/create'] } });
    open.push(p);
    let interrupted = false;
    const run = await terraform(['apply', '-no-color', '-input=false', '-auto-approve', '-parallelism=1'], {
      cwd: p.stackDir, env: p.env, detached: true,
      onStdout: (chunk, pid) => {
        if (interrupted || !/Creating\.\.\./.test(chunk)) return;
        interrupted = true;
        // As a terminal's Ctrl-C does: SIGINT to the whole process group, providers included.
        setTimeout(() => process.kill(-pid, 'SIGINT'), 150);
      },
    });
    expect(interrupted).toBe(true);
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toMatch(/Interrupt received|operation canceled|Stopping operation/i);
    const live = p.sim.sim.inspect.tags().filter((t) => t.tagname.startsWith('tf-int-')).map((t) => t.tagname).sort();
    const saved = Object.entries(stateResources(p.statePath)).filter(([k]) => k.startsWith('managed wecom_tag.')).map(([, a]) => String(a.tag_name)).sort();
    expect(live.length).toBeGreaterThanOrEqual(1);
    expect(live.length).toBeLessThan(6);
    expect(saved).toEqual(live);
    // The rest is created by the next apply; nothing is created twice.
    ok(await tf(p, 'apply', '-auto-approve'));
    expect(p.sim.sim.inspect.tags().filter((t) => t.tagname.startsWith('tf-int-'))).toHaveLength(6);
  });
});
