// What every engine command shares: find the cdktf project, synthesize when needed, load the
// stack and its state under the lock, build the runtime from the environment, and turn
// errors into one clear line with exit code 1. Commands stay argument parsing plus rendering.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readStackConfig, StackConfig } from '../engine/config';
import { openRuntime, Runtime } from '../engine/runtime';
import { acquireLock, readState, recoverState, StateLock, TerraformState } from '../engine/state';
import { PgStateMirror, pgStateKey } from '../engine/state/pg-mirror';
import { noSuchStack, selectStacks } from '../engine/stacks/select';
import { changedSynthEnv, listStacks, ProjectError, readProject, synth, CdktfProject, SynthesizedStack } from '../engine/synth';

export interface StackFlags { stack?: string[]; dir?: string; synth?: boolean }

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

/** Files cdktf-wecom itself writes next to the app (corp ledger, state): never sources. */
function isRunArtifact(name: string): boolean {
  return name.includes('.tfstate') || name.endsWith('.quota.json') || name.endsWith('.ledger.json');
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

export interface LoadedProject {
  project: CdktfProject;
  /** Every stack the app synthesized. */
  all: SynthesizedStack[];
}

/** Finds the project and synthesizes when its sources changed (or when asked). */
export async function loadProject(flags: StackFlags, log: (s: string) => void = (s) => process.stderr.write(s + '\n')): Promise<LoadedProject> {
  const project = readProject(flags.dir ? path.resolve(flags.dir) : process.cwd());
  let all = listStacks(project.outdir);
  const changedEnv = flags.synth !== false && fs.existsSync(path.join(project.outdir, 'manifest.json')) ? changedSynthEnv(project.outdir, process.env) : [];
  if (flags.synth !== false && (needsSynth(project) || changedEnv.length)) {
    log(`Synthesizing (${project.app})${changedEnv.length ? ` (changed since the last synth: ${changedEnv.join(', ')})` : ''} ...`);
    all = await synth(project);
  }
  return { project, all };
}

export function loadSynthesized(project: CdktfProject, s: SynthesizedStack): LoadedStack {
  const configText = fs.readFileSync(s.file, 'utf8');
  return { project, stack: { ...readStackConfig(s.file, project.dir), dependsOnStacks: s.dependencies }, configText };
}

/** The stacks `--stack` selects (all when none is named), in dependency order. */
export async function loadStacks(flags: StackFlags): Promise<{ project: CdktfProject; all: SynthesizedStack[]; stacks: LoadedStack[]; unmatched: string[] }> {
  const { project, all } = await loadProject(flags);
  const { stacks, unmatched } = selectStacks(all, flags.stack);
  return { project, all, stacks: stacks.map((s) => loadSynthesized(project, s)), unmatched };
}

/** Exactly one stack: the one named, or the only one (import, show). */
export async function loadStack(flags: StackFlags): Promise<LoadedStack> {
  const { all, stacks, unmatched } = await loadStacks(flags);
  if (unmatched.length) throw noSuchStack(unmatched, all);
  if (stacks.length !== 1) {
    throw new ProjectError(`this command works on one stack, and ${flags.stack?.length ? `--stack ${flags.stack.join(' ')} matches` : 'this app has'} ${stacks.length} (${stacks.map((s) => s.stack.stackName).join(', ')}); choose one with --stack`);
  }
  return stacks[0];
}

/** Runs `fn` holding the state lock; the lock is released whatever happens. */
export async function withLock<T>(stack: StackConfig, operation: string, fn: (state: TerraformState | undefined) => Promise<T>): Promise<T> {
  return withLocks([stack], operation, (states) => fn(states.get(stack)));
}

/**
 * Runs `fn` holding the locks of every stack (taken in a fixed order, so two runs over
 * overlapping stacks cannot deadlock; all or none); released whatever happens. A pg stack's
 * advisory lock is taken on its own connection and its state mirrored locally for the run
 * (src/engine/state/pg-mirror.ts); the row is written back before its lock is released.
 */
export async function withLocks<T>(stacks: StackConfig[], operation: string, fn: (states: Map<StackConfig, TerraformState | undefined>) => Promise<T>): Promise<T> {
  const ordered = [...stacks].sort((a, b) => a.statePath.localeCompare(b.statePath));
  const locks: StateLock[] = [];
  const mirrors: PgStateMirror[] = [];
  let result: T;
  try {
    for (const s of ordered) {
      if (s.backend?.type === 'pg') {
        // Stacks in one database share one connection (and so never block each other's locks).
        const target = pgStateKey({ ...s.backend.config, schemaName: '' });
        const same = mirrors.find((m) => m.target === target);
        mirrors.push(await PgStateMirror.open(s.backend.config, s.statePath, operation, process.env, same));
      }
      locks.push(acquireLock(s.statePath, operation, '0', { terraform: s.backend?.type !== 'pg' }));
    }
    const states = new Map<StackConfig, TerraformState | undefined>();
    for (const s of ordered) {
      if (recoverState(s.statePath)) err(`Recovered operations a crashed run recorded in ${s.statePath}.journal.`);
      states.set(s, readState(s.statePath));
    }
    result = await fn(states);
  } catch (e) {
    await release(locks, mirrors, true);
    throw e;
  }
  // A failed write-back of a pg state fails the run.
  await release(locks, mirrors, false);
  return result;
}

async function release(locks: StateLock[], mirrors: PgStateMirror[], failing: boolean): Promise<void> {
  for (const l of [...locks].reverse()) l.release();
  let first: Error | undefined;
  for (const m of [...mirrors].reverse()) {
    try { await m.finish(); } catch (e) { if (failing) err(`Error: ${(e as Error).message}`); else first ??= e as Error; }
  }
  if (first) throw first;
}

export async function withRuntime<T>(stack: StackConfig, fn: (rt: Runtime) => Promise<T>): Promise<T> {
  const rt = await openRuntime(stack);
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
