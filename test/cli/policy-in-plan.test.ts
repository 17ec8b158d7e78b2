// Policy findings everywhere: synth names them in its summary, plan prints each with its rule id,
// construct path and what is expected, the PR comment has a policy section with suppressions and
// their reasons, and the JSON carries them under our own key.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_ORG, startSimulator } from '../../src/simulator';
import { makeProject, ROOT, runCli } from '../helpers/cli-project';
import { SLOW_SUITE_TIMEOUT_MS } from '../helpers/timeouts';

jest.setTimeout(SLOW_SUITE_TIMEOUT_MS);

test('WecomBaseline warnings and suppressions reach synth, plan, the PR comment and the JSON', async () => {
  const sim = await startSimulator();
  try {
    const dir = makeProject(`
const { Aspects } = require(${JSON.stringify(path.join(ROOT, 'node_modules', 'cdktf'))});
new lib.AppChat(stack, 'bad', { name: 'nohyphen', owner: 'zhangsan', members: { users: ['zhangsan', 'lisi'] } });
const ok = new lib.AppChat(stack, 'ok', { name: '项目-研发', owner: 'zhangsan', members: { users: ['zhangsan', 'lisi'] } });
const big = new lib.AppChat(stack, 'big', { name: '全员大群', owner: 'zhangsan', members: { users: ['zhangsan', 'lisi'] } });
lib.Policy.suppress(big, [{ id: 'WECOM-BASE-001', reason: 'All-hands chat, named by HR (OPS-7).' }]);
Aspects.of(stack).add(new lib.WecomBaseline({ loggers: [], exclude: ['WECOM-BASE-002', 'WECOM-BASE-005'] }));`);
    const env = { PATH: process.env.PATH, WECOM_CORP_SECRET: DEFAULT_ORG.agents.main.secret, WECOM_API_BASE: sim.url };
    const synth = await runCli(['synth'], { cwd: dir, env });
    expect(synth.code).toBe(0);
    expect(synth.stdout).toMatch(/policy: 0 errors, 1 warnings, 1 suppressed/);
    expect(synth.stdout).toMatch(/policy warning: WECOM-BASE-001 \(warning\) 'proj\/bad'/);
    const plan = await runCli(['plan', '--markdown', 'pr.md', '--no-synth'], { cwd: dir, env });
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/Policy: WECOM-BASE-001 \(warning\) 'proj\/bad'.* — expected: /);
    expect(plan.stdout).toMatch(/Policy: suppressed .*'proj\/big'.*\(reason: All-hands chat, named by HR \(OPS-7\)\.\)/);
    const md = fs.readFileSync(path.join(dir, 'pr.md'), 'utf8');
    const top = md.slice(0, md.indexOf('<details>'));
    expect(top).toMatch(/#### :scroll: Policy[\s\S]*\*\*warning\*\* `WECOM-BASE-001` `proj\/bad`/);
    expect(top).toMatch(/suppressed `WECOM-BASE-001` `proj\/big`: All-hands chat, named by HR/);
    const json = JSON.parse((await runCli(['plan', '--json', '--no-synth'], { cwd: dir, env })).stdout);
    expect(json.cdktf_wecom.policy).toMatchObject({ warnings: 1, suppressed: 1 });
    expect(json.cdktf_wecom.policy.findings.map((f: { path: string }) => f.path).sort()).toEqual(['proj/bad', 'proj/big']);
  } finally {
    await sim.close();
  }
});
