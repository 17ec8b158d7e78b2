// Upgrading cdktf-wecom with existing state: states written by the release before unordered
// lists (schema version 0, test/fixtures/state-v0, written by main at ce912ea with both
// engines) plan "No changes" in both engines, and the first apply writes version 1.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_ORG, RunningSimulator, startSimulator } from '../../src/simulator';
import { makeProject, runCli } from '../helpers/cli-project';
import { SLOW_SUITE_TIMEOUT_MS } from '../helpers/timeouts';
import { describeWithTerraform, terraform, terraformEnv } from './terraform-helpers';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'state-v0');
const SECRET = DEFAULT_ORG.agents.main.secret;
const WRITES = /appchat\/(create|update)|tag\/(create|update|addtagusers|deltagusers)|intercept_rule\/(add|update|del)|groupchat\/(add|update)_join_way/;

interface Instance { schema_version: number; attributes: Record<string, unknown> }
const instances = (file: string): Record<string, Instance> => Object.fromEntries(
  (JSON.parse(fs.readFileSync(file, 'utf8')).resources as Array<{ mode: string; type: string; name: string; instances: Instance[] }>)
    .filter((r) => r.mode === 'managed').map((r) => [`${r.type}.${r.name}`, r.instances[0]]),
);

interface World { dir: string; stackDir: string; state: string; sim: RunningSimulator; cliEnv: NodeJS.ProcessEnv; tfEnv: NodeJS.ProcessEnv }

/** A project with the fixture's stack, its state, and a simulator holding what that state describes. */
async function world(writer: 'native' | 'terraform'): Promise<World> {
  const dir = makeProject(fs.readFileSync(path.join(FIXTURES, 'app-body.js'), 'utf8'), undefined, { backendPath: '../../../terraform.proj.tfstate' });
  const data = path.join(dir, 'sim.json');
  fs.copyFileSync(path.join(FIXTURES, `${writer}.sim.json`), data);
  const sim = await startSimulator({ dataFile: data });
  const state = path.join(dir, 'terraform.proj.tfstate');
  fs.copyFileSync(path.join(FIXTURES, `${writer}.tfstate`), state);
  const cliEnv = { PATH: process.env.PATH, HOME: process.env.HOME, WECOM_CORP_SECRET: SECRET, WECOM_API_BASE: sim.url };
  return { dir, stackDir: path.join(dir, 'cdktf.out', 'stacks', 'proj'), state, sim, cliEnv, tfEnv: terraformEnv(sim.url, SECRET) };
}

const ok = (r: { code: number | null; stdout: string; stderr: string }, code = 0) => {
  if (r.code !== code) throw new Error(`exit ${r.code} (expected ${code})\n${r.stdout}\n${r.stderr}`);
  return r;
};
const writes = (w: World) => Object.keys(w.sim.sim.inspect.calls().counts).filter((p) => WRITES.test(p));

