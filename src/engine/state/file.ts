// Reading and writing the state file. Writes are atomic (temp file, fsync, rename, fsync dir),
// so a crash at any instant leaves either the old or the new state, never a torn file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { emptyState, parseState, serializeState, TerraformState } from './format';

export function readState(file: string): TerraformState | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  return parseState(text, file);
}

export function readStateOrEmpty(file: string): TerraformState {
  return readState(file) ?? emptyState();
}

export function writeFileAtomic(file: string, text: string): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  try {
    const dfd = fs.openSync(dir, 'r');
    try { fs.fsyncSync(dfd); } finally { fs.closeSync(dfd); }
  } catch {
    // Some filesystems refuse fsync on directories; the rename itself is still atomic.
  }
}

/** Writes the state with its serial bumped; keeps the previous version as `<file>.backup` like Terraform. */
export function writeState(file: string, state: TerraformState): TerraformState {
  const next: TerraformState = { ...state, serial: state.serial + 1 };
  if (fs.existsSync(file)) fs.copyFileSync(file, `${file}.backup`);
  writeFileAtomic(file, serializeState(next));
  return next;
}
