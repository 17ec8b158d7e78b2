// A lock held for a whole plan/apply. It is a file next to the state holding who took it
// (Terraform's lock info fields plus pid), so a second run can name the holder.
//
// Race-free by construction:
// - Taking it: the holder is written to a private temp file first and then hard-linked to the
//   lock's name, which fails if the name exists. The lock is never visible half-written (a
//   reader of an empty file took it for stale and proceeded: 600 creates for 300 chats).
// - Taking over a stale lock (its process is gone from this host, e.g. kill -9): only under a
//   takeover mutex, and only if the lock is still the very one judged stale (same ID), so two
//   runs that both saw it stale cannot both take it, and a fresh lock is never removed.
// - Terraform's own lock on the same local state (fcntl + `.<state>.lock.info`) is honoured,
//   and while we hold ours Terraform sees an fcntl lock too (src/engine/state/terraform-lock.ts).
// The lock is released when the run ends, also on SIGINT/SIGTERM (src/lifecycle.ts).
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { onProcessExit } from '../../lifecycle';
import { holdTerraformLock, terraformLockHolder, TerraformLockHold } from './terraform-lock';

export interface LockInfo {
  ID: string;
  Operation: string;
  Who: string;
  Version: string;
  Created: string;
  Path: string;
  Host: string;
  Pid: number;
}

export class StateLockedError extends Error {
  readonly code = 'WECOM_STATE_LOCKED';
  constructor(readonly holder: LockInfo, file: string, lockFile = lockFileOf(file), tool = 'cdktf-wecom') {
    super(`state ${file} is locked by ${tool}: ${holder.Who}` +
      `${holder.Pid ? ` (pid ${holder.Pid} on ${holder.Host || 'another host'}, ` : ' ('}${holder.Operation} since ${holder.Created}, lock id ${holder.ID}). ` +
      `Wait for that run to finish; if it is gone, remove the lock file ${lockFile}`);
    this.name = 'StateLockedError';
  }
}

export interface StateLock {
  readonly info: LockInfo;
  /** Set when a stale lock (dead process on this host) was taken over. */
  readonly tookOver?: LockInfo;
  /** After the state file was replaced (atomic rename): lock the new file for Terraform too. */
  relock(): void;
  release(): void;
}

export function lockFileOf(stateFile: string): string {
  return `${stateFile}.lock.info`;
}

const takeoverFileOf = (lockFile: string) => `${lockFile}.takeover`;
/** A takeover mutex older than this was left by a crash inside the few lines that hold it. */
const TAKEOVER_STALE_MS = 10_000;

/** `terraform: false` for files Terraform never touches (the corp ledger): no fcntl interop. */
export function acquireLock(stateFile: string, operation: string, version = '0', opts: { terraform?: boolean } = {}): StateLock {
  const file = lockFileOf(stateFile);
  const interop = opts.terraform !== false;
  const tf = interop ? terraformLockHolder(stateFile) : undefined;
  if (tf) throw new StateLockedError(tf.info, stateFile, tf.lockFile, 'Terraform');
  const info: LockInfo = {
    ID: randomUUID(),
    Operation: operation,
    Who: `${os.userInfo().username}@${os.hostname()}`,
    Version: version,
    Created: new Date().toISOString(),
    Path: stateFile,
    Host: os.hostname(),
    Pid: process.pid,
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    if (createExclusive(file, JSON.stringify(info, null, 2) + '\n')) return held(stateFile, file, info, undefined, interop);
    const holder = readLock(file);
    if (holder === 'gone') continue; // released in between: try again
    if (holder && !isStale(holder)) throw new StateLockedError(holder, stateFile);
    // Stale, or unreadable (only an older release could leave that): take it over.
    const judged = holder?.ID;
    if (withTakeoverMutex(file, () => {
      const now = readLock(file);
      if (now !== 'gone' && now?.ID !== judged) return false; // someone else replaced it meanwhile
      if (now !== 'gone') fs.rmSync(file, { force: true });
      return createExclusive(file, JSON.stringify(info, null, 2) + '\n');
    })) return held(stateFile, file, info, holder ?? undefined, interop);
  }
  const holder = readLock(file);
  throw new StateLockedError(holder && holder !== 'gone' ? holder : info, stateFile);
}

function held(stateFile: string, file: string, info: LockInfo, tookOver: LockInfo | undefined, interop: boolean): StateLock {
  let tf: TerraformLockHold | undefined = interop ? holdTerraformLock(stateFile, info) : undefined;
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    unregister();
    tf?.release();
    tf = undefined;
    releaseIfOurs(file, info.ID);
  };
  const unregister = onProcessExit(release);
  return { info, tookOver, release, relock: () => tf?.relock() };
}

/** Writes `text` to `file` only if it does not exist, never visible half-written. */
function createExclusive(file: string, text: string): boolean {
  const tmp = `${file}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
  fs.writeFileSync(tmp, text, { mode: 0o600 });
  try {
    fs.linkSync(tmp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** Runs `fn` while holding the takeover mutex; false when another run holds it (it is taking over). */
function withTakeoverMutex(lockFile: string, fn: () => boolean): boolean {
  const mutex = takeoverFileOf(lockFile);
  if (!createExclusive(mutex, String(process.pid))) {
    let age = 0;
    try { age = Date.now() - fs.statSync(mutex).mtimeMs; } catch { return false; }
    if (age < TAKEOVER_STALE_MS) return false;
    fs.rmSync(mutex, { force: true });
    if (!createExclusive(mutex, String(process.pid))) return false;
  }
  try {
    return fn();
  } finally {
    fs.rmSync(mutex, { force: true });
  }
}

function readLock(file: string): LockInfo | undefined | 'gone' {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : undefined;
  }
  try {
    const v = JSON.parse(text) as LockInfo;
    return v && typeof v === 'object' && typeof v.ID === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

function isStale(holder: LockInfo): boolean {
  if (holder.Host !== os.hostname() || typeof holder.Pid !== 'number') return false;
  if (holder.Pid === process.pid) return false;
  try {
    process.kill(holder.Pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function releaseIfOurs(file: string, id: string): void {
  const holder = readLock(file);
  if (holder && holder !== 'gone' && holder.ID === id) fs.rmSync(file, { force: true });
}