describeWithTerraform('state written by cdktf-wecom 0.1 (schema version 0) after upgrading', () => {
  jest.setTimeout(SLOW_SUITE_TIMEOUT_MS);
  const open: World[] = [];
  afterAll(async () => { await Promise.all(open.map((w) => w.sim.close())); });

  test.each(['native', 'terraform'] as const)('written by %s: both engines plan "No changes"; the first apply writes version 1, sorted', async (writer) => {
    const w = await world(writer);
    open.push(w);
    expect(Object.values(instances(w.state)).map((i) => i.schema_version)).toEqual([0, 0, 0, 0, 0]);

    const ours = ok(await runCli(['plan', '--detailed-exitcode'], { cwd: w.dir, env: w.cliEnv }));
    expect(ours.stdout).toContain('No changes.');

    ok(await terraform(['init', '-input=false', '-no-color'], { cwd: w.stackDir, env: w.tfEnv }));
    const tf = ok(await terraform(['plan', '-detailed-exitcode', '-no-color', '-input=false'], { cwd: w.stackDir, env: w.tfEnv }));
    expect(tf.stdout).toContain('No changes.');

    // Terraform's apply saves the upgraded, refreshed state, and changes nothing in WeCom.
    ok(await terraform(['apply', '-auto-approve', '-no-color', '-input=false'], { cwd: w.stackDir, env: w.tfEnv }));
    expect(writes(w)).toEqual([]);
    const after = instances(w.state);
    const chat = Object.entries(after).find(([k]) => k.startsWith('wecom_app_chat.eng'))![1];
    expect(chat.schema_version).toBe(1);
    expect(chat.attributes.members).toEqual(['Zhaoliu', 'lisi', 'wangwu']);
    const rule = Object.entries(after).find(([k]) => k.startsWith('wecom_intercept_rule.'))![1];
    expect(rule.attributes.word_list).toEqual(['QQ', 'vx', '微信']);
    expect(rule.attributes.semantics_list).toEqual([1, 2]);
    const resolved = chat.attributes.resolved_members as string[];
    expect(resolved).toEqual([...resolved].sort());
    // a chat of named people keeps them once: resolved_members null means "exactly members"
    const ops = Object.entries(after).find(([k]) => k.startsWith('wecom_app_chat.ops'))![1];
    expect(ops.attributes.resolved_members).toBeNull();
    expect(ops.attributes.members).toEqual(['lisi', 'wangwu', 'zhangsan']);

    // And back: the native engine reads what Terraform wrote, still nothing to do.
    expect(ok(await runCli(['plan', '--detailed-exitcode'], { cwd: w.dir, env: w.cliEnv })).stdout).toContain('No changes.');
  });

  test('the native engine\'s apply writes version 1 for every object (as Terraform\'s), and Terraform agrees', async () => {
    const w = await world('native');
    open.push(w);
    // A change to one chat (a member added in the code): only that instance is rewritten.
    const body = fs.readFileSync(path.join(w.dir, 'app.js'), 'utf8').replace("users: ['wangwu', 'lisi', 'zhangsan']", "users: ['zhaoliu', 'wangwu', 'lisi', 'zhangsan']");
    fs.writeFileSync(path.join(w.dir, 'app.js'), body);
    const applied = ok(await runCli(['apply', '--auto-approve'], { cwd: w.dir, env: w.cliEnv }));
    expect(applied.stdout).toMatch(/1 changed|1 to change/);
    const after = instances(w.state);
    const ops = Object.entries(after).find(([k]) => k.startsWith('wecom_app_chat.ops'))![1];
    expect(ops.schema_version).toBe(1);
    expect(ops.attributes.members).toEqual(['lisi', 'wangwu', 'zhangsan', 'zhaoliu']);
    expect(ops.attributes.added_members).toEqual(['lisi', 'wangwu', 'zhangsan', 'zhaoliu']);
    // As Terraform's apply: everything else is saved upgraded too (sorted; the words of the rule).
    const versions = Object.fromEntries(Object.entries(after).map(([k, i]) => [k.split('.')[0], i.schema_version]));
    expect(versions).toEqual({ wecom_app_chat: 1, wecom_intercept_rule: 1, wecom_tag: 1, wecom_join_way: 0 }); // join ways did not change shape
    const rule = Object.entries(after).find(([k]) => k.startsWith('wecom_intercept_rule.'))![1];
    expect(rule.attributes.word_list).toEqual(['QQ', 'vx', '微信']);
    ok(await terraform(['init', '-input=false', '-no-color'], { cwd: w.stackDir, env: w.tfEnv }));
    expect(ok(await terraform(['plan', '-detailed-exitcode', '-no-color', '-input=false'], { cwd: w.stackDir, env: w.tfEnv })).stdout).toContain('No changes.');
  });

  test('L1 input listing the same members in another order: both engines plan "No changes" (the provider plans the prior)', async () => {
    const w = await world('native');
    open.push(w);
    const app = fs.readFileSync(path.join(w.dir, 'app.js'), 'utf8')
      .replace("new lib.AppChat(stack, 'eng',", "const eng = new lib.AppChat(stack, 'eng',")
      .replace('app.synth();', "eng.resource.members = ['wangwu', 'zhaoliu', 'LISI'];\napp.synth();");
    fs.writeFileSync(path.join(w.dir, 'app.js'), app);
    expect(ok(await runCli(['plan', '--detailed-exitcode'], { cwd: w.dir, env: w.cliEnv })).stdout).toContain('No changes.');
    const doc = JSON.parse(fs.readFileSync(path.join(w.stackDir, 'cdk.tf.json'), 'utf8'));
    expect(Object.values(doc.resource.wecom_app_chat as Record<string, { members: string[] }>).map((c) => c.members)).toContainEqual(['wangwu', 'zhaoliu', 'LISI']);
    ok(await terraform(['init', '-input=false', '-no-color'], { cwd: w.stackDir, env: w.tfEnv }));
    expect(ok(await terraform(['plan', '-detailed-exitcode', '-no-color', '-input=false'], { cwd: w.stackDir, env: w.tfEnv })).stdout).toContain('No changes.');
  });

  test('a state from a newer cdktf-wecom is refused by both engines, naming the way out', async () => {
    const w = await world('native');
    open.push(w);
    const doc = JSON.parse(fs.readFileSync(w.state, 'utf8'));
    for (const r of doc.resources) if (r.type === 'wecom_tag') r.instances[0].schema_version = 7;
    fs.writeFileSync(w.state, JSON.stringify(doc));
    const ours = await runCli(['plan'], { cwd: w.dir, env: w.cliEnv });
    expect(ours.code).toBe(1);
    expect(ours.stderr).toMatch(/wecom_tag\.oncall_[0-9A-F]+: state schema version 7 is newer than this cdktf-wecom's \(1\); upgrade cdktf-wecom/);
    ok(await terraform(['init', '-input=false', '-no-color'], { cwd: w.stackDir, env: w.tfEnv }));
    const tf = await terraform(['plan', '-no-color', '-input=false'], { cwd: w.stackDir, env: w.tfEnv });
    expect(tf.code).toBe(1);
    expect(tf.stderr.replace(/\s+/g, ' ')).toContain('was created by a newer provider version than is currently selected');
  });
});
