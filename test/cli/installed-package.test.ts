// What a new user does, with the package as npm installs it: `cdktf-wecom init`, `npm install`
// of the packed checkout (`npm pack`, plus the registry for the pinned cdktf, constructs,
// TypeScript, ts-node), then tsc, synth and plan against the simulator; init never overwrites;
// `demo` from the installed package in an empty folder. The pack and install happen once
// (beforeAll): they take most of this file's time. pretest builds dist/ before jest runs.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_ORG, RunningSimulator, startSimulator } from '../../src/simulator';
import { BIN, ROOT, runCli } from '../helpers/cli-project';
import { SLOW_SUITE_TIMEOUT_MS } from '../helpers/timeouts';

jest.setTimeout(SLOW_SUITE_TIMEOUT_MS);

interface Run { code: number | null; out: string }

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b) => { out += b; });
    child.stderr.on('data', (b) => { out += b; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

/** Every file under `dir` (node_modules aside) with its content, to prove nothing changed. */
function snapshot(dir: string, rel = ''): Record<string, string> {
  const files: Record<string, string> = {};
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const p = path.join(rel, e.name);
    if (e.name === 'node_modules') continue;
    if (e.isDirectory()) Object.assign(files, snapshot(dir, p));
    else files[p] = fs.readFileSync(path.join(dir, p), 'utf8');
  }
  return files;
}

const ownPackage = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  version: string; dependencies: Record<string, string>; devDependencies: Record<string, string>;
};
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wecom-installed-'));
const repo = path.join(tmp, 'repo');
const installedBin = path.join(repo, 'node_modules', 'cdktf-wecom', 'bin', 'cdktf-wecom');
let sim: RunningSimulator;
let initOutput: Run;
let writtenPackageJson: Record<string, Record<string, string>>;

beforeAll(async () => {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'src', 'cli', 'process.js'))) throw new Error('dist/ is missing: run `npm run build` (npm test does it in pretest)');
  const pack = await run('npm', ['pack', '--ignore-scripts', '--pack-destination', tmp], ROOT);
  if (pack.code !== 0) throw new Error(`npm pack failed:\n${pack.out}`);
  const tarball = path.join(tmp, `cdktf-wecom-${ownPackage.version}.tgz`);
  const init = await runCli(['init', repo], { cwd: tmp, env: { PATH: process.env.PATH, HOME: process.env.HOME } });
  initOutput = { code: init.code, out: init.stdout + init.stderr };
  if (init.code !== 0) throw new Error(`init failed:\n${initOutput.out}`);
  writtenPackageJson = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
  const install = await run('npm', ['install', '--no-audit', '--no-fund', tarball], repo);
  if (install.code !== 0) {
    throw new Error(`npm install of the packed checkout into the initialized repository failed; it needs the npm registry for cdktf, constructs, typescript and ts-node (CI has access):\n${install.out}`);
  }
  sim = await startSimulator();
});

