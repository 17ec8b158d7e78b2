// A cache shared by the provider processes of ONE Terraform command. Terraform starts the
// provider 3-5 times per command, and each process would otherwise fetch its own access token
// and read the same directory listings again. The command is identified by the parent process
// (Terraform itself): its pid, its start time from /proc (so a reused pid cannot match) and the
// boot id; the corp id, API base and secrets complete the key. Entries are sealed with
// AES-256-GCM under a key derived (HKDF) from the corp secret, the command identity being the
// additional data: a file of another command, another secret or a tampered one fails to open and
// is ignored. Files live in a private 0700 directory, are 0600 and replaced atomically; a file
// whose command has ended, or that is older than a token's lifetime, is removed.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** `WECOM_PROVIDER_CACHE=off` disables the cache; unset or `on` enables it where /proc exists. */
export const CACHE_SWITCH_ENV = 'WECOM_PROVIDER_CACHE';
const MAGIC = Buffer.from('WCPCACH1');
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SALT = Buffer.from('cdktf-wecom/terraform-provider-wecom/command-cache/v1');
/** WeCom's token lifetime: no command's file is of use for longer without a write. */
export const MAX_FILE_AGE_MS = 2 * 3600_000;
/** Temp and lock files older than this belong to a writer that died between write and rename. */
const TEMP_MAX_AGE_MS = 60_000;
/** A write holds the lock for milliseconds; one held for seconds belongs to a writer that died. */
const LOCK_STALE_MS = 2000;
/** Longer than LOCK_STALE_MS, so a waiter breaks a dead writer's lock rather than write without it. */
const LOCK_WAIT_MS = 2500;
const BURST_MS = 200;
const FILE_NAME = /^(\d+)-(\d+)-[0-9a-f]{32}\.cache$/;

export interface Credentials {
  corpId: string;
  apiBase: string;
  secret: string;
  /** The contacts-sync secret, when configured: directory listings depend on which secret read them. */
  contactsSecret?: string;
}

export interface CommandCacheOptions extends Credentials {
  env?: NodeJS.ProcessEnv;
  /** Test seams: the parent pid, the /proc root, the cache directory, the clock. */
  ppid?: number;
  proc?: string;
  dir?: string;
  now?: () => number;
}

/** The Terraform command we belong to, or why there is none. */
export type CommandIdentity = { pid: number; startTime: string; bootId: string; pidNamespace: string } | { unavailable: string };

interface Entry { v: unknown; exp: number }

export class CacheConfigError extends Error {
  readonly code = 'WECOM_PROVIDER_CACHE';
  constructor(message: string) {
    super(message);
    this.name = 'CacheConfigError';
  }
}

/** Whether the cache is switched on; anything but unset, `on` or `off` is an error. */
export function cacheEnabled(env: NodeJS.ProcessEnv): boolean {
  const raw = env[CACHE_SWITCH_ENV];
  if (raw === undefined || raw === '' || raw === 'on') return true;
  if (raw === 'off') return false;
  throw new CacheConfigError(`${CACHE_SWITCH_ENV} is '${raw}'; expected 'on' or 'off'`);
}

/** Start time of a process in clock ticks since boot (field 22 of /proc/<pid>/stat). */
export function processStartTime(pid: number, proc = '/proc'): string | undefined {
  try {
    const stat = fs.readFileSync(path.join(proc, String(pid), 'stat'), 'utf8');
    // comm (field 2) may hold spaces and parentheses: count fields from the last ')'.
    const start = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    return start && /^\d+$/.test(start) ? start : undefined;
  } catch {
    return undefined;
  }
}

export function commandIdentity(ppid = process.ppid, proc = '/proc'): CommandIdentity {
  if (process.platform !== 'linux' && proc === '/proc') return { unavailable: `no /proc on ${process.platform}` };
  // Orphaned (parent gone, adopted by init): no command to share with.
  if (!Number.isInteger(ppid) || ppid <= 1) return { unavailable: 'no parent process' };
  const startTime = processStartTime(ppid, proc);
  if (!startTime) return { unavailable: 'parent process not readable in /proc' };
  let bootId = '';
  try { bootId = fs.readFileSync(path.join(proc, 'sys', 'kernel', 'random', 'boot_id'), 'utf8').trim(); } catch { /* containers may hide it */ }
  // Containers sharing a temp directory may each have a Terraform with the same pid and start tick.
  let pidNamespace = '';
  try { pidNamespace = fs.readlinkSync(path.join(proc, String(ppid), 'ns', 'pid')); } catch { /* not exposed */ }
  return { pid: ppid, startTime, bootId, pidNamespace };
}

