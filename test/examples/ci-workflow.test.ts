// Runs the shell steps of examples/ci/wecom.yml locally against the simulator (GitHub itself is
// replaced by a fake `gh`), proving the commands and files the workflow uses exist and behave.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSimulator, DEFAULT_ORG, RunningSimulator } from '../../src/simulator';
import { BIN, makeProject, ROOT } from '../helpers/cli-project';
import { SLOW_SUITE_TIMEOUT_MS } from '../helpers/timeouts';

jest.setTimeout(SLOW_SUITE_TIMEOUT_MS);

const CI = path.join(ROOT, 'examples', 'ci');

function sh(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', [path.join(CI, 'scripts', script)], { cwd, env });
    let out = '';
    child.stdout.on('data', (b) => { out += b; });
    child.stderr.on('data', (b) => { out += b; });
    child.on('close', (code) => resolve({ code, out }));
  });
}

describe('examples/ci workflow', () => {
  test('every run step refers to a script that exists; secrets come from the secret store only', () => {
    const yml = fs.readFileSync(path.join(CI, 'wecom.yml'), 'utf8');
    const scripts = [...yml.matchAll(/run: bash (examples\/ci\/scripts\/[\w.-]+)/g)].map((m) => m[1]);
    expect(scripts.sort()).toEqual(['examples/ci/scripts/apply.sh', 'examples/ci/scripts/drift.sh', 'examples/ci/scripts/plan.sh', 'examples/ci/scripts/post-comment.sh']);
    for (const s of scripts) expect(fs.existsSync(path.join(ROOT, s))).toBe(true);
    for (const line of yml.split('\n').filter((l) => /SECRET|_KEY:/.test(l) && !l.trim().startsWith('#'))) {
      expect(line).toMatch(/\$\{\{ secrets\.[A-Z_]+ \}\}/);
    }
  });

  describe('against the simulator', () => {
    let sim: RunningSimulator;
    let env: NodeJS.ProcessEnv;
    let dir: string;
    let db: string;
    const gh = () => JSON.parse(fs.readFileSync(db, 'utf8'));
    beforeAll(async () => {
      sim = await startSimulator();
      dir = makeProject(`new lib.AppChat(stack, 'eng', { name: 'ci-工程', owner: 'zhangsan', members: { users: ['zhangsan', 'lisi', 'wangwu'] } });`);
      const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-gh-'));
      fs.copyFileSync(path.join(ROOT, 'test', 'helpers', 'fake-gh.js'), path.join(bin, 'gh'));
      fs.chmodSync(path.join(bin, 'gh'), 0o755);
      db = path.join(bin, 'db.json');
      env = {
        PATH: `${bin}${path.delimiter}${process.env.PATH}`, HOME: process.env.HOME, FAKE_GH_DB: db,
        GITHUB_REPOSITORY: 'acme/groups', PR_NUMBER: '7', GITHUB_OUTPUT: path.join(bin, 'output'),
        CDKTF_WECOM: `node ${BIN}`, WECOM_CORP_SECRET: DEFAULT_ORG.agents.main.secret, WECOM_API_BASE: sim.url,
      };
    });
    afterAll(() => sim.close());

    test('pull request: plan, then one comment posted and later updated in place', async () => {
      const plan = await sh('plan.sh', dir, env);
      expect(plan.code).toBe(0);
      expect(fs.readFileSync(path.join(path.dirname(db), 'output'), 'utf8')).toContain('changes=true');
      expect((await sh('post-comment.sh', dir, env)).out).toContain('Posted a plan comment');
      expect((await sh('plan.sh', dir, env)).code).toBe(0);
      expect((await sh('post-comment.sh', dir, env)).out).toMatch(/Updated plan comment \d+/);
      const comments = gh().comments;
      expect(comments).toHaveLength(1);
      expect(comments[0].body).toContain('Plan: 1 to add, 0 to change, 0 to destroy.');
    });

    test('merge: apply the saved plan; schedule: drift opens one issue and updates it', async () => {
      const apply = await sh('apply.sh', dir, env);
      expect(apply.out).toContain('1 done, 0 failed');
      expect(apply.code).toBe(0);
      expect((await sh('drift.sh', dir, env)).out).toContain('No drift.');
      const chat = sim.sim.inspect.chats().find((c) => c.name === 'ci-工程')!;
      sim.sim.oob.appChat({ chatid: chat.chatid, del_user_list: ['lisi'] });
      expect((await sh('drift.sh', dir, env)).out).toContain('Opened a drift issue');
      expect((await sh('drift.sh', dir, env)).out).toMatch(/Updated drift issue #\d+/);
      const issues = gh().issues;
      expect(issues).toHaveLength(1);
      expect(issues[0].body).toContain('lisi');
      expect(JSON.stringify(gh())).not.toContain(DEFAULT_ORG.agents.main.secret);
    });
  });
});