afterAll(async () => {
  await sim?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const simEnv = () => ({ WECOM_API_BASE: sim.url, WECOM_CORP_SECRET: DEFAULT_ORG.agents.main.secret });

describe('cdktf-wecom init DIR (project-groups)', () => {
  test('writes the repository with exact pins from this package, and says what next', () => {
    expect(initOutput.out).toContain('npm install');
    for (const f of ['package.json', 'cdktf.json', 'main.ts', 'org.ts', 'project-groups.ts', 'security.ts', 'projects.json', 'tsconfig.json', '.gitignore', 'README.md',
      '.github/workflows/wecom.yml', 'ci/scripts/plan.sh', 'ci/scripts/apply.sh', 'ci/scripts/drift.sh', 'ci/scripts/post-comment.sh']) {
      expect(fs.existsSync(path.join(repo, f))).toBe(true);
    }
    expect(writtenPackageJson.dependencies).toEqual({ 'cdktf-wecom': ownPackage.version, cdktf: ownPackage.dependencies.cdktf, constructs: ownPackage.dependencies.constructs });
    expect(writtenPackageJson.devDependencies).toEqual({
      typescript: '5.9.3', 'ts-node': ownPackage.devDependencies['ts-node'], '@types/node': ownPackage.devDependencies['@types/node'],
    });
    const cdktf = JSON.parse(fs.readFileSync(path.join(repo, 'cdktf.json'), 'utf8')) as Record<string, string>;
    expect(cdktf.app).toBe('npx ts-node --transpile-only main.ts');
    expect(cdktf.output).toBe('cdktf.out');
    expect(cdktf.projectId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const ignore = fs.readFileSync(path.join(repo, '.gitignore'), 'utf8').split('\n');
    for (const p of ['cdktf.out/', 'node_modules/', 'terraform.*.tfstate*', '*.ledger.json', '.cdktf-wecom/']) expect(ignore).toContain(p);
    expect(fs.statSync(path.join(repo, 'ci/scripts/plan.sh')).mode & 0o111).not.toBe(0);
    expect(fs.readFileSync(path.join(repo, '.github/workflows/wecom.yml'), 'utf8')).toContain('bash ci/scripts/plan.sh');
  });

  test('after npm install of the packed checkout: tsc, synth and plan against the simulator', async () => {
    const tsc = await run('npx', ['tsc', '-p', 'tsconfig.json'], repo);
    expect(tsc.out).toBe('');
    expect(tsc.code).toBe(0);
    const synth = await run('npx', ['cdktf-wecom', 'synth'], repo);
    expect(synth.code).toBe(0);
    // A fresh repository passes its own policy: no findings but the reviewed @all suppression.
    expect(synth.out).not.toMatch(/WECOM-BASE-00[1-5]/);
    for (const s of ['payments', 'search', 'security']) expect(fs.existsSync(path.join(repo, 'cdktf.out', 'stacks', s, 'cdk.tf.json'))).toBe(true);
    const plan = await run('npx', ['cdktf-wecom', 'plan'], repo, simEnv());
    expect(plan.out).not.toMatch(/^Error/m);
    expect(plan.code).toBe(0);
    for (const chat of ['payments-研发', 'payments-告警', 'search-研发', 'search-告警', '安全-通报']) expect(plan.out).toMatch(new RegExp(`\\+ name += "${chat}"`));
    expect(plan.out).toContain('Total over 3 stacks (3 with changes): 17 to add, 0 to change, 0 to destroy.');
  });

  test('refuses to overwrite: lists the existing files, exits 1, changes nothing', async () => {
    const before = snapshot(repo);
    const r = await runCli(['init', repo, '--template', 'minimal'], { cwd: tmp, env: { PATH: process.env.PATH, HOME: process.env.HOME } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Error: init writes no file over an existing one');
    for (const f of ['package.json', 'cdktf.json', 'main.ts', 'tsconfig.json', '.gitignore', 'README.md']) expect(r.stderr).toContain(`  ${f}\n`);
    expect(r.stderr).toContain('Nothing was written.');
    expect(snapshot(repo)).toEqual(before);
  });
});

describe('cdktf-wecom init DIR --template minimal', () => {
  test('one stack with one chat; synth and plan work with the same pins', async () => {
    const dir = path.join(tmp, 'minimal');
    const r = await runCli(['init', dir, '--template', 'minimal'], { cwd: tmp, env: { PATH: process.env.PATH, HOME: process.env.HOME } });
    expect(r.code).toBe(0);
    expect(fs.readdirSync(dir).sort()).toEqual(['.gitignore', 'README.md', 'cdktf.json', 'main.ts', 'package.json', 'tsconfig.json']);
    const pj = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect({ dependencies: pj.dependencies, devDependencies: pj.devDependencies }).toEqual({ dependencies: writtenPackageJson.dependencies, devDependencies: writtenPackageJson.devDependencies });
    const projectId = (file: string) => (JSON.parse(fs.readFileSync(file, 'utf8')) as { projectId: string }).projectId;
    expect(projectId(path.join(dir, 'cdktf.json'))).not.toBe(projectId(path.join(repo, 'cdktf.json')));
    fs.symlinkSync(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'), 'dir'); // the same pins, installed once
    const tsc = await run('npx', ['tsc', '-p', 'tsconfig.json'], dir);
    expect(tsc.code).toBe(0);
    const plan = await run('npx', ['cdktf-wecom', 'plan'], dir, simEnv());
    expect(plan.code).toBe(0);
    expect(plan.out).toMatch(/\+ name += "team-日常"/);
    expect(plan.out).toContain('Plan: 1 to add, 0 to change, 0 to destroy.');
  });
});

describe('cdktf-wecom demo (installed package, empty directory)', () => {
  test('runs the whole workflow and leaves only the folder it lists', async () => {
    const empty = fs.mkdtempSync(path.join(tmp, 'empty-'));
    expect(BIN).not.toBe(installedBin);
    const r = await run(process.execPath, [installedBin, 'demo'], empty);
    expect(r.out).not.toMatch(/^Error/m);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Apply complete: \d+ done, 0 failed, 0 not started\./);
    expect(r.out).toContain('Drift: 1 object changed outside cdktf-wecom.');
    expect(fs.readdirSync(empty)).toEqual(['cdktf-wecom-demo']);
    const listed = r.out.slice(r.out.indexOf('Artifacts:'), r.out.indexOf('Try next:')).split('\n').slice(1).filter(Boolean);
    expect(listed).toHaveLength(6);
    expect(listed[5]).toMatch(/^ {2}demo project +cdktf-wecom-demo\/ /);
    for (const line of listed.slice(0, 5)) {
      const file = /(cdktf-wecom-demo\/\S+)/.exec(line)?.[1];
      expect(file).toBeDefined();
      expect(fs.existsSync(path.join(empty, file!))).toBe(true);
    }
    expect(fs.existsSync(path.join(empty, 'cdktf-wecom-demo', 'cdktf.out', 'stacks', 'demo-shop', 'plan.md'))).toBe(true);
  });
});
