// State in PostgreSQL, exactly as Terraform keeps it: a stack with cdktf's PgBackend applied by
// cdktf-wecom lands in terraform_remote_state.states (row "default"), the next plan says no
// changes, a second run is refused while the first holds the advisory lock, the corp ledger
// lives in the same schema, and Terraform (with terraform-provider-wecom) plans no changes on the
// state cdktf-wecom wrote — and the reverse.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { DEFAULT_ORG, RunningSimulator, startSimulator } from '../../src/simulator';
import { ROOT, runCli } from '../helpers/cli-project';
import { startPostgres, TestPostgres } from '../helpers/postgres';
import { SLOW_SUITE_TIMEOUT_MS } from '../helpers/timeouts';
import { terraform, terraformEnv, terraformPath } from '../provider/terraform-helpers';

jest.setTimeout(SLOW_SUITE_TIMEOUT_MS);

function makeApp(dir: string, chats: string[]): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: 'node app.js', output: 'cdktf.out', projectId: 'pg-test' }));
  fs.writeFileSync(path.join(dir, 'app.js'), `
const { App, TerraformStack, PgBackend } = require(${JSON.stringify(path.join(ROOT, 'node_modules', 'cdktf'))});
const lib = require(${JSON.stringify(path.join(ROOT, 'dist', 'src', 'index.js'))});
const app = new App();
const stack = new TerraformStack(app, 'team');
new PgBackend(stack, {}); // conn_str from PG_CONN_STR, as Terraform reads it
new lib.WecomProvider(stack, 'wecom', { corpId: 'wwsimcorp0001' });
for (const c of ${JSON.stringify(chats)}) new lib.AppChat(stack, c, { name: 'pg-' + c, owner: 'zhangsan', members: { users: ['zhangsan', 'lisi'] } });
if (process.env.SIDE !== 'off') {
  const side = new TerraformStack(app, 'side');
  new PgBackend(side, { schemaName: 'wecom_side' });
  new lib.WecomProvider(side, 'wecom', { corpId: 'wwsimcorp0001' });
  new lib.AppChat(side, 'x', { name: 'pg-side', owner: 'zhangsan', members: { users: ['zhangsan', 'wangwu'] }, onDestroy: 'archive' });
}
app.synth();
`);
}

