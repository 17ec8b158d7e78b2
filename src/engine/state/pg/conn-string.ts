// Terraform connects with lib/pq, which reads conn_str as a `postgres://` URL or a libpq
// key/value string, fills gaps from the PG* environment, and REQUIRES SSL unless sslmode says
// otherwise. We resolve the same way into an explicit node-postgres config, so a conn_str that
// works for Terraform works here, and so errors can name host/port/database (never the password).
import * as fs from 'node:fs';
import * as os from 'node:os';
import type { ClientConfig } from 'pg';
import type { ConnectionOptions } from 'node:tls';
import { PgConfigError } from './errors';
import { redactPg } from './redact';

export interface PgTarget {
  host: string;
  port: number;
  user: string;
  database: string;
  /** Only where the conn_str or PGPASSWORD gave one; else node-postgres consults ~/.pgpass. */
  password?: string;
  sslmode: 'disable' | 'require' | 'verify-ca' | 'verify-full';
  sslcert?: string;
  sslkey?: string;
  sslrootcert?: string;
  connectTimeoutMs: number;
  /** Other keys: run-time parameters for the session (lib/pq sends them at startup too). */
  params: Record<string, string>;
}

/** Bounded by default so a firewalled host fails instead of hanging a CI job (lib/pq waits forever). */
export const DEFAULT_CONNECT_TIMEOUT_MS = 30_000;

/** Keys we interpret; anything else becomes a session parameter. */
const ENV_KEYS: Record<string, string> = {
  host: 'PGHOST', port: 'PGPORT', dbname: 'PGDATABASE', user: 'PGUSER', password: 'PGPASSWORD',
  sslmode: 'PGSSLMODE', sslcert: 'PGSSLCERT', sslkey: 'PGSSLKEY', sslrootcert: 'PGSSLROOTCERT',
  connect_timeout: 'PGCONNECT_TIMEOUT',
};
/** Set by us (application_name) or meaningless for node-postgres. */
const IGNORED = new Set(['application_name', 'fallback_application_name', 'sslsni', 'sslinline', 'disable_prepared_binary_result', 'binary_parameters']);

/** libpq key/value syntax: `key=value key2 = 'quoted \' value'`. */
export function parseKeyValue(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  const skipWs = () => { while (i < s.length && /\s/.test(s[i])) i++; };
  while (true) {
    skipWs();
    if (i >= s.length) return out;
    let key = '';
    while (i < s.length && s[i] !== '=' && !/\s/.test(s[i])) key += s[i++];
    skipWs();
    if (s[i] !== '=') throw new PgConfigError(`conn_str: missing "=" after "${key}"`);
    i++;
    skipWs();
    let value = '';
    if (s[i] === "'") {
      i++;
      while (i < s.length && s[i] !== "'") {
        if (s[i] === '\\' && i + 1 < s.length) i++;
        value += s[i++];
      }
      if (s[i] !== "'") throw new PgConfigError(`conn_str: unterminated quoted value for "${key}"`);
      i++;
    } else {
      while (i < s.length && !/\s/.test(s[i])) {
        if (s[i] === '\\' && i + 1 < s.length) i++;
        value += s[i++];
      }
    }
    out[key] = value;
  }
}

