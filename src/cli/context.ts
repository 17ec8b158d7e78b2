// What every engine command shares: find the cdktf project, synthesize when needed, load the
// stack and its state under the lock, build the runtime from the environment, and turn
// errors into one clear line with exit code 1. Commands stay argument parsing plus rendering.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readStackConfig, StackConfig } from '../engine/config';
import { createRuntime, Runtime } from '../engine/runtime';
import { acquireLock, readState, recoverState, StateLock, TerraformState } from '../engine/state';
import { listStacks, pickStack, readProject, synth, CdktfProject } from '../engine/synth';

export interface StackFlags { stack?: string; dir?: string; synth?: boolean }

export interface LoadedStack {
  project: CdktfProject;
  stack: StackConfig;
  configText: string;
}

/** True when the app's sources changed since the last synth (or there was none). */
export function needsSynth(project: CdktfProject): boolean {
  const manifest = path.join(project.outdir, 'manifest.json');
  if (!fs.existsSync(manifest)) return true;
  const since = fs.statSync(manifest).mtimeMs;
  const skip = new Set(['node_modules', '.git', 'dist', 'coverage', path.basename(project.outdir)]);
  const walk = (dir: string, depth: number): boolean => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (skip.has(e.name) || e.name.startsWith('.')) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) { if (depth < 6 && walk(p, depth + 1)) return true; }
      else if (/\.(ts|js|json)$/.test(e.name) && !isRunArtifact(e.name) && fs.statSync(p).mtimeMs > since && !isSavedPlan(p)) return true;
    }
    return false;
  };
  return walk(project.dir, 0);
}

/** Files cdktf-wecom itself writes next to the app (quota ledger, state): never sources. */
function isRunArtifact(name: string): boolean {
  return name.includes('.tfstate') || name.endsWith('.quota.json');
}

/** A plan saved with --out (`{"planFormat": ...}`) is output, not a source of the app. */
function isSavedPlan(file: string): boolean {
  if (!file.endsWith('.json')) return false;
  const buf = Buffer.alloc(64);
  const fd = fs.openSync(file, 'r');
  try {
    const n = fs.readSync(fd, buf, 0, 64, 0);
    return /^\s*\{\s*"planFormat"/.test(buf.subarray(0, n).toString('utf8'));
  } finally {
    fs.closeSync(fd);
  }
}

export async function loadStack(flags: StackFlags, log: (s: string) => void = (s) => process.stderr.write(s + '\n')): Promise<LoadedStack> {
  const project = readProject(flags.dir ? path.resolve(flags.dir) : process.cwd());
  let stacks = listStacks(project.outdir);
  if (flags.synth !== false && needsSynth(project)) {
    log(`Synthesizing (${project.app}) ...`);
    stacks = await synth(project);
  }
  const chosen = pickStack(stacks, flags.stack);
  const configText = fs.readFileSync(chosen.file, 'utf8');
  return { project, stack: readStackConfig(chosen.file, project.dir), configText };
}

/** Runs `fn` holding the state lock; the lock is released whatever happens. */
export async function withLock<T>(stack: StackConfig, operation: string, fn: (state: TerraformState | undefined) => Promise<T>): Promise<T> {
  const lock: StateLock = acquireLock(stack.statePath, operation);
  try {
    if (recoverState(stack.statePath)) err(`Recovered operations a crashed run recorded in ${stack.statePath}.journal.`);
    return await fn(readState(stack.statePath));
  } finally {
    lock.release();
  }
}

export async function withRuntime<T>(stack: StackConfig, fn: (rt: Runtime) => Promise<T>): Promise<T> {
  const rt = createRuntime(stack);
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}

export function out(s: string): void {
  process.stdout.write(s.endsWith('\n') ? s : s + '\n');
}

export function err(s: string): void {
  process.stderr.write(s.endsWith('\n') ? s : s + '\n');
}

/** Wraps a command action: errors become `Error: <message>` on stderr and exit code 1. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<number | void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      const code = await fn(...args);
      if (typeof code === 'number') process.exitCode = code;
    } catch (e) {
      err(`Error: ${(e as Error).message ?? String(e)}`);
      if (process.env.CDKTF_WECOM_DEBUG && (e as Error).stack) err((e as Error).stack!);
      process.exitCode = 1;
    }
  };
}

export const useColor = (): boolean => !!process.stdout.isTTY && !process.env.NO_COLOR;
