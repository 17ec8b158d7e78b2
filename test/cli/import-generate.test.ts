// `import --generate`: a corp with objects made outside the app -> generated construct code and
// state -> the app calls addImported(stack) -> plan says no changes -> apply writes nothing.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { TokenCache, WecomClient } from '../../src/client';
import { startSimulator, RunningSimulator, DEFAULT_ORG } from '../../src/simulator';
import { makeProject, runCli, ROOT } from '../helpers/cli-project';
import { SLOW_SUITE_TIMEOUT_MS } from '../helpers/timeouts';

jest.setTimeout(SLOW_SUITE_TIMEOUT_MS);

/** Makes the generated TypeScript loadable by the plain-JS test app (as a user's ts-node would). */
const loadTs = (dir: string, file: string): string => {
  const js = ts.transpileModule(fs.readFileSync(path.join(dir, file), 'utf8'), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 } }).outputText
    .replace(/require\("cdktf-wecom"\)/g, `require(${JSON.stringify(path.join(ROOT, 'dist', 'src', 'index.js'))})`);
  fs.writeFileSync(path.join(dir, 'imported.gen.js'), js);
  return 'imported.gen.js';
};

/** Type-checks the generated module strictly against the built package's declarations. */
function typeErrors(file: string): string[] {
  const program = ts.createProgram([file], {
    noEmit: true, strict: true, target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10,
    baseUrl: ROOT, types: [], skipLibCheck: true,
    paths: { 'cdktf-wecom': ['dist/src/index.d.ts'], constructs: ['node_modules/constructs'] },
  });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

const WRITES = /create|add|update|edit|del|mark_tag|addtagusers|deltagusers/;

describe('cdktf-wecom import --generate', () => {
  let sim: RunningSimulator;
  let env: NodeJS.ProcessEnv;
  let client: WecomClient;
  beforeEach(async () => {
    sim = await startSimulator();
    env = { PATH: process.env.PATH, HOME: process.env.HOME, WECOM_CORP_SECRET: DEFAULT_ORG.agents.main.secret, WECOM_API_BASE: sim.url };
    client = new WecomClient({ corpId: sim.corp.id, corpSecret: DEFAULT_ORG.agents.main.secret, baseUrl: sim.url, tokenCache: new TokenCache() });
  });
  afterEach(() => sim.close());

  test('seeded corp -> generate -> synth -> plan says no changes -> apply touches nothing', async () => {
    // Objects made before the app existed: a rule, a join way, a welcome template, and an app chat
    // holding one whole department (财务部, 31) plus two more people.
    const ruleId = await client.interceptRules.add({
      rule_name: 'no-phones', word_list: ['加微信', 'vx'], semantics_list: [1], intercept_type: 1,
      applicable_range: { user_list: ['zhangsan'], department_list: [12] },
    });
    const configId = await client.joinWays.add({ scene: 2, chat_id_list: [DEFAULT_ORG.customerGroups[0]], remark: 'vip entry', auto_create_room: 1, state: 'ad1' });
    const templateId = await client.welcomeTemplates.add({ text: { content: '欢迎 %NICKNAME%' }, link: { title: 'Guide', url: 'https://example.com/guide' } });
    const finance = sim.sim.inspect.users().filter((u) => u.department.includes(DEFAULT_ORG.departments.finance)).map((u) => u.userid);
    expect(finance.length).toBeGreaterThanOrEqual(2);
    await client.appChats.create({ chatid: 'financechat', name: 'Finance 财务', owner: 'zhangsan', userlist: ['zhangsan', 'lisi', ...finance] });

    const dir = makeProject(`
const f = require('path').join(__dirname, process.env.IMPORTED || 'none.js');
if (require('fs').existsSync(f)) require(f).addImported(stack);`);
    fs.writeFileSync(path.join(dir, 'ids.json'), JSON.stringify({
      app_chats: [DEFAULT_ORG.appChats.opsRoom, 'financechat'], join_ways: [configId], welcome_templates: [templateId],
    }));
    const gen = await runCli(['import', '--generate', '--stack', 'proj', '--ids', 'ids.json'], { cwd: dir, env });
    expect(gen.stderr).not.toMatch(/Error/);
    expect(gen.code).toBe(0);
    const code = fs.readFileSync(path.join(dir, 'imported.ts'), 'utf8');
    expect(typeErrors(path.join(dir, 'imported.ts'))).toEqual([]);
    expect(code).toContain('export function addImported(scope: Construct): void {');
    expect(code).toContain(`new InterceptRule(scope, 'rule-no-phones'`.replace(/'/g, '"'));
    expect(code).toMatch(/new Tag\(scope, "tag-1"/);
    // zhangsan and lisi are exactly tag 1 (值班).
    expect(code).toContain('members: { departments: [31], tags: [1] }');
    expect(code).toContain('members: { users: ["wangwu","zhaoliu"], tags: [1] }');
    expect(code).toContain(`chatIds: ["${DEFAULT_ORG.customerGroups[0]}"]`);
    expect(code).toContain('text: "欢迎 %NICKNAME%"');
    // Four seeded tags, the rule, two chats, a join way and a template.
    expect(gen.stdout.match(/^Imported /gm)).toHaveLength(9);
    expect(gen.stdout).toContain(`(${ruleId})`);

    const envApp = { ...env, IMPORTED: loadTs(dir, 'imported.ts') };
    const before = sim.sim.inspect.calls().log.length;
    const plan = await runCli(['plan', '--detailed-exitcode'], { cwd: dir, env: envApp });
    expect(plan.stderr).not.toMatch(/Error/);
    expect(plan.stdout).toContain('No changes.');
    expect(plan.code).toBe(0);
    const apply = await runCli(['apply', '--auto-approve'], { cwd: dir, env: envApp });
    expect(apply.code).toBe(0);
    const writes = sim.sim.inspect.calls().log.slice(before).filter((c) => WRITES.test(c.path) && !/get|list/.test(c.path));
    expect(sim.sim.inspect.calls().log.slice(before).length).toBeGreaterThan(0);
    expect(writes).toEqual([]);

    // Never over an existing file; a second run finds everything already in the state.
    const again = await runCli(['import', '--generate', '--stack', 'proj', '--ids', 'ids.json'], { cwd: dir, env: envApp });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/imported.ts already exists/);
    const stateBefore = fs.readFileSync(path.join(dir, 'terraform.proj.tfstate'), 'utf8');
    const second = await runCli(['import', '--generate', '--stack', 'proj', '--ids', 'ids.json', '--out', 'more.js'], { cwd: dir, env: envApp });
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/Skipped wecom_app_chat financechat \(already in the state\)/);
    expect(fs.readFileSync(path.join(dir, 'more.js'), 'utf8')).toContain('exports.addImported = addImported;');
    const stateAfter = JSON.parse(fs.readFileSync(path.join(dir, 'terraform.proj.tfstate'), 'utf8'));
    expect(stateAfter.resources.length).toBe(JSON.parse(stateBefore).resources.length);
  });

  test('needs --stack; a bad ids file is a clear error', async () => {
    const dir = makeProject('');
    const noStack = await runCli(['import', '--generate'], { cwd: dir, env });
    expect(noStack.code).toBe(1);
    expect(noStack.stderr).toMatch(/needs --stack/);
    fs.writeFileSync(path.join(dir, 'ids.json'), JSON.stringify({ chats: ['x'] }));
    const bad = await runCli(['import', '--generate', '--stack', 'proj', '--ids', 'ids.json'], { cwd: dir, env });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/unknown key "chats"/);
    expect(fs.existsSync(path.join(dir, 'imported.ts'))).toBe(false);
  });
});
