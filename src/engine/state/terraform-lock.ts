// Living beside Terraform on one local state file (a team moving between engines, or the
// terraform-provider-wecom path). Terraform's local backend locks the state file itself with
// fcntl(F_SETLK) and writes its holder to `.<state file name>.lock.info` (facts:
// ../shared/terraform-state-backends.md).
// - We honour Terraform's lock: its lock info file with a live fcntl lock on the state file
//   (read from /proc/locks on Linux) refuses the run, naming Terraform's holder. A lock info
//   file with no fcntl lock behind it was left by a crashed Terraform and is ignored, as
//   Terraform itself does. Where /proc/locks is missing, the info file alone counts.
// - Terraform honours ours where the platform allows: Node cannot take fcntl locks, so a small
//   perl child (perl is part of every Debian/Ubuntu base system) holds one on the state file
//   for as long as our lock lives; it exits when our process does (its stdin closes), even on
//   kill -9. We also write Terraform's lock info file so its error names this run.
import { spawn, ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LockInfo } from './lock';

/** Marks lock info files written by cdktf-wecom, so we never take our own for Terraform's. */
const OURS = 'cdktf-wecom';

export function terraformLockInfoFileOf(stateFile: string): string {
  return path.join(path.dirname(stateFile), `.${path.basename(stateFile)}.lock.info`);
}

/** Terraform's holder of the state's lock, when Terraform holds it now. */
export function terraformLockHolder(stateFile: string): { info: LockInfo; lockFile: string } | undefined {
  const lockFile = terraformLockInfoFileOf(stateFile);
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(fs.readFileSync(lockFile, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined; // no lock info (or a torn one, which Terraform never leaves while holding its fcntl lock)
  }
  if (typeof raw.Info === 'string' && raw.Info.startsWith(OURS)) return undefined;
  if (posixLockOn(stateFile) === 'free') return undefined;
  const s = (k: string) => (typeof raw[k] === 'string' ? raw[k] : '');
  return {
    lockFile,
    info: { ID: s('ID'), Operation: s('Operation'), Who: s('Who'), Version: s('Version'), Created: s('Created'), Path: s('Path'), Host: '', Pid: 0 },
  };
}

/** Whether any process holds an fcntl/POSIX lock on the file: 'unknown' without /proc/locks. */
export function posixLockOn(file: string): 'held' | 'free' | 'unknown' {
  let st: fs.Stats;
  try { st = fs.statSync(file); } catch { return 'free'; }
  let locks: string;
  try { locks = fs.readFileSync('/proc/locks', 'utf8'); } catch { return 'unknown'; }
  const dev = Number(st.dev);
  const major = ((dev >> 8) & 0xfff) | Math.floor(dev / 2 ** 32) & ~0xfff;
  const minor = (dev & 0xff) | ((dev >> 12) & ~0xff & 0xfffff);
  for (const line of locks.split('\n')) {
    // "1: POSIX  ADVISORY  WRITE 14714 fe:00:2146375 0 EOF" ("->" lines are waiters, not holders)
    const m = /^\d+:\s+POSIX\s+\S+\s+\S+\s+\d+\s+([0-9a-f]+):([0-9a-f]+):(\d+)\s/.exec(line);
    if (m && parseInt(m[1], 16) === major && parseInt(m[2], 16) === minor && Number(m[3]) === st.ino) return 'held';
  }
  return 'free';
}

export interface TerraformLockHold {
  /** The state file was replaced (atomic rename): lock the new inode too. */
  relock(): void;
  release(): void;
}

// Reads paths from stdin, one per line, and keeps an fcntl write lock on each until stdin closes.
const HOLDER = 'use Fcntl; $|=1; my @f; while (my $p = <STDIN>) { chomp $p; my $fh; ' +
  'if (open($fh, "+<", $p)) { fcntl($fh, F_SETLK, pack("s s x4 q q l x4", F_WRLCK, SEEK_SET, 0, 0, 0)); push @f, $fh; } }';

/** Locks held now, by resolved state path: a state rewrite (new inode) relocks through afterStateReplaced(). */
const holds = new Map<string, TerraformLockHold>();

export function afterStateReplaced(stateFile: string): void {
  holds.get(path.resolve(stateFile))?.relock();
}

/** Best effort: holds Terraform-visible locks while our own lock is held; never fails the run. */
export function holdTerraformLock(stateFile: string, info: LockInfo): TerraformLockHold | undefined {
  if (process.env.CDKTF_WECOM_TERRAFORM_LOCK === '0' || process.platform === 'win32') return undefined;
  const infoFile = terraformLockInfoFileOf(stateFile);
  const ours = { ID: info.ID, Operation: `OperationType${info.Operation[0].toUpperCase()}${info.Operation.slice(1)}`, Info: `${OURS} pid ${info.Pid}`, Who: info.Who, Version: info.Version, Created: info.Created, Path: stateFile };
  let child: ChildProcess | undefined;
  try {
    fs.writeFileSync(infoFile, JSON.stringify(ours));
    child = spawn('perl', ['-e', HOLDER], { stdio: ['pipe', 'ignore', 'ignore'] });
    child.on('error', () => { child = undefined; }); // no perl: Terraform just will not see our lock
    child.stdin?.on('error', () => undefined);
    child.unref();
    (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  } catch {
    child = undefined;
  }
  const lock = () => { if (fs.existsSync(stateFile)) child?.stdin?.write(`${path.resolve(stateFile)}\n`); };
  lock();
  const hold: TerraformLockHold = {
    relock: lock,
    release: () => {
      holds.delete(path.resolve(stateFile));
      child?.stdin?.end();
      child = undefined;
      try {
        const now = JSON.parse(fs.readFileSync(infoFile, 'utf8')) as { ID?: string };
        if (now.ID === info.ID) fs.rmSync(infoFile, { force: true });
      } catch { /* gone already */ }
    },
  };
  holds.set(path.resolve(stateFile), hold);
  return hold;
}
