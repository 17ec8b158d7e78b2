// A lock held for a whole plan/apply. It is a file created exclusively next to the state,
// holding who took it (Terraform's lock info fields plus pid), so a second run can name the
// holder. A lock whose process is gone from this host is stale and is taken over, so a run
// killed mid-apply never blocks the re-run that repairs it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import { randomUUID } from 'node:crypto';

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
  constructor(readonly holder: LockInfo, file: string) {
    super(`state ${file} is locked by ${holder.Who} (pid ${holder.Pid} on ${holder.Host}, ` +
      `${holder.Operation} since ${holder.Created}, lock id ${holder.ID}). ` +
      'Wait for that run to finish; if it is gone, remove the lock file ' + `${file}.lock.info`);
    this.name = 'StateLockedError';
  }
}

export interface StateLock {
  readonly info: LockInfo;
  /** Set when a stale lock (dead process on this host) was taken over. */
  readonly tookOver?: LockInfo;
  release(): void;
}

export function lockFileOf(stateFile: string): string {
  return `${stateFile}.lock.info`;
}

export function acquireLock(stateFile: string, operation: string, version = '0'): StateLock {
  const file = lockFileOf(stateFile);
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
  let tookOver: LockInfo | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(info, null, 2) + '\n', { flag: 'wx', mode: 0o600 });
      return { info, tookOver, release: () => releaseIfOurs(file, info.ID) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readLock(file);
    if (holder && !isStale(holder)) throw new StateLockedError(holder, stateFile);
    // Stale or unreadable (torn by a crash while being written): take it over.
    tookOver = holder;
    try { fs.unlinkSync(file); } catch { /* another run may have taken it over first */ }
  }
  const holder = readLock(file);
  throw new StateLockedError(holder ?? info, stateFile);
}

function readLock(file: string): LockInfo | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
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
  if (holder?.ID === id) {
    try { fs.unlinkSync(file); } catch { /* already gone */ }
  }
}
