// `cdktf-wecom init [DIR] [--template project-groups|minimal]`: writes a ready repository from
// the templates shipped in the package (templates/common + templates/<name>), plus package.json
// and cdktf.json made here: exact pins taken from our own package.json, so the repository gets
// the versions this release was built and tested with (TypeScript 7 breaks ts-node), and a
// fresh cdktf projectId. It never overwrites: when any file exists, it lists them and writes none.
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Option, type Command } from 'commander';
import { packageRoot } from '../../package-root';
import { action, err, out } from '../context';

export const TEMPLATES = ['project-groups', 'minimal'] as const;
export type TemplateName = typeof TEMPLATES[number];

/** A file to write: path relative to the target directory, its text and mode. */
interface PlannedFile { rel: string; text: string; mode: number }

/** npm drops `.gitignore` from tarballs and dot folders are easy to lose, so templates spell them `gitignore` and `dot-x`. */
function targetName(rel: string): string {
  return rel.split('/').map((seg) => (seg === 'gitignore' ? '.gitignore' : seg.replace(/^dot-/, '.'))).join('/');
}

function listTemplate(dir: string, prefix = ''): string[] {
  return fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((e) => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    return e.isDirectory() ? listTemplate(dir, rel) : [rel];
  });
}

function readOwnPackage(): { version: string; pins: Record<string, string> } {
  const pj = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as {
    version: string; dependencies: Record<string, string>; devDependencies?: Record<string, string>;
  };
  return { version: pj.version, pins: { ...pj.devDependencies, ...pj.dependencies } };
}

/** A valid npm package name from the folder name. */
function packageName(dir: string): string {
  const name = path.basename(path.resolve(dir)).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+|-+$/g, '');
  return name || 'wecom-infra';
}

function packageJson(dir: string): string {
  const { version, pins } = readOwnPackage();
  const pin = (name: string): string => {
    const v = pins[name];
    if (!v || !/^\d+\.\d+\.\d+$/.test(v)) throw new Error(`cdktf-wecom's package.json has no exact pin for ${name} (${v ?? 'missing'})`);
    return v;
  };
  return JSON.stringify({
    name: packageName(dir),
    version: '0.1.0',
    private: true,
    description: 'WeCom group chats as code (cdktf-wecom)',
    scripts: {
      synth: 'cdktf-wecom synth',
      plan: 'cdktf-wecom plan',
      apply: 'cdktf-wecom apply',
      typecheck: 'tsc -p tsconfig.json',
      simulator: 'cdktf-wecom simulator --port 8080',
    },
    engines: { node: '>=20' },
    dependencies: { 'cdktf-wecom': version, cdktf: pin('cdktf'), constructs: pin('constructs') },
    devDependencies: { '@types/node': pin('@types/node'), 'ts-node': pin('ts-node'), typescript: pin('typescript') },
  }, null, 2) + '\n';
}

function cdktfJson(): string {
  return JSON.stringify({
    language: 'typescript',
    app: 'npx ts-node --transpile-only main.ts',
    output: 'cdktf.out',
    projectId: randomUUID(),
    sendCrashReports: 'false',
    terraformProviders: [],
    terraformModules: [],
    context: {},
  }, null, 2) + '\n';
}

/** Every file init would write for `template` into `dir`. */
export function planInit(dir: string, template: TemplateName): PlannedFile[] {
  const root = path.join(packageRoot(), 'templates');
  const files: PlannedFile[] = [
    { rel: 'package.json', text: packageJson(dir), mode: 0o644 },
    { rel: 'cdktf.json', text: cdktfJson(), mode: 0o644 },
  ];
  for (const src of ['common', template]) {
    for (const rel of listTemplate(path.join(root, src))) {
      files.push({ rel: targetName(rel), text: fs.readFileSync(path.join(root, src, rel), 'utf8'), mode: rel.endsWith('.sh') ? 0o755 : 0o644 });
    }
  }
  return files.sort((a, b) => a.rel.localeCompare(b.rel));
}

async function runInit(dirArg: string | undefined, flags: { template: TemplateName }): Promise<number> {
  const dir = path.resolve(dirArg ?? '.');
  const files = planInit(dir, flags.template);
  const existing = files.filter((f) => fs.existsSync(path.join(dir, f.rel)));
  if (existing.length) {
    err([
      `Error: init writes no file over an existing one; ${existing.length} already exist${existing.length === 1 ? 's' : ''} in ${dir}:`,
      ...existing.map((f) => `  ${f.rel}`),
      'Nothing was written. Move them away, or run init into a new or empty directory: npx cdktf-wecom init DIR',
    ].join('\n'));
    return 1;
  }
  for (const f of files) {
    const target = path.join(dir, f.rel);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, f.text, { mode: f.mode, flag: 'wx' });
  }
  const cd = path.relative(process.cwd(), dir);
  out([
    `Wrote a cdktf-wecom repository (template ${flags.template}) in ${dir}:`,
    ...files.map((f) => `  ${f.rel}`),
    'Next:',
    ...(cd ? [`  cd ${cd}`] : []),
    '  npm install',
    '  npx cdktf-wecom simulator --port 8080     # in another terminal: a local WeCom to plan against',
    '  WECOM_API_BASE=http://127.0.0.1:8080/cgi-bin/ WECOM_CORP_SECRET=sim-secret-app-1-fake-7d1c0a9e3b5f4286 npx cdktf-wecom plan',
    `  README.md has the rest (apply${flags.template === 'project-groups' ? ', the CI setup' : ''}).`,
  ].join('\n'));
  return 0;
}

export function registerInit(program: Command): void {
  program.command('init')
    .description('Write a new cdktf-wecom repository (package.json with exact pins, cdktf.json, main.ts, .gitignore, README; CI for project-groups); never overwrites')
    .argument('[dir]', 'directory to write into (created when missing)', '.')
    .addOption(new Option('--template <name>', 'project-groups: one stack per project + security stack + CI; minimal: one stack, one chat').choices(TEMPLATES).default('project-groups'))
    .action(action(runInit));
}