/** The private directory: ours, not a symlink, nobody else may read it. undefined when that cannot be had. */
export function cacheDirectory(env: NodeJS.ProcessEnv, dir?: string): string | undefined {
  const uid = process.getuid?.();
  if (uid === undefined) return undefined;
  const runtime = env.XDG_RUNTIME_DIR;
  const base = runtime && path.isAbsolute(runtime) ? runtime : os.tmpdir();
  const target = dir ?? path.join(base, `cdktf-wecom-provider-${uid}`);
  try {
    fs.mkdirSync(target, { mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') return undefined;
  }
  try {
    const st = fs.lstatSync(target);
    if (!st.isDirectory() || st.uid !== uid) return undefined;
    if ((st.mode & 0o077) !== 0) fs.chmodSync(target, 0o700);
    return target;
  } catch {
    return undefined;
  }
}

/** Counters for the trace (WECOM_PROVIDER_TRACE): never keys or values. */
export interface CacheStats { hits: number; misses: number; writes: number; ignored: number }

export class CommandCache {
  private entries = new Map<string, Entry>();
  /** Keys set (or deleted: undefined) since the last write, merged into what is on disk then. */
  private readonly changed = new Map<string, Entry | undefined>();
  private seen?: { mtimeMs: number; size: number; ino: number };
  private timer?: NodeJS.Timeout;
  /** How long the last write took: a big org's listings make big files, written less often. */
  private lastWriteMs = 0;
  readonly stats: CacheStats = { hits: 0, misses: 0, writes: 0, ignored: 0 };

  private constructor(
    readonly file: string,
    private readonly key: Buffer,
    private readonly aad: Buffer,
    private readonly now: () => number,
  ) {}

  /** The cache of this command, or why there is none (off, no /proc, no private directory). */
  static open(o: CommandCacheOptions): CommandCache | { disabled: string } {
    if (!cacheEnabled(o.env ?? process.env)) return { disabled: `${CACHE_SWITCH_ENV}=off` };
    const id = commandIdentity(o.ppid ?? process.ppid, o.proc);
    if ('unavailable' in id) return { disabled: id.unavailable };
    const dir = cacheDirectory(o.env ?? process.env, o.dir);
    if (!dir) return { disabled: 'no private cache directory' };
    const ikm = Buffer.from(`${o.secret}\0${o.contactsSecret ?? ''}`);
    const scope = `${o.corpId}\n${o.apiBase}`;
    const key = Buffer.from(hkdfSync('sha256', ikm, SALT, `encrypt\n${scope}`, 32));
    const nameKey = Buffer.from(hkdfSync('sha256', ikm, SALT, `name\n${scope}`, 32));
    const command = `${id.bootId}\n${id.pidNamespace}\n${id.pid}\n${id.startTime}\n${scope}`;
    const name = `${id.pid}-${id.startTime}-${createHmac('sha256', nameKey).update(command).digest('hex').slice(0, 32)}.cache`;
    sweep(dir, o.proc ?? '/proc', (o.now ?? Date.now)());
    const cache = new CommandCache(path.join(dir, name), key, Buffer.concat([MAGIC, Buffer.from(command)]), o.now ?? Date.now);
    cache.reload();
    return cache;
  }

  get<T>(key: string): T | undefined {
    let e = this.live(key);
    // Another process of the command may have written since we read.
    if (!e && this.reload()) e = this.live(key);
    if (e) this.stats.hits++;
    else this.stats.misses++;
    return e?.v as T | undefined;
  }

  /** Keeps `value` (plain JSON) until `expiresAt` (epoch ms); written shortly after, or at once with `now`. */
  set(key: string, value: unknown, expiresAt: number, opts: { now?: boolean } = {}): void {
    const e = { v: value, exp: expiresAt };
    this.entries.set(key, e);
    this.changed.set(key, e);
    this.schedule(opts.now);
  }

  delete(key: string): void {
    this.entries.delete(key);
    this.changed.set(key, undefined);
    this.schedule(true);
  }

  /** Writes pending changes (merged with what other processes wrote meanwhile). Never throws. */
  flush(): void {
    if (this.timer) { clearTimeout(this.timer); this.timer = undefined; }
    if (!this.changed.size) return;
    try {
      // Read, merge and write under a lock, so concurrent processes do not drop each other's entries.
      withLock(`${this.file}.lock`, () => {
        this.reload();
        for (const [k, e] of this.changed) {
          if (e) this.entries.set(k, e);
          else this.entries.delete(k);
        }
        this.changed.clear();
        const now = this.now();
        for (const [k, e] of this.entries) if (e.exp <= now) this.entries.delete(k);
        const t = performance.now();
        this.write();
        this.lastWriteMs = performance.now() - t;
        this.stats.writes++;
      });
    } catch {
      // A cache that cannot be written costs only the calls it would have saved.
      this.changed.clear();
    }
  }

  private live(key: string): Entry | undefined {
    const e = this.entries.get(key);
    return e && e.exp > this.now() ? e : undefined;
  }

  private schedule(now = false): void {
    if (now) { this.flush(); return; }
    // Listings arrive one per department, for minutes on a big org: one write per burst, and
    // never more than 5% of the time spent writing the whole file again. close() writes the rest.
    this.timer ??= setTimeout(() => this.flush(), Math.max(BURST_MS, this.lastWriteMs * 20)).unref();
  }

  /**
   * Reads the file when it changed since we last did; true when it was read. What it holds, with
   * our unwritten changes on top, replaces what we held: a token another process deleted is gone.
   */
  private reload(): boolean {
    let st: fs.Stats;
    try { st = fs.statSync(this.file); } catch { return false; }
    if (this.seen && this.seen.mtimeMs === st.mtimeMs && this.seen.size === st.size && this.seen.ino === st.ino) return false;
    this.seen = { mtimeMs: st.mtimeMs, size: st.size, ino: st.ino };
    const disk = this.read();
    if (!disk) return false;
    for (const [k, e] of this.changed) {
      if (e) disk.set(k, e);
      else disk.delete(k);
    }
    this.entries = disk;
    return true;
  }

  /** The file's entries; undefined when it is not ours to read (other secret or command, tampered, torn). */
  private read(): Map<string, Entry> | undefined {
    try {
      const fd = fs.openSync(this.file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
      let buf: Buffer;
      try {
        const st = fs.fstatSync(fd);
        if (!st.isFile() || st.uid !== process.getuid?.()) return undefined;
        buf = fs.readFileSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      if (buf.length < MAGIC.length + IV_BYTES + TAG_BYTES || !buf.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('not a cache file');
      const iv = buf.subarray(MAGIC.length, MAGIC.length + IV_BYTES);
      const tag = buf.subarray(MAGIC.length + IV_BYTES, MAGIC.length + IV_BYTES + TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
      decipher.setAAD(this.aad);
      decipher.setAuthTag(tag);
      const plain = Buffer.concat([decipher.update(buf.subarray(MAGIC.length + IV_BYTES + TAG_BYTES)), decipher.final()]);
      const doc = JSON.parse(plain.toString('utf8')) as { entries?: Record<string, Entry> };
      const out = new Map<string, Entry>();
      for (const [k, e] of Object.entries(doc.entries ?? {})) if (e && typeof e.exp === 'number') out.set(k, e);
      return out;
    } catch {
      this.stats.ignored++;
      return undefined;
    }
  }

  private write(): void {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(this.aad);
    const body = Buffer.concat([cipher.update(JSON.stringify({ entries: Object.fromEntries(this.entries) })), cipher.final()]);
    const tmp = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    // wx + 0600: never follows a planted file, never readable by others, even for an instant.
    const fd = fs.openSync(tmp, 'wx', 0o600);
    try {
      fs.writeFileSync(fd, Buffer.concat([MAGIC, iv, cipher.getAuthTag(), body]));
    } finally {
      fs.closeSync(fd);
    }
    try {
      fs.renameSync(tmp, this.file);
    } catch (err) {
      fs.rmSync(tmp, { force: true });
      throw err;
    }
    const st = fs.statSync(this.file);
    this.seen = { mtimeMs: st.mtimeMs, size: st.size, ino: st.ino };
  }
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Runs `fn` holding an O_EXCL lock file. A stale lock is broken; when the lock stays busy past
 * LOCK_WAIT_MS, `fn` runs anyway: the rename keeps the file whole, only a merge may be lost.
 */
function withLock(lock: string, fn: () => void): void {
  const deadline = Date.now() + LOCK_WAIT_MS;
  let held = false;
  while (!held) {
    try {
      fs.closeSync(fs.openSync(lock, 'wx', 0o600));
      held = true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      try { if (Date.now() - fs.statSync(lock).mtimeMs > LOCK_STALE_MS) fs.rmSync(lock, { force: true }); } catch { /* released meanwhile */ }
      if (Date.now() > deadline) break;
      Atomics.wait(pause, 0, 0, 2);
    }
  }
  try { fn(); } finally { if (held) fs.rmSync(lock, { force: true }); }
}

/** Removes files whose command has ended (its process is gone or another has its pid) or that are too old. */
export function sweep(dir: string, proc: string, now: number): void {
  let names: string[];
  try { names = fs.readdirSync(dir); } catch { return; }
  for (const name of names) {
    const file = path.join(dir, name);
    try {
      if (name.endsWith('.tmp') || name.endsWith('.lock')) {
        if (now - fs.lstatSync(file).mtimeMs > TEMP_MAX_AGE_MS) fs.rmSync(file, { force: true });
        continue;
      }
      const m = FILE_NAME.exec(name);
      if (!m) continue;
      if (processStartTime(Number(m[1]), proc) !== m[2] || now - fs.lstatSync(file).mtimeMs > MAX_FILE_AGE_MS) fs.rmSync(file, { force: true });
    } catch {
      // Another process swept it first.
    }
  }
}
