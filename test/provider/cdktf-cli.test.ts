// Acceptance: the real cdktf-cli (`cdktf diff` / `deploy` / `destroy`) runs a stack of our
// constructs through Terraform and terraform-provider-wecom installed from the filesystem mirror
// that `cdktf-wecom terraform setup --mirror` writes, against the simulator on 127.0.0.1.
// cdktf-cli is not a dependency (it is ~420 MB): the test looks for it and skips, saying how to
// install it, when it is absent.
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeMirror } from '../../src/provider/install';
import { packageVersion } from '../../src/package-root';
import { DEFAULT_ORG, RunningSimulator, startSimulator } from '../../src/simulator';
import { makeProject, ROOT, runCli } from '../helpers/cli-project';
import { SLOW_SUITE_TIMEOUT_MS } from '../helpers/timeouts';
import { stateResources, terraformPath } from './terraform-helpers';

const CDKTF_CLI_VERSION = '0.21.0';
/** Where .ci/install-cdktf-cli installs it (keep the two in step). */
const CI_CACHE_BIN = path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'cdktf-wecom-ci', `cdktf-cli-${CDKTF_CLI_VERSION}`, 'node_modules', '.bin', 'cdktf');
const INSTALL_HINT = `set CDKTF_CLI to a cdktf binary, put \`cdktf\` on PATH, or run \`bash .ci/install-cdktf-cli\` (installs cdktf-cli@${CDKTF_CLI_VERSION} into ${path.dirname(path.dirname(path.dirname(CI_CACHE_BIN)))})`;

/** CDKTF_CLI, then `cdktf` on PATH, then the CI cache; undefined when none runs. */
function findCdktf(): { bin?: string; why: string } {
  const onPath = (() => {
    try { return execFileSync('sh', ['-c', 'command -v cdktf'], { encoding: 'utf8' }).trim() || undefined; } catch { return undefined; }
  })();
  const candidates = [process.env.CDKTF_CLI, onPath, fs.existsSync(CI_CACHE_BIN) ? CI_CACHE_BIN : undefined].filter((c): c is string => !!c);
  for (const bin of candidates) {
    try {
      // --version also complains about a missing TF_CLI_CONFIG_FILE on stderr: give it none.
      const version = execFileSync(bin, ['--version'], { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: os.tmpdir(), CHECKPOINT_DISABLE: '1' }, stdio: ['ignore', 'pipe', 'ignore'], timeout: 60_000 }).trim();
      if (/^\d+\.\d+\.\d+/.test(version)) return { bin, why: `cdktf-cli ${version} at ${bin}` };
    } catch { /* not runnable: try the next */ }
  }
  return { why: candidates.length ? `\`cdktf --version\` failed for ${candidates.join(', ')}` : 'cdktf-cli was not found' };
}

const found = findCdktf();
const missing = !found.bin ? `${found.why}; ${INSTALL_HINT}`
  : !terraformPath() ? '`terraform` is not on PATH'
    : !fs.existsSync(path.join(ROOT, 'dist', 'src', 'provider', 'main.js')) ? 'the provider is not built (run `npm run build`)' : undefined;
const describeWithCdktf = missing ? describe.skip : describe;
if (missing) console.warn(`Skipping the cdktf-cli acceptance test: ${missing}.`);

const SECRET = DEFAULT_ORG.agents.main.secret;
const APP = `
const wangwu = lib.User.fromId(stack, 'wangwu', 'wangwu');
new lib.AppChat(stack, 'eng', { name: 'cdktf-工程群', owner: 'zhangsan', members: { users: ['zhangsan', 'lisi', 'wangwu'] } });
new lib.AppChat(stack, 'ops', { name: 'cdktf-值班群', owner: 'lisi', members: { users: ['lisi', wangwu, 'zhaoliu'] } });
`;

interface Result { code: number | null; out: string }

/** Runs cdktf in its own process group, so a hung run (with its Terraform and providers) is killed whole. */
function cdktf(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(found.bin!, [...args, '--no-color'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    const timer = setTimeout(() => { try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ } }, SLOW_SUITE_TIMEOUT_MS - 10_000);
    child.stdout.on('data', (b) => { out += b; });
    child.stderr.on('data', (b) => { out += b; });
    child.on('error', reject);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, out }); });
  });
}

const ok = (r: Result): string => {
  if (r.code !== 0) throw new Error(`exit ${r.code}\n${r.out}`);
  return r.out;
};

