// `synth`: runs the cdktf app named in cdktf.json (as the cdktf CLI would) and reports the
// stacks it wrote. cdktf's App honours CDKTF_OUTDIR, so the output directory is ours to choose.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface CdktfProject {
  /** Directory holding cdktf.json. */
  dir: string;
  /** Shell command that runs the app. */
  app: string;
  /** Output directory, absolute. */
  outdir: string;
  /** cdktf.json's projectId (or the folder): stacks registered in the corp ledger belong to it. */
  id: string;
}

export interface SynthesizedStack {
  name: string;
  /** Absolute path of cdk.tf.json. */
  file: string;
  /** Stacks this one references (cross-stack references), from cdktf's manifest. */
  dependencies: string[];
}

export class ProjectError extends Error {
  readonly code = 'WECOM_PROJECT';
  constructor(message: string) {
    super(message);
    this.name = 'ProjectError';
  }
}

export function readProject(dir = process.cwd()): CdktfProject {
  const file = path.join(dir, 'cdktf.json');
  let doc: { app?: string; output?: string; projectId?: string };
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : (err as Error).message;
    throw new ProjectError(`${file}: ${why}. Run cdktf-wecom in a cdktf project directory (one with cdktf.json).`);
  }
  if (!doc.app || typeof doc.app !== 'string') throw new ProjectError(`${file}: "app" (the command that runs your cdktf app) is missing`);
  return { dir, app: doc.app, outdir: path.resolve(dir, doc.output ?? 'cdktf.out'), id: typeof doc.projectId === 'string' && doc.projectId ? doc.projectId : path.resolve(dir) };
}

export function listStacks(outdir: string): SynthesizedStack[] {
  const manifest = path.join(outdir, 'manifest.json');
  if (!fs.existsSync(manifest)) return [];
  const doc = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { stacks?: Record<string, { synthesizedStackPath: string; dependencies?: string[] }> };
  return Object.entries(doc.stacks ?? {}).map(([name, s]) => ({ name, file: path.resolve(outdir, s.synthesizedStackPath), dependencies: [...(s.dependencies ?? [])] }));
}

/** Runs the app; its output goes to our stderr so stdout stays clean for `--json`. */
export async function synth(project: CdktfProject, env: NodeJS.ProcessEnv = process.env): Promise<SynthesizedStack[]> {
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(project.app, {
      cwd: project.dir,
      shell: true,
      env: { ...env, CDKTF_OUTDIR: project.outdir },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout?.pipe(process.stderr);
    child.on('error', reject);
    child.on('exit', (c, signal) => resolve(c ?? (signal ? 128 : 1)));
  });
  if (code !== 0) throw new ProjectError(`synth failed: \`${project.app}\` exited with code ${code} (its errors are printed above)`);
  const stacks = listStacks(project.outdir);
  if (!stacks.length) throw new ProjectError(`synth wrote no stacks to ${project.outdir}`);
  fs.writeFileSync(synthEnvFile(project.outdir), JSON.stringify(synthEnv(env)));
  return stacks;
}

// Apps read settings from the environment at synth time (WECOM_API_BASE, WECOM_PROJECTS, ...), so
// a changed variable makes the synthesized stacks stale as surely as a changed source file. What
// is kept: a hash per WECOM_*/CDKTF_* variable, never a value, and none of a secret's.
const SYNTH_ENV = /^(WECOM|CDKTF)_/;
const SECRET_NAME = /SECRET|KEY|TOKEN|PASSWORD|CONN_STR/;

export const synthEnvFile = (outdir: string): string => path.join(outdir, 'cdktf-wecom.synth-env.json');

/** Hashes of the settings a synth ran with (see SYNTH_ENV). */
export function synthEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (SYNTH_ENV.test(k) && !SECRET_NAME.test(k) && k !== 'CDKTF_OUTDIR' && v !== undefined) out[k] = createHash('sha256').update(v).digest('hex').slice(0, 16);
  }
  return out;
}

/** Variables set, unset or changed since the last synth (none when it recorded nothing). */
export function changedSynthEnv(outdir: string, env: NodeJS.ProcessEnv): string[] {
  let before: Record<string, string>;
  try { before = JSON.parse(fs.readFileSync(synthEnvFile(outdir), 'utf8')) as Record<string, string>; } catch { return []; }
  const now = synthEnv(env);
  return [...new Set([...Object.keys(before), ...Object.keys(now)])].filter((k) => before[k] !== now[k]).sort();
}
