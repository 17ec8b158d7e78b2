// A throwaway PostgreSQL server for one test file: initdb into a fresh temp dir, trust auth on
// 127.0.0.1 only, a free port, fsync off; stop() kills it and removes the dir.
//
// PostgreSQL refuses to run as root, so as root every server command runs as the `postgres` OS
// user (created by Debian's postgresql package) via runuser (or su). Binaries: PG_BINDIR, else
// the highest /usr/lib/postgresql/<ver>/bin (Debian), else initdb on PATH. Missing binaries are
// an error, not a skip: CI must run these tests (.ci/install-postgres installs them).
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';

export interface TestPostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres?sslmode=disable` (trust auth: no password). */
  connStr: string;
  host: string;
  port: number;
  user: string;
  database: string;
  /** Binaries used, e.g. /usr/lib/postgresql/15/bin. */
  bindir: string;
  /** Server log, for debugging failed tests. */
  logFile: string;
  stop(): Promise<void>;
}

const INSTALL_HINT = 'Install the server binaries: `apt-get install -y --no-install-recommends postgresql` ' +
  '(Debian/Ubuntu; `.ci/install-postgres` does this), or set PG_BINDIR to a directory holding initdb and pg_ctl.';

/** Where initdb and pg_ctl are; throws saying how to install them. */
export function findPostgresBindir(): string {
  const has = (dir: string) => fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'pg_ctl'));
  if (process.env.PG_BINDIR) {
    if (has(process.env.PG_BINDIR)) return process.env.PG_BINDIR;
    throw new Error(`PG_BINDIR=${process.env.PG_BINDIR} holds no initdb and pg_ctl. ${INSTALL_HINT}`);
  }
  const debian = '/usr/lib/postgresql';
  const versions = fs.existsSync(debian)
    ? fs.readdirSync(debian).filter((v) => /^\d+(\.\d+)?$/.test(v) && has(path.join(debian, v, 'bin')))
      .sort((a, b) => parseFloat(b) - parseFloat(a))
    : [];
  if (versions.length) return path.join(debian, versions[0], 'bin');
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir || !fs.existsSync(path.join(dir, 'initdb'))) continue;
    const real = path.dirname(fs.realpathSync(path.join(dir, 'initdb'))); // Debian links /usr/bin/initdb elsewhere
    if (has(real)) return real;
    if (has(dir)) return dir;
  }
  throw new Error(`PostgreSQL server binaries (initdb, pg_ctl) not found in PG_BINDIR, /usr/lib/postgresql/*/bin or PATH. ${INSTALL_HINT}`);
}

interface RunAs { uid: number; gid: number; user: string; wrap(cmd: string, args: string[]): [string, string[]] }

/** As root: run server commands as `postgres`. Otherwise as ourselves. */
function serverUser(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  let line: string;
  try {
    line = execFileSync('getent', ['passwd', 'postgres'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('PostgreSQL refuses to run as root and there is no `postgres` OS user to run it as. ' +
      `${INSTALL_HINT} (the package creates that user), or run the tests as an unprivileged user.`);
  }
  const [, , uid, gid] = line.split(':');
  const runuser = ['/usr/sbin/runuser', '/sbin/runuser', '/usr/bin/runuser'].find((p) => fs.existsSync(p));
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  return {
    uid: Number(uid), gid: Number(gid), user: 'postgres',
    wrap: (cmd, args) => runuser
      ? [runuser, ['-u', 'postgres', '--', cmd, ...args]]
      : ['su', ['postgres', '-s', '/bin/sh', '-c', [cmd, ...args].map(quote).join(' ')]],
  };
}

function run(as: RunAs | undefined, cwd: string, cmd: string, args: string[], timeoutMs: number): Promise<string> {
  const [file, argv] = as ? as.wrap(cmd, args) : [cmd, args];
  return new Promise((resolve, reject) => {
    execFile(file, argv, { cwd, timeout: timeoutMs, killSignal: 'SIGKILL', env: { ...process.env, LC_ALL: 'C', LANG: 'C' } },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`${path.basename(cmd)} ${args.join(' ')} failed: ${err.message}\n${stdout}${stderr}`));
        else resolve(stdout + stderr);
      });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** A base directory the `postgres` user can reach (TMPDIR may be private to root). */
function tempBase(as: RunAs | undefined): string {
  const tmp = os.tmpdir();
  if (!as) return tmp;
  for (let d = tmp; ; d = path.dirname(d)) {
    if (!(fs.statSync(d).mode & 0o001)) return '/tmp';
    if (d === path.dirname(d)) return tmp;
  }
}

async function accepting(connStr: string, deadline: number): Promise<void> {
  let last: unknown;
  while (Date.now() < deadline) {
    const c = new Client({ connectionString: connStr, connectionTimeoutMillis: 2000 });
    try {
      await c.connect();
      await c.query('SELECT 1');
      await c.end();
      return;
    } catch (e) {
      last = e;
      await c.end().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`PostgreSQL did not accept connections in time: ${(last as Error)?.message}`);
}

const stopAtExit = new Set<() => void>();
process.on('exit', () => { for (const f of stopAtExit) f(); });

/** Starts a fresh server; call stop() in afterAll. Bounded: fails within ~1 minute. */
export async function startPostgres(): Promise<TestPostgres> {
  const bindir = findPostgresBindir();
  const as = serverUser();
  const dir = fs.mkdtempSync(path.join(tempBase(as), 'cdktf-wecom-pg-'));
  const data = path.join(dir, 'data');
  const logFile = path.join(dir, 'server.log');
  if (as) fs.chownSync(dir, as.uid, as.gid);
  const bin = (n: string) => path.join(bindir, n);
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    await run(as, dir, bin('initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync'], 60_000);
    // Trust only 127.0.0.1 (and our own socket in the private temp dir).
    fs.writeFileSync(path.join(data, 'pg_hba.conf'), 'local all all trust\nhost all all 127.0.0.1/32 trust\n');
    let lastErr: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      // Another worker may take the port between freePort() and the server's bind: retry on a new one.
      const port = await freePort();
      fs.appendFileSync(path.join(data, 'postgresql.conf'), [
        '', `listen_addresses = '127.0.0.1'`, `port = ${port}`, `unix_socket_directories = '${dir}'`,
        'fsync = off', 'synchronous_commit = off', 'full_page_writes = off', 'max_connections = 50',
        'shared_buffers = 16MB', '',
      ].join('\n'));
      if (as) for (const f of ['pg_hba.conf', 'postgresql.conf']) fs.chownSync(path.join(data, f), as.uid, as.gid);
      try {
        await run(as, dir, bin('pg_ctl'), ['-D', data, '-l', logFile, '-w', '-t', '30', 'start'], 45_000);
      } catch (e) {
        lastErr = e;
        await run(as, dir, bin('pg_ctl'), ['-D', data, 'stop', '-m', 'immediate', '-w', '-t', '20'], 30_000).catch(() => undefined);
        continue;
      }
      const connStr = `postgres://postgres@127.0.0.1:${port}/postgres?sslmode=disable`;
      const stopSync = () => {
        try { execFileSync(...wrapSync(as, bin('pg_ctl'), ['-D', data, 'stop', '-m', 'immediate', '-w', '-t', '20']), { cwd: dir, stdio: 'ignore', timeout: 30_000 }); } catch { /* gone */ }
        cleanup();
      };
      stopAtExit.add(stopSync);
      let stopped = false;
      const stop = async () => {
        if (stopped) return;
        stopped = true;
        stopAtExit.delete(stopSync);
        await run(as, dir, bin('pg_ctl'), ['-D', data, 'stop', '-m', 'immediate', '-w', '-t', '20'], 30_000).catch(() => undefined);
        cleanup();
      };
      try {
        await accepting(connStr, Date.now() + 30_000);
      } catch (e) {
        await stop();
        throw e;
      }
      return { connStr, host: '127.0.0.1', port, user: 'postgres', database: 'postgres', bindir, logFile, stop };
    }
    const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').slice(-2000) : '';
    throw new Error(`PostgreSQL did not start: ${(lastErr as Error)?.message}\n${log}`);
  } catch (e) {
    cleanup();
    throw e;
  }
}

function wrapSync(as: RunAs | undefined, cmd: string, args: string[]): [string, string[]] {
  return as ? as.wrap(cmd, args) : [cmd, args];
}
