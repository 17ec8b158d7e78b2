import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack } from '../../src/cdktf';
import { Policy } from '../../src/policy';
import { addProjectStacks, projectsFromEnv, PROJECT_NAMING_PATTERN } from '../../examples/project-groups/app';
import { addSecurityStack } from '../../examples/security-policy/app';
import { ProjectGroups } from '../../examples/project-groups/project-groups';
import { SLOW_SUITE_TIMEOUT_MS } from '../helpers/timeouts';

jest.setTimeout(SLOW_SUITE_TIMEOUT_MS);

const root = path.join(__dirname, '..', '..');
const CORP = { corpId: 'wwsimcorp0001' };

function tmpdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'examples-'));
}

function readStack(outdir: string, stack: string): any {
  return JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
}

/** cdk.tf.json without what depends on the machine: the local backend's absolute path. */
function normalised(json: any): any {
  const copy = JSON.parse(JSON.stringify(json));
  const local = copy.terraform?.backend?.local;
  if (local?.path) local.path = `<cwd>/${path.basename(local.path)}`;
  return copy;
}

function synthApp(build: (app: App) => TerraformStack[]): { outdir: string; stacks: TerraformStack[] } {
  const outdir = tmpdir();
  const app = new App({ outdir });
  const stacks = build(app);
  app.synth();
  return { outdir, stacks };
}

describe('examples/project-groups', () => {
  test('synthesizes the demo project without policy errors (snapshot)', () => {
    const { outdir, stacks } = synthApp((app) => addProjectStacks(app, { ...CORP, projects: ['demo-shop'], loggers: [] }));
    expect(Policy.report(stacks[0])!.summary).toEqual({ errors: 0, warnings: 0, suppressed: 0, ruleErrors: 0 });
    expect(fs.existsSync(path.join(outdir, 'stacks', 'demo-shop', 'policy-report.json'))).toBe(true);
    expect(normalised(readStack(outdir, 'demo-shop'))).toMatchSnapshot();
  });

  test('two projects get two independent sets: different stacks, different chat ids', () => {
    const { outdir } = synthApp((app) => addProjectStacks(app, { ...CORP, projects: ['payments', 'search'], loggers: [] }));
    const chats = (stack: string) => Object.values<{ name: string; chat_id: string }>(readStack(outdir, stack).resource.wecom_app_chat);
    const pay = chats('payments');
    const search = chats('search');
    expect(pay.map((c) => c.name).sort()).toEqual(['payments-告警', 'payments-研发']);
    expect(search.map((c) => c.name).sort()).toEqual(['search-告警', 'search-研发']);
    const ids = [...pay, ...search].map((c) => c.chat_id);
    expect(new Set(ids).size).toBe(4);
  });

  test('two ProjectGroups in one stack differ by construct path', () => {
    const { stacks } = synthApp((app) => {
      const stack = addProjectStacks(app, { ...CORP, projects: ['one'], loggers: [] })[0];
      const extra = new ProjectGroups(stack, 'groups-two', { project: 'two', owner: 'zhangsan', engineers: ['lisi'], ops: ['sunqi'], robotKeyEnv: 'WECOM_ROBOT_TWO_KEY' });
      expect(extra.joinWay).toBeUndefined();
      return [stack];
    });
    const chats = stacks[0].node.findAll().filter((c: any) => c.chatId && c.constructor.name === 'AppChat') as any[];
    expect(new Set(chats.map((c) => c.chatId)).size).toBe(4);
  });

  test('WECOM_PROJECTS selects the projects; default demo-shop', () => {
    expect(projectsFromEnv({})).toEqual(['demo-shop']);
    expect(projectsFromEnv({ WECOM_PROJECTS: ' payments, search ,' })).toEqual(['payments', 'search']);
    expect(new RegExp(PROJECT_NAMING_PATTERN, 'u').test('demo-shop-研发')).toBe(true);
  });

  test('cdktf.json runs main.ts from the repository root with ts-node', () => {
    const cdktf = JSON.parse(fs.readFileSync(path.join(root, 'cdktf.json'), 'utf8'));
    expect(cdktf).toMatchObject({ language: 'typescript', output: 'cdktf.out', app: 'npx ts-node --transpile-only examples/project-groups/main.ts' });
    const outdir = tmpdir();
    const r = spawnSync(cdktf.app, {
      cwd: root, shell: true, encoding: 'utf8',
      env: { ...process.env, CDKTF_OUTDIR: outdir, WECOM_PROJECTS: 'payments,search', WECOM_CORP_ID: 'wwsimcorp0001' },
    });
    // The security stack's @all announcement is suppressed with a reason (reported, not an error).
    expect(r.stderr.split('\n').filter((l) => /error/i.test(l) && !/suppressed:/.test(l))).toEqual([]);
    expect(r.status).toBe(0);
    // One stack per project plus the company-wide security stack.
    expect(fs.readdirSync(path.join(outdir, 'stacks')).sort()).toEqual(['payments', 'search', 'security']);
    expect(readStack(outdir, 'payments').provider.wecom[0].corp_id).toBe('wwsimcorp0001');
  });
});

describe('examples/security-policy', () => {
  test('synthesizes with the suppressed @all announcement visible (snapshot)', () => {
    const { outdir, stacks } = synthApp((app) => [addSecurityStack(app, { ...CORP, loggers: [] })]);
    expect(Policy.report(stacks[0])!.summary).toEqual({ errors: 0, warnings: 0, suppressed: 1, ruleErrors: 0 });
    const json = readStack(outdir, 'security');
    expect(json['//'].wecom_policy.suppressed).toEqual([expect.objectContaining({ rule: 'WECOM-BASE-006', path: 'security/policy/robot/policy' })]);
    expect(Object.values(json.resource.wecom_intercept_rule).map((r: any) => r.rule_name)).toEqual(['通用-内部资料', '客服-合规', '通用-提醒']);
    expect(normalised(json)).toMatchSnapshot();
  });
});