describe('state in PostgreSQL (pg backend)', () => {
  let pg: TestPostgres;
  let sim: RunningSimulator;
  let env: NodeJS.ProcessEnv;
  let dir: string;
  const rows = async () => {
    const c = new Client({ connectionString: pg.connStr });
    await c.connect();
    try {
      return (await c.query<{ name: string; data: string }>('SELECT name, data FROM terraform_remote_state.states ORDER BY name')).rows;
    } finally {
      await c.end();
    }
  };

  beforeAll(async () => {
    pg = await startPostgres();
    sim = await startSimulator();
    env = { PATH: process.env.PATH, HOME: process.env.HOME, WECOM_CORP_SECRET: DEFAULT_ORG.agents.main.secret, WECOM_API_BASE: sim.url, PG_CONN_STR: pg.connStr };
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wecom-pg-'));
    makeApp(dir, ['eng', 'ops']);
  });
  afterAll(async () => {
    await sim?.close();
    await pg?.stop();
  });

  test('apply writes the state row Terraform would; plan again says no changes; the ledger is in the schema', async () => {
    const r = await runCli(['apply', '--auto-approve'], { cwd: dir, env });
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.code).toBe(0);
    const [row] = await rows();
    expect(row.name).toBe('default');
    expect(sim.sim.inspect.chats().some((c) => c.name === 'pg-side')).toBe(true);
    const state = JSON.parse(row.data);
    expect(state.version).toBe(4);
    expect(state.resources.filter((x: { type: string }) => x.type === 'wecom_app_chat')).toHaveLength(2);
    expect(fs.existsSync(path.join(dir, 'terraform.team.tfstate'))).toBe(false); // nothing local pretends to be the state
    expect((await runCli(['plan', '--detailed-exitcode'], { cwd: dir, env })).code).toBe(0);
    const c = new Client({ connectionString: pg.connStr });
    await c.connect();
    const ledger = (await c.query<{ data: { stacks: Record<string, unknown>; runs: Record<string, { chatCreatesPerDay?: number[] }> } }>(
      "SELECT data FROM terraform_remote_state.cdktf_wecom_ledger WHERE corp_id = 'wwsimcorp0001' AND key = 'ledger'")).rows[0].data;
    await c.end();
    // One ledger for every stack of the database (the stacks' schemas differ).
    expect(Object.keys(ledger.stacks).sort()).toEqual(['pg-test/side', 'pg-test/team']);
    expect(Object.values(ledger.runs).flatMap((x) => x.chatCreatesPerDay ?? [])).toHaveLength(3);
  });

  test('a second run is refused while the first holds the advisory lock, naming the lock', async () => {
    sim.sim.faults.set({ latencyMs: 1500, paths: ['appchat/get'] });
    try {
      const first = runCli(['plan'], { cwd: dir, env });
      // Wait until the first run holds its advisory lock (PostgreSQL shows it in pg_locks).
      const c = new Client({ connectionString: pg.connStr });
      await c.connect();
      try {
        for (let i = 0; i < 400; i++) {
          const n = (await c.query<{ n: string }>("SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND granted")).rows[0].n;
          if (Number(n) > 0) break;
          await new Promise((res) => setTimeout(res, 25));
        }
      } finally {
        await c.end();
      }
      const second = await runCli(['plan'], { cwd: dir, env });
      const firstDone = await first;
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(/workspace "default" in PostgreSQL schema "(terraform_remote_state|wecom_side)" .*is held by "cdktf-wecom plan/);
      expect(firstDone.code).toBe(0);
    } finally {
      sim.sim.faults.set(null);
    }
  });

  test('a pg stack removed from the code is listed as orphaned and destroyed from its state in PostgreSQL', async () => {
    fs.appendFileSync(path.join(dir, 'app.js'), '// side removed\n');
    const off = { ...env, SIDE: 'off' };
    const plan = await runCli(['plan'], { cwd: dir, env: off });
    expect(plan.stderr).not.toMatch(/Error/);
    expect(plan.stdout).toMatch(/side .*PostgreSQL schema "wecom_side".*1 object/);
    expect(plan.stdout).toMatch(/archive: renamed/);
    const d = await runCli(['destroy', '--stack', 'side', '--auto-approve'], { cwd: dir, env: off });
    expect(d.stderr).not.toMatch(/Error/);
    expect(d.code).toBe(0);
    expect(sim.sim.inspect.chats().find((c) => c.name.endsWith('pg-side'))!.name).toMatch(/^\[archived\] /);
    const c = new Client({ connectionString: pg.connStr });
    await c.connect();
    const left = JSON.parse((await c.query<{ data: string }>("SELECT data FROM wecom_side.states WHERE name = 'default'")).rows[0].data);
    await c.end();
    expect(left.resources.filter((r: { mode: string }) => r.mode === 'managed')).toEqual([]);
    expect((await runCli(['plan'], { cwd: dir, env: off })).stdout).not.toMatch(/no longer in the code/);
  });

  test('Terraform (pg backend + terraform-provider-wecom) plans no changes on our state, and we on its', async () => {
    if (!terraformPath()) {
      console.warn('skipped: no terraform on PATH (this test runs Terraform against the same PostgreSQL state)');
      return;
    }
    const stackDir = path.join(dir, 'cdktf.out', 'stacks', 'team');
    const tfEnv = { ...terraformEnv(sim.url, DEFAULT_ORG.agents.main.secret), PG_CONN_STR: pg.connStr };
    expect((await terraform(['init', '-input=false'], { cwd: stackDir, env: tfEnv })).stdout).toMatch(/successfully initialized/);
    const plan = await terraform(['plan', '-detailed-exitcode', '-input=false'], { cwd: stackDir, env: tfEnv });
    expect(plan.stdout).toMatch(/No changes/);
    expect(plan.code).toBe(0);
    // Terraform applies a change (a third chat) into the same row; cdktf-wecom then has nothing to do.
    makeApp(dir, ['eng', 'ops', 'qa']);
    const off = { ...env, SIDE: 'off' }; // the side stack was destroyed above
    expect((await runCli(['synth'], { cwd: dir, env: off })).code).toBe(0);
    const apply = await terraform(['apply', '-auto-approve', '-input=false'], { cwd: stackDir, env: tfEnv, timeoutMs: 120_000 });
    expect(apply.code).toBe(0);
    expect(sim.sim.inspect.chats().filter((x) => x.name.startsWith('pg-'))).toHaveLength(3);
    const ours = await runCli(['plan', '--detailed-exitcode'], { cwd: dir, env: off });
    expect(ours.stderr).not.toMatch(/Error/);
    expect(ours.code).toBe(0);
  });
});
