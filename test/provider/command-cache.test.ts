// The per-command cache of terraform-provider-wecom: real files, real crypto, a real /proc (and
// a fake one where a test must end or replace the parent process), real processes writing at once.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import {
  CacheConfigError, CACHE_SWITCH_ENV, cacheDirectory, CommandCache, CommandCacheOptions, commandIdentity, MAX_FILE_AGE_MS, processStartTime,
} from '../../src/provider/command-cache';
import { CommandTokenCache, sharedCaches } from '../../src/provider/shared-caches';

const SECRET = 'app-secret-0123456789abcdef';
const TOKEN = 'tok-SECRET-VALUE-0123456789';

let tmp: string;
beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wecom-cmdcache-')); });
afterEach(() => { fs.rmSync(tmp, { recursive: true, force: true }); });

/** Options for the command "run by" this very jest process (alive, readable in /proc). */
function opts(extra: Partial<CommandCacheOptions> = {}): CommandCacheOptions {
  return { corpId: 'ww0001', apiBase: 'http://127.0.0.1:1/cgi-bin/', secret: SECRET, env: {}, ppid: process.pid, dir: path.join(tmp, 'cache'), ...extra };
}

function open(extra: Partial<CommandCacheOptions> = {}): CommandCache {
  const c = CommandCache.open(opts(extra));
  if ('disabled' in c) throw new Error(`cache disabled: ${c.disabled}`);
  return c;
}

/** A /proc with one process of the given start time (fields after comm: state, ppid, ... starttime = 20th). */
function fakeProc(pid: number, startTime: string): string {
  const proc = path.join(tmp, 'proc');
  fs.mkdirSync(path.join(proc, String(pid)), { recursive: true });
  const fields = ['S', '1', ...Array(17).fill('0'), startTime, '0', '0'];
  fs.writeFileSync(path.join(proc, String(pid), 'stat'), `${pid} (terra form) ) ${fields.join(' ')}\n`);
  return proc;
}

describe('commandIdentity', () => {
  test('the parent pid with its start time from /proc; the start time survives parentheses in comm', () => {
    const id = commandIdentity(process.pid);
    expect(id).toMatchObject({ pid: process.pid, startTime: expect.stringMatching(/^\d+$/) });
    const proc = fakeProc(4242, '987654');
    expect(processStartTime(4242, proc)).toBe('987654');
    expect(commandIdentity(4242, proc)).toMatchObject({ pid: 4242, startTime: '987654' });
  });

  test('no parent readable in /proc, or orphaned: unavailable', () => {
    expect(commandIdentity(4243, path.join(tmp, 'nowhere'))).toEqual({ unavailable: expect.any(String) });
    expect(commandIdentity(1)).toEqual({ unavailable: 'no parent process' });
  });
});

