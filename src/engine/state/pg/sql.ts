// Every statement the store runs, in one place. The Terraform ones are Terraform's text
// (internal/backend/remote-state/pg, backend.go and client.go) with the schema quoted as
// lib/pq's QuoteIdentifier does; `states`, `states_by_name` and the sequence are fixed names.

/** lib/pq's QuoteIdentifier (NUL is refused by the config instead of truncating the name). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export const STATES_TABLE = 'states';
export const STATES_INDEX = 'states_by_name';
export const SEQUENCE = 'public.global_states_id_seq';
export const LEDGER_TABLE = 'cdktf_wecom_ledger';

export function terraformSql(schemaName: string) {
  const s = quoteIdent(schemaName);
  const t = `${s}.${STATES_TABLE}`;
  return {
    schemaExists: 'select count(1) from information_schema.schemata where schema_name = $1',
    createSchema: `CREATE SCHEMA IF NOT EXISTS ${s}`,
    createSequence: `CREATE SEQUENCE IF NOT EXISTS ${SEQUENCE} AS bigint`,
    createTable: `CREATE TABLE IF NOT EXISTS ${t} (id bigint NOT NULL DEFAULT nextval('${SEQUENCE}') PRIMARY KEY, name text UNIQUE, data text)`,
    createIndex: `CREATE UNIQUE INDEX IF NOT EXISTS ${STATES_INDEX} ON ${t} (name)`,
    read: `SELECT data FROM ${t} WHERE name = $1`,
    write: `INSERT INTO ${t} (name, data) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET data = $2 WHERE ${STATES_TABLE}.name = $1`,
    workspaces: `SELECT name FROM ${t} WHERE name != 'default' ORDER BY name`,
    /** Row-id lock plus the creation lock -1, in one statement (Terraform's Lock). */
    lock: `SELECT ${STATES_TABLE}.id, pg_try_advisory_lock(${STATES_TABLE}.id), pg_try_advisory_lock(-1) FROM ${t} WHERE ${STATES_TABLE}.name = $1`,
    rowId: `SELECT id FROM ${t} WHERE name = $1`,
    /** After creating the row under the creation lock: switch to the row's own lock. */
    lockRow: `SELECT ${STATES_TABLE}.id, pg_try_advisory_lock(${STATES_TABLE}.id) FROM ${t} WHERE ${STATES_TABLE}.name = $1`,
  };
}

export const tryLockSql = 'SELECT pg_try_advisory_lock($1::bigint) AS ok';
export const unlockSql = 'SELECT pg_advisory_unlock($1::bigint) AS ok';

/**
 * Sessions holding advisory lock `$1` in this database. A bigint key k is stored in pg_locks as
 * classid = high 32 bits, objid = low 32 bits, objsubid = 1. pg_stat_activity hides other users'
 * details (NULLs) unless we may read all stats.
 */
export const lockHoldersSql = `SELECT l.pid, a.application_name, host(a.client_addr) AS client_addr, a.backend_start, a.usename
  FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
  WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
    AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
    AND l.classid::bigint = (($1::bigint >> 32) & 4294967295) AND l.objid::bigint = ($1::bigint & 4294967295)
    AND l.pid <> pg_backend_pid()
  ORDER BY a.backend_start NULLS LAST`;

export function ledgerSql(schemaName: string) {
  const t = `${quoteIdent(schemaName)}.${LEDGER_TABLE}`;
  return {
    create: `CREATE TABLE IF NOT EXISTS ${t} (corp_id text NOT NULL, key text NOT NULL, data jsonb, updated_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (corp_id, key))`,
    exists: 'SELECT to_regclass($1) IS NOT NULL AS ok',
    get: `SELECT data FROM ${t} WHERE corp_id = $1 AND key = $2`,
    list: `SELECT key, data FROM ${t} WHERE corp_id = $1 AND starts_with(key, $2) AND data IS NOT NULL ORDER BY key`,
    /** A row to lock even when the key is new: concurrent inserts wait on the unique index. */
    placeholder: `INSERT INTO ${t} (corp_id, key, data) VALUES ($1, $2, NULL) ON CONFLICT (corp_id, key) DO NOTHING`,
    selectForUpdate: `SELECT data FROM ${t} WHERE corp_id = $1 AND key = $2 FOR UPDATE`,
    update: `UPDATE ${t} SET data = $3::jsonb, updated_at = now() WHERE corp_id = $1 AND key = $2`,
    delete: `DELETE FROM ${t} WHERE corp_id = $1 AND key = $2`,
    qualifiedName: t,
  };
}

/** Go's hash/fnv New32 (FNV-1: multiply, then xor). */
export function fnv1_32(data: Uint8Array): number {
  let h = 0x811c9dc5;
  for (const byte of data) h = (Math.imul(h, 0x01000193) ^ byte) >>> 0;
  return h;
}

/** OpenTofu (>= 1.10) creation-lock key: -(FNV-1 32 of `schema NUL table`), raw (unquoted) names. */
export function openTofuCreationKey(schemaName: string, table = STATES_TABLE): string {
  return String(-fnv1_32(Buffer.from(`${schemaName}\0${table}`, 'utf8')));
}
