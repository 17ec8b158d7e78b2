// The per-command cache end to end: runtimes built as ConfigureProvider builds them, over real
// HTTP to the simulator (token revoked mid-command); then the real Terraform CLI, where the
// simulator's counters show one gettoken and one directory read per command.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { benchStack } from '../../bench/engine/scenario';
import { runtimeFromProviderConfig } from '../../src/engine/runtime';
import { CACHE_SWITCH_ENV, CommandCache } from '../../src/provider/command-cache';
import { sharedCaches } from '../../src/provider/shared-caches';
import { DEFAULT_ORG, RunningSimulator, startSimulator } from '../../src/simulator';
import { describeWithTerraform, terraform, terraformEnv } from './terraform-helpers';

const SECRET = DEFAULT_ORG.agents.main.secret;
const ROOT_DEPT = DEFAULT_ORG.departments.root;

const counts = (sim: RunningSimulator): Record<string, number> =>
  Object.fromEntries(Object.entries(sim.sim.inspect.calls().counts).map(([k, v]) => [k, v.calls]));

describe('runtimes sharing the command cache, against the simulator', () => {
  let sim: RunningSimulator;
  let tmp: string;
  beforeEach(async () => {
    sim = await startSimulator();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wecom-cmdcache-rt-'));
  });
  afterEach(async () => {
    await sim.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** One "provider process": a runtime whose caches are this test process's command cache. */
  function processRuntime(env: NodeJS.ProcessEnv = {}) {
    return runtimeFromProviderConfig({ corp_id: DEFAULT_ORG.corpId }, {
      env: { WECOM_CORP_SECRET: SECRET, WECOM_API_BASE: sim.url, ...env },
      shared: (c) => {
        const cache = CommandCache.open({ ...c, env, ppid: process.pid, dir: tmp });
        return 'disabled' in cache ? undefined : sharedCaches(cache);
      },
    });
  }

  test('the second process makes no call for what the first read; a revoked token is replaced once for all', async () => {
    const first = processRuntime();
    const everyone = await first.directory.usersInDepartmentTree(ROOT_DEPT);
    await first.directory.checkUsers(['zhangsan', 'lisi']);
    await first.close();
    const once = counts(sim);
    expect(once.gettoken).toBe(1);
    expect(once['department/list']).toBe(1);

    const second = processRuntime();
    expect((await second.directory.usersInDepartmentTree(ROOT_DEPT)).sort()).toEqual([...everyone].sort());
    await second.directory.checkUsers(['zhangsan', 'lisi']);
    await second.close();
    expect(counts(sim)).toEqual(once);

    // WeCom invalidates the token: the next process's first call fails, it fetches a new one
    // and stores it; the process after that uses the new one.
    expect(sim.sim.revokeTokens()).toBeGreaterThan(0);
    const third = processRuntime();
    await third.client.tags.list();
    await third.close();
    expect(counts(sim).gettoken).toBe(2);
    const fourth = processRuntime();
    await fourth.client.tags.list();
    await fourth.close();
    expect(counts(sim).gettoken).toBe(2);
    expect(counts(sim)['tag/list']).toBe(3); // 40014/42001 once, then twice answered
  });

  test(`${CACHE_SWITCH_ENV}=off: every runtime reads the directory itself, nothing is written`, async () => {
    for (let i = 0; i < 2; i++) {
      const rt = processRuntime({ [CACHE_SWITCH_ENV]: 'off' });
      await rt.directory.departments();
      await rt.close();
    }
    // (Tokens: one process shares its in-memory cache; the Terraform test below counts them per process.)
    expect(counts(sim)['department/list']).toBe(2);
    expect(fs.readdirSync(tmp)).toEqual([]);
  });
});

describeWithTerraform('the command cache under the Terraform CLI', () => {
  jest.setTimeout(240_000);
  let sim: RunningSimulator;
  let dir: string;
  beforeAll(async () => {
    sim = await startSimulator();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wecom-cmdcache-tf-'));
  });
  afterAll(async () => {
    await sim.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const stackDir = () => path.join(dir, 'stack');
  function writeStack(chats: number): void {
    const doc = benchStack({ chats, source: 'departments', secretEnv: 'WECOM_CORP_SECRET', statePath: path.join(dir, 'terraform.tfstate') });
    (doc.terraform as Record<string, unknown>).required_providers = { wecom: { source: 'cdktf-wecom/wecom' } };
    fs.mkdirSync(stackDir(), { recursive: true });
    fs.writeFileSync(path.join(stackDir(), 'cdk.tf.json'), JSON.stringify(doc, null, 2));
  }

  test('plan, then apply without a saved plan: one gettoken and one directory read per command, sealed and swept', async () => {
    const runtimeDir = path.join(dir, 'xdg');
    fs.mkdirSync(runtimeDir, { mode: 0o700 });
    const trace = path.join(dir, 'trace.log');
    const env = { ...terraformEnv(sim.url, SECRET), XDG_RUNTIME_DIR: runtimeDir, WECOM_PROVIDER_TRACE: trace };
    const cacheDir = path.join(runtimeDir, `cdktf-wecom-provider-${process.getuid!()}`);
    const tf = async (args: string[], extra: NodeJS.ProcessEnv = {}) => {
      sim.sim.calls.reset();
      fs.rmSync(trace, { force: true });
      const r = await terraform([...args, '-no-color', '-input=false'], { cwd: stackDir(), env: { ...env, ...extra } });
      if (r.code !== 0) throw new Error(`terraform ${args[0]}: exit ${r.code}\n${r.stdout}\n${r.stderr}`);
      for (const text of [r.stdout, r.stderr, fs.readFileSync(trace, 'utf8')]) expect(text).not.toContain(SECRET);
      return counts(sim);
    };
    writeStack(2);
    const init = await terraform(['init', '-input=false', '-no-color'], { cwd: stackDir(), env });
    expect(init.code).toBe(0);

    // Off: the plan process and the apply process each fetch a token and read the directory.
    const off = await tf(['apply', '-auto-approve'], { [CACHE_SWITCH_ENV]: 'off' });
    expect(off).toMatchObject({ 'gettoken': 2, 'department/list': 2, 'appchat/create': 2 });
    expect(fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir) : []).toEqual([]);

    writeStack(4);
    const plan = await tf(['plan']);
    expect(plan).toMatchObject({ 'gettoken': 1, 'department/list': 1 });
    const [planFile] = fs.readdirSync(cacheDir);
    expect(planFile).toMatch(/\.cache$/);
    expect(fs.statSync(cacheDir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(cacheDir, planFile)).mode & 0o777).toBe(0o600);
    const sealed = fs.readFileSync(path.join(cacheDir, planFile));
    for (const plain of [SECRET, 'zhangsan', 'department']) expect(sealed.includes(Buffer.from(plain))).toBe(false);

    // A new command fetches its own token; its apply process reuses what its plan process read.
    const apply = await tf(['apply', '-auto-approve']);
    expect(apply).toMatchObject({ 'gettoken': 1, 'department/list': 1, 'appchat/create': 2 });
    expect(apply['user/simplelist']).toBe(plan['user/simplelist']);
    const perProcess = fs.readFileSync(trace, 'utf8').split('\n').filter((l) => / api \{/.test(l)).map((l) => JSON.parse(l.slice(l.indexOf('{'))) as Record<string, number>);
    expect(perProcess.filter((c) => c['appchat/create'])).toEqual([expect.not.objectContaining({ 'gettoken': expect.anything(), 'department/list': expect.anything() })]);
    // The plan command has ended: its file went at the next start.
    expect(fs.readdirSync(cacheDir)).not.toContain(planFile);
  });
});