/** `postgres://user:pass@host:port/db?k=v` into the same keys as the key/value form. */
export function parseUrl(s: string): Record<string, string> {
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    throw new PgConfigError(`conn_str is not a valid URL: ${redactPg(s)}`);
  }
  const out: Record<string, string> = {};
  const dec = (v: string) => { try { return decodeURIComponent(v); } catch { return v; } };
  if (u.username) out.user = dec(u.username);
  if (u.password) out.password = dec(u.password);
  if (u.hostname) out.host = u.hostname.replace(/^\[(.*)\]$/, '$1');
  if (u.port) out.port = u.port;
  const db = dec(u.pathname.replace(/^\//, ''));
  if (db) out.dbname = db;
  for (const [k, v] of u.searchParams) out[k] = v;
  return out;
}

export function parseConnStr(connStr: string): Record<string, string> {
  const s = connStr.trim();
  if (!s) return {};
  if (/^postgres(ql)?:\/\//i.test(s)) return parseUrl(s);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) throw new PgConfigError(`conn_str must be a postgres:// URL or key=value pairs, not ${redactPg(s.split('//')[0])}// …`);
  return parseKeyValue(s);
}

/** Resolve conn_str + PG* environment + lib/pq defaults. */
export function resolveTarget(connStr: string, env: NodeJS.ProcessEnv = process.env): PgTarget {
  const given = parseConnStr(connStr);
  const get = (k: string) => given[k] ?? (ENV_KEYS[k] ? env[ENV_KEYS[k]] || undefined : undefined);
  const port = Number(get('port') ?? 5432);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new PgConfigError(`conn_str: invalid port "${get('port')}"`);
  const sslmode = (get('sslmode') ?? 'require') as PgTarget['sslmode'];
  if (!['disable', 'require', 'verify-ca', 'verify-full'].includes(sslmode)) {
    // lib/pq's own refusal: "prefer"/"allow" would silently fall back to plaintext.
    throw new PgConfigError(`unsupported sslmode "${sslmode}"; only "require" (default), "verify-full", "verify-ca", and "disable" are supported (as in Terraform)`);
  }
  const timeoutS = get('connect_timeout');
  const connectTimeoutMs = timeoutS && Number(timeoutS) > 0 ? Number(timeoutS) * 1000 : DEFAULT_CONNECT_TIMEOUT_MS;
  const user = get('user') ?? os.userInfo().username;
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(given)) if (!(k in ENV_KEYS) && !IGNORED.has(k)) params[k] = v;
  return {
    host: get('host') ?? 'localhost',
    port,
    user,
    database: get('dbname') ?? user,
    password: get('password'),
    sslmode,
    sslcert: get('sslcert'),
    sslkey: get('sslkey'),
    sslrootcert: get('sslrootcert'),
    connectTimeoutMs,
    params,
  };
}

/** `host:port/database as user`, for messages (no password, ever). */
export function describeTarget(t: PgTarget): string {
  const where = t.host.startsWith('/') ? `socket ${t.host} port ${t.port}` : `${t.host.includes(':') ? `[${t.host}]` : t.host}:${t.port}`;
  return `PostgreSQL at ${where}, database "${t.database}", user "${t.user}"`;
}

function sslConfig(t: PgTarget): false | ConnectionOptions {
  if (t.sslmode === 'disable') return false;
  const read = (what: string, file?: string) => {
    if (!file) return undefined;
    try { return fs.readFileSync(file); } catch (e) { throw new PgConfigError(`cannot read ${what} ${file}: ${(e as Error).message}`); }
  };
  const files = { ca: read('sslrootcert', t.sslrootcert), cert: read('sslcert', t.sslcert), key: read('sslkey', t.sslkey) };
  // require: encrypted, not verified (lib/pq: unless a root cert is given, then as verify-ca).
  if (t.sslmode === 'require' && !files.ca) return { ...files, rejectUnauthorized: false };
  if (t.sslmode === 'verify-full') return { ...files, rejectUnauthorized: true };
  return { ...files, rejectUnauthorized: true, checkServerIdentity: () => undefined }; // verify-ca: chain only
}

/** Run-time parameters as libpq's `options` (`-c key=value`, spaces and backslashes escaped). */
function optionsOf(params: Record<string, string>): string | undefined {
  const parts = Object.entries(params).map(([k, v]) => `-c ${k}=${v.replace(/\\/g, '\\\\').replace(/ /g, '\\ ')}`);
  return parts.length ? parts.join(' ') : undefined;
}

export function clientConfig(t: PgTarget, applicationName: string): ClientConfig {
  return {
    host: t.host,
    port: t.port,
    user: t.user,
    password: t.password,
    database: t.database,
    ssl: sslConfig(t),
    connectionTimeoutMillis: t.connectTimeoutMs,
    // A dead peer must surface as an error (our locks died with it), not as a hang.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    application_name: applicationName,
    options: optionsOf(t.params),
  };
}
