// `cdktf-wecom graph` as a user runs it: from the synthesized app (no API calls, no credentials)
// and from a saved plan, as Mermaid and DOT, to stdout and to a file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeProject, runCli } from '../helpers/cli-project';
import { SLOW_SUITE_TIMEOUT_MS } from '../helpers/timeouts';
import { everyKindPlan } from '../render/fixture';

jest.setTimeout(SLOW_SUITE_TIMEOUT_MS);

const BODY = `
const backend = lib.Department.fromPath(stack, 'dept-backend', '技术部/后端');
const oncall = new lib.Tag(stack, 'oncall', { name: '值班 "夜班"', users: ['zhangsan'] });
const eng = new lib.AppChat(stack, 'eng', { name: '研发群 [后端]', owner: 'zhangsan', members: { users: ['zhangsan'], departments: [backend, 9], tags: [oncall] } });
new lib.GroupRobot(stack, 'alerts', { webhookKeyEnv: 'OPS_ROBOT_KEY', chat: eng, name: '告警机器人' });
new lib.JoinWay(stack, 'service', { scene: 2, chatIds: ['wrCustA'], remark: '客服' });
new lib.InterceptRule(stack, 'baseline', { name: '敏感词-基线', words: ['转账'], interceptType: 1, appliesTo: { departments: [backend] } });
`;

describe('cdktf-wecom graph', () => {
  let dir: string;
  // No WeCom credentials and no API base: graph must not call anything.
  const env = { PATH: process.env.PATH };
  beforeAll(() => { dir = makeProject(BODY); });

  test('graph: Mermaid of the synthesized stack', async () => {
    const r = await runCli(['graph'], { cwd: dir, env });
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('flowchart LR\n')).toBe(true);
    const id = (label: string) => new RegExp(`(n\\d+)[^\\n]*${label}`).exec(r.stdout)![1];
    const edge = (from: string, to: string) => `${id(from)} --> ${id(to)}`;
    expect(r.stdout).toContain(edge('department 技术部/后端', '研发群'));
    expect(r.stdout).toContain(edge('department 9', '研发群'));
    expect(r.stdout).toContain(edge('值班 #quot;夜班#quot;', '研发群'));
    expect(r.stdout).toContain(edge('告警机器人', '研发群'));
    expect(r.stdout).toContain(edge('客服', 'customer group wrCustA'));
    expect(r.stdout).toContain(edge('敏感词-基线', 'department 技术部/后端'));
  });

  test('graph --format dot --out FILE', async () => {
    const r = await runCli(['graph', '--format', 'dot', '--out', 'g.dot', '--no-synth'], { cwd: dir, env });
    expect(r.code).toBe(0);
    const dot = fs.readFileSync(path.join(dir, 'g.dot'), 'utf8');
    expect(dot).toMatch(/^digraph wecom \{/);
    expect(dot).toContain('label="值班 \\"夜班\\" (oncall)"');
  });

  test('graph PLANFILE: marks what the plan adds, changes and removes', async () => {
    fs.writeFileSync(path.join(dir, 'plan.json'), JSON.stringify(everyKindPlan()));
    const r = await runCli(['graph', 'plan.json'], { cwd: dir, env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const id = (label: string) => new RegExp(`(n\\d+)[^\\n]*${label}`).exec(r.stdout)![1];
    expect(r.stdout).toContain(`${id('告警机器人')} ==> ${id('shop-告警')}`);
    expect(r.stdout).toContain(`${id('department 9')} ==> ${id('shop-工程')}`);
    expect(r.stdout).toContain(`${id('敏感词-基线')} -.-> ${id('department 12')}`);
    expect(r.stdout).toMatch(/class [n\d,]+ removed/);
    const other = await runCli(['graph', 'plan.json', '--stack', 'nope'], { cwd: dir, env });
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('has no plan for stack nope');
  });

  test('bad --format is refused', async () => {
    const r = await runCli(['graph', '--format', 'svg', '--no-synth'], { cwd: dir, env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--format must be mermaid or dot');
  });
});
