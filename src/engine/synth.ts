// `synth`: runs the cdktf app named in cdktf.json (as the cdktf CLI would) and reports the
// stacks it wrote. cdktf's App honours CDKTF_OUTDIR, so the output directory is ours to choose.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface CdktfProject {
  /** Directory holding cdktf.json. */
  dir: string;
  /** Shell command that runs the app. */
  app: string;
  /** Output directory, absolute. */
  outdir: string;
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
  let doc: { app?: string; output?: string };
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : (err as Error).message;
    throw new ProjectError(`${file}: ${why}. Run cdktf-wecom in a cdktf project directory (one with cdktf.json).`);
  }
  if (!doc.app || typeof doc.app !== 'string') throw new ProjectError(`${file}: "app" (the command that runs your cdktf app) is missing`);
  return { dir, app: doc.app, outdir: path.resolve(dir, doc.output ?? 'cdktf.out') };
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
  return stacks;
}
