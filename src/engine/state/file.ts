// Reading and writing the state file. Writes are atomic (temp file, fsync, rename, fsync dir),
// so a crash at any instant leaves either the old or the new state, never a torn file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { removeStaleTemps, writeFileAtomic } from '../../fs-atomic';
import { emptyState, parseState, serializeState, TerraformState } from './format';
import { journalFileOf, readJournal, replayEntries } from './journal';
import { afterStateReplaced } from './terraform-lock';

export { writeFileAtomic };

/** The state file, with the operations of a journal left by a crash replayed on top. */
export function readState(file: string): TerraformState | undefined {
  let text: string | undefined;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const state = text === undefined ? undefined : parseState(text, file);
  const entries = readJournal(file, state);
  if (!entries.length) return state;
  const base = state ?? emptyState();
  return { ...base, resources: replayEntries(base.resources, entries) };
}

/** Writes the state with its serial bumped; keeps the previous version as `<file>.backup` like Terraform. */
export function writeState(file: string, state: TerraformState): TerraformState {
  const next: TerraformState = { ...state, serial: state.serial + 1 };
  // The backup is replaced atomically too (a kill mid-copy left it empty).
  if (fs.existsSync(file)) writeFileAtomic(`${file}.backup`, fs.readFileSync(file, 'utf8'));
  writeFileAtomic(file, serializeState(next));
  afterStateReplaced(file);
  for (const fn of replacedHooks.get(path.resolve(file)) ?? []) fn();
  return next;
}

const replacedHooks = new Map<string, Set<() => void>>();

/** Calls `fn` after every rewrite of the state file (pg-mirror.ts pushes it); returns the unregister. */
export function onStateReplaced(file: string, fn: () => void): () => void {
  const key = path.resolve(file);
  const set = replacedHooks.get(key) ?? new Set<() => void>();
  set.add(fn);
  replacedHooks.set(key, set);
  return () => { set.delete(fn); };
}

/**
 * Compacts a journal left by a crashed run into the state file (serial bumped, so plans made
 * before the crash are stale) and removes it. Call while holding the lock. Returns true when
 * something was recovered.
 */
export function recoverState(file: string): boolean {
  removeStaleTemps(file);
  removeStaleTemps(`${file}.backup`);
  const journal = journalFileOf(file);
  if (!fs.existsSync(journal)) return false;
  let disk: TerraformState | undefined;
  try {
    disk = parseState(fs.readFileSync(file, 'utf8'), file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const entries = readJournal(file, disk);
  if (entries.length) {
    const base = disk ?? emptyState();
    writeState(file, { ...base, resources: replayEntries(base.resources, entries) });
  }
  fs.rmSync(journal, { force: true });
  return entries.length > 0;
}