describeWithCdktf(`cdktf-cli ${CDKTF_CLI_VERSION} with terraform-provider-wecom from the filesystem mirror`, () => {
  jest.setTimeout(SLOW_SUITE_TIMEOUT_MS);
  let sim: RunningSimulator;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    sim = await startSimulator();
    dir = makeProject(APP);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wecom-cdktf-cli-'));
    const setup = writeMirror(path.join(tmp, 'terraform'));
    env = {
      PATH: process.env.PATH,
      HOME: tmp, // nothing of cdktf's or Terraform's lands in the real home
      ...setup.env,
      CDKTF_HOME: path.join(tmp, 'cdktf-home'),
      CDKTF_DISABLE_PLUGIN_CACHE_ENV: '1', // no shared ~/.terraform.d/plugin-cache
      CI: '1', // plain log lines, no prompts
      WECOM_API_BASE: sim.url,
      WECOM_CORP_SECRET: SECRET,
    };
  });
  afterAll(async () => { await sim?.close(); });

  test('diff, deploy, diff with no changes, destroy', async () => {
    const stackDir = path.join(dir, 'cdktf.out', 'stacks', 'proj');
    const doc = () => JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'));
    const statePath = path.join(dir, 'terraform.proj.tfstate'); // cdktf's default local backend

    // First run: no lock file, so cdktf-cli runs `terraform init` and `terraform providers lock`
    // (which reaches the mirror only through TF_CLI_ARGS_providers_lock from the setup).
    const diff = ok(await cdktf(['diff'], dir, env));
    expect(doc().terraform.required_providers.wecom).toEqual({ source: 'cdktf-wecom/wecom', version: '~> 0.1' });
    const version = packageVersion();
    expect(diff).toContain(`Installed cdktf-wecom/wecom v${version}`);
    expect(diff).toContain('Plan: 2 to add, 0 to change, 0 to destroy.');
    expect(diff).not.toMatch(/Error/);
    expect(fs.readFileSync(path.join(stackDir, '.terraform.lock.hcl'), 'utf8')).toMatch(new RegExp(`provider "registry\\.terraform\\.io/cdktf-wecom/wecom" \\{\\s+version\\s+= "${version.replace(/\./g, '\\.')}"`));
    const chatIds = Object.fromEntries(Object.values(doc().resource.wecom_app_chat as Record<string, { name: string; chat_id: string }>).map((c) => [c.name, c.chat_id]));
    expect(Object.keys(chatIds).sort()).toEqual(['cdktf-值班群', 'cdktf-工程群']);
    for (const id of Object.values(chatIds)) expect(sim.sim.inspect.chat(id)).toBeUndefined();

    const deploy = ok(await cdktf(['deploy', '--auto-approve'], dir, env));
    expect(deploy).toContain('Apply complete! Resources: 2 added, 0 changed, 0 destroyed.');
    const live = (name: string) => {
      const c = sim.sim.inspect.chat(chatIds[name])!;
      return { name: c.name, owner: c.owner, members: [...c.userlist].sort() };
    };
    expect(live('cdktf-工程群')).toEqual({ name: 'cdktf-工程群', owner: 'zhangsan', members: ['lisi', 'wangwu', 'zhangsan'] });
    expect(live('cdktf-值班群')).toEqual({ name: 'cdktf-值班群', owner: 'lisi', members: ['lisi', 'wangwu', 'zhaoliu'] });
    const declared = [...Object.keys(doc().resource.wecom_app_chat).map((k) => `managed wecom_app_chat.${k}`), ...Object.keys(doc().data.wecom_user).map((k) => `data wecom_user.${k}`)];
    expect(Object.keys(stateResources(statePath)).sort()).toEqual(declared.sort());

    const again = ok(await cdktf(['diff'], dir, env));
    expect(again).toContain('No changes. Your infrastructure matches the configuration.');
    // The native engine reads the state Terraform wrote and agrees.
    const ours = await runCli(['plan', '--detailed-exitcode'], { cwd: dir, env: { PATH: process.env.PATH, HOME: env.HOME, WECOM_CORP_SECRET: SECRET, WECOM_API_BASE: sim.url } });
    expect({ code: ours.code, stdout: ours.stdout }).toEqual({ code: 0, stdout: expect.stringContaining('No changes.') });

    // destroy: app chats are retained (WeCom cannot delete them) and leave the state.
    const destroy = ok(await cdktf(['destroy', '--auto-approve'], dir, env));
    expect(destroy).toContain('Destroy complete! Resources: 2 destroyed.');
    expect(stateResources(statePath)).toEqual({});
    expect(live('cdktf-工程群').members).toEqual(['lisi', 'wangwu', 'zhangsan']);
  });
});