describe('CommandCache', () => {
  test('a value set by one process is read by the next of the same command; the file is sealed', () => {
    const a = open();
    a.set('token:x', { token: TOKEN }, Date.now() + 60_000, { now: true });
    const b = open();
    expect(b.get('token:x')).toEqual({ token: TOKEN });
    const raw = fs.readFileSync(a.file);
    expect(raw.includes(Buffer.from(TOKEN))).toBe(false);
    expect(raw.includes(Buffer.from(SECRET))).toBe(false);
    expect(fs.statSync(a.file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(a.file)).mode & 0o777).toBe(0o700);
    expect(fs.readdirSync(path.dirname(a.file)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  test('another secret, corp or API base never finds or opens the file', () => {
    open().set('k', 1, Date.now() + 60_000, { now: true });
    for (const other of [{ secret: `${SECRET}x` }, { corpId: 'ww0002' }, { apiBase: 'http://127.0.0.1:2/cgi-bin/' }, { contactsSecret: 'contacts-secret-1' }]) {
      expect(open(other).get('k')).toBeUndefined();
    }
  });

  test('a file copied under the name another secret would use fails to open and is ignored', () => {
    const a = open();
    a.set('k', 1, Date.now() + 60_000, { now: true });
    const b = open({ secret: 'another-secret-123456' });
    fs.copyFileSync(a.file, b.file);
    expect(b.get('k')).toBeUndefined();
    expect(b.stats.ignored).toBe(1);
  });

  test('another command (another parent) neither finds it nor opens it under its own name', () => {
    const a = open();
    a.set('k', 1, Date.now() + 60_000, { now: true });
    const other = open({ ppid: process.ppid });
    expect(other.file).not.toBe(a.file);
    expect(other.get('k')).toBeUndefined();
    fs.copyFileSync(a.file, other.file);
    expect(other.get('k')).toBeUndefined();
    expect(other.stats.ignored).toBe(1);
  });

  test('a tampered file is ignored, then replaced by the next write', () => {
    const a = open();
    a.set('k', 1, Date.now() + 60_000, { now: true });
    const raw = fs.readFileSync(a.file);
    raw[raw.length - 1] ^= 1;
    fs.writeFileSync(a.file, raw);
    const b = open();
    expect(b.get('k')).toBeUndefined();
    expect(b.stats.ignored).toBe(1);
    b.set('k', 2, Date.now() + 60_000, { now: true });
    expect(open().get('k')).toBe(2);
  });

  test('expired entries are not served; deletes reach the other processes', () => {
    let now = 1_000_000;
    const a = open({ now: () => now });
    a.set('short', 1, now + 1000);
    a.set('long', 2, now + 60_000);
    a.flush();
    now += 2000;
    const b = open({ now: () => now });
    expect(b.get('short')).toBeUndefined();
    expect(b.get('long')).toBe(2);
    b.delete('long');
    expect(a.get('long')).toBe(2); // a's own copy, until it looks again
    expect(open({ now: () => now }).get('long')).toBeUndefined();
  });

  test('a token another process deleted is not written back by a process that still held it', () => {
    const a = open();
    a.set('token:k', 'T1', Date.now() + 60_000, { now: true });
    const b = open();
    expect(b.get('token:k')).toBe('T1');
    a.delete('token:k');
    b.set('other', 1, Date.now() + 60_000, { now: true });
    expect(open().get('token:k')).toBeUndefined();
    expect(open().get('other')).toBe(1);
  });

  test('a process sees what another wrote after it opened (a miss looks at the file again)', () => {
    const a = open();
    const b = open();
    expect(b.get('k')).toBeUndefined();
    a.set('k', 'v', Date.now() + 60_000, { now: true });
    expect(b.get('k')).toBe('v');
  });

  test('the parent gone, or its pid reused by a later process: the file is removed at the next open', () => {
    const proc = fakeProc(5000, '111');
    const a = open({ ppid: 5000, proc });
    a.set('k', 1, Date.now() + 60_000, { now: true });
    expect(open({ ppid: 5000, proc }).get('k')).toBe(1);
    fakeProc(5000, '222'); // same pid, another process
    const reused = open({ ppid: 5000, proc });
    expect(fs.existsSync(a.file)).toBe(false);
    expect(reused.get('k')).toBeUndefined();
    reused.set('k', 2, Date.now() + 60_000, { now: true });
    fs.rmSync(path.join(proc, '5000'), { recursive: true });
    open();
    expect(fs.existsSync(reused.file)).toBe(false);
  });

  test('files older than a token lifetime and abandoned temp files are removed', () => {
    const a = open();
    a.set('k', 1, Date.now() + 60_000, { now: true });
    const tmpFile = `${a.file}.99999.abcd.tmp`;
    fs.writeFileSync(tmpFile, 'torn');
    const old = (Date.now() - MAX_FILE_AGE_MS - 60_000) / 1000;
    fs.utimesSync(a.file, old, old);
    fs.utimesSync(tmpFile, old, old);
    expect(open().get('k')).toBeUndefined();
    expect(fs.existsSync(tmpFile)).toBe(false);
  });

  test(`${CACHE_SWITCH_ENV}=off disables it; another value is an error that names the variable`, () => {
    expect(CommandCache.open(opts({ env: { [CACHE_SWITCH_ENV]: 'off' } }))).toEqual({ disabled: `${CACHE_SWITCH_ENV}=off` });
    expect(CommandCache.open(opts({ env: { [CACHE_SWITCH_ENV]: 'on' } }))).toBeInstanceOf(CommandCache);
    expect(() => CommandCache.open(opts({ env: { [CACHE_SWITCH_ENV]: 'no' } }))).toThrow(CacheConfigError);
    expect(() => CommandCache.open(opts({ env: { [CACHE_SWITCH_ENV]: 'no' } }))).toThrow(`${CACHE_SWITCH_ENV} is 'no'; expected 'on' or 'off'`);
  });

  test('without /proc (another OS, or hidden) it is disabled', () => {
    expect(CommandCache.open(opts({ proc: path.join(tmp, 'no-proc') }))).toEqual({ disabled: 'parent process not readable in /proc' });
  });

  test('the directory: XDG_RUNTIME_DIR when set, made private; a symlink is refused', () => {
    const dir = cacheDirectory({ XDG_RUNTIME_DIR: tmp })!;
    expect(dir).toBe(path.join(tmp, `cdktf-wecom-provider-${process.getuid!()}`));
    fs.chmodSync(dir, 0o755);
    expect(cacheDirectory({ XDG_RUNTIME_DIR: tmp })).toBe(dir);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    const link = path.join(tmp, 'link');
    fs.symlinkSync(dir, link);
    expect(cacheDirectory({}, link)).toBeUndefined();
    expect(CommandCache.open(opts({ dir: link }))).toEqual({ disabled: 'no private cache directory' });
  });

  test('processes writing at once never leave a file that cannot be read', async () => {
    const dir = path.join(tmp, 'cache');
    open().set('seed', 0, Date.now() + 60_000, { now: true });
    const script = `
      const { CommandCache } = require(${JSON.stringify(path.resolve(__dirname, '../../dist/src/provider/command-cache.js'))});
      const c = CommandCache.open({ corpId: 'ww0001', apiBase: 'http://127.0.0.1:1/cgi-bin/', secret: ${JSON.stringify(SECRET)}, env: {}, ppid: ${process.pid}, dir: ${JSON.stringify(dir)} });
      for (let i = 0; i < 20; i++) c.set('w' + process.argv[1] + '-' + i, 'x'.repeat(500), Date.now() + 60000, { now: true });
      if (c.stats.ignored) process.exit(3);`;
    const run = promisify(execFile);
    await Promise.all([1, 2, 3, 4].map((n) => run(process.execPath, ['-e', script, String(n)])));
    const after = open();
    expect(after.stats.ignored).toBe(0);
    // Every writer's last key survives: each write merges what is on disk first.
    for (const n of [1, 2, 3, 4]) expect(after.get(`w${n}-19`)).toBe('x'.repeat(500));
  });
});

describe('CommandTokenCache', () => {
  test('a token one process fetched serves the next; one WeCom rejected is replaced for everyone', () => {
    const first = new CommandTokenCache(open());
    const entry = { token: TOKEN, refreshAt: Date.now() + 60_000, expiresAt: Date.now() + 120_000 };
    first.set('corp:fp', entry);
    const second = new CommandTokenCache(open());
    expect(second.get('corp:fp')).toEqual(entry);
    second.delete('corp:fp');
    const third = new CommandTokenCache(open());
    expect(third.get('corp:fp')).toBeUndefined();
    third.set('corp:fp', { ...entry, token: 'tok-NEW-0123456789' });
    expect(new CommandTokenCache(open()).get('corp:fp')?.token).toBe('tok-NEW-0123456789');
  });

  test('an expired token is not served', () => {
    const cache = new CommandTokenCache(open());
    cache.set('corp:fp', { token: TOKEN, refreshAt: Date.now() - 2000, expiresAt: Date.now() - 1000 });
    expect(new CommandTokenCache(open()).get('corp:fp')).toBeUndefined();
  });

  test('directory listings go under their own keys and are written on close', () => {
    const shared = sharedCaches(open());
    shared.directory!.set('department/list', [{ id: 1, name: 'root', parentid: 0 }]);
    shared.close!();
    expect(sharedCaches(open()).directory!.get('department/list')).toEqual([{ id: 1, name: 'root', parentid: 0 }]);
  });
});

describe('ConfigureProvider with the command cache', () => {
  test(`a bad ${CACHE_SWITCH_ENV} is a diagnostic naming the variable, never the secret`, async () => {
    const { configureProvider } = await import('../../src/provider/rpc/configure');
    const { ProviderSession } = await import('../../src/provider/session');
    const session = new ProviderSession({ WECOM_CORP_ID: 'ww0001', WECOM_CORP_SECRET: SECRET, [CACHE_SWITCH_ENV]: 'maybe' }, tmp);
    const res = await configureProvider(session, {}) as { diagnostics: Array<{ summary: string }> };
    expect(res.diagnostics).toEqual([expect.objectContaining({ summary: `${CACHE_SWITCH_ENV} is 'maybe'; expected 'on' or 'off'` })]);
    expect(JSON.stringify(res)).not.toContain(SECRET);
    expect(session.runtime).toBeUndefined();
  });
});
