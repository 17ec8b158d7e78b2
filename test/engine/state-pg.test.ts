// PgStateStore against a real, throwaway PostgreSQL server (test/helpers/postgres.ts).
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { Client } from 'pg';
import {
  PgConnectionError, PgConnectionLostError, PgStateLockedError, PgStateStore, PgWriteRefusedError, pgBackendConfig,
  openTofuCreationKey,
} from '../../src/engine/state/pg';
import type { PgBackendConfig } from '../../src/engine/state/pg';
import { emptyState } from '../../src/engine/state/format';
import { startPostgres, TestPostgres } from '../helpers/postgres';
import { SLOW_SUITE_TIMEOUT_MS } from '../helpers/timeouts';
import { waitFor } from '../helpers/wait';

// Starts a PostgreSQL server, ts-node children and terraform: the slow suites' backstop.
jest.setTimeout(SLOW_SUITE_TIMEOUT_MS);

let pg: TestPostgres;
let admin: Client;
const open: PgStateStore[] = [];
let schemaNo = 0;

beforeAll(async () => {
  pg = await startPostgres();
  admin = new Client({ connectionString: pg.connStr, application_name: 'test-admin' });
  await admin.connect();
});

afterAll(async () => {
  await admin?.end();
  await pg?.stop();
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close().catch(() => undefined)));
});

const freshSchema = () => `s${++schemaNo}_${process.pid}`;
const cfg = (schema: string, extra: Record<string, unknown> = {}): PgBackendConfig =>
  pgBackendConfig({ conn_str: pg.connStr, schema_name: schema, ...extra }, {});

async function store(schema: string, opts: { operation?: string; extra?: Record<string, unknown>; ensure?: boolean } = {}): Promise<PgStateStore> {
  const s = await PgStateStore.open({ config: cfg(schema, opts.extra), operation: opts.operation ?? 'test' });
  open.push(s);
  if (opts.ensure !== false) await s.ensureSchema();
  return s;
}

const stateText = (serial = 1, lineage = 'b3c1f6c2-0000-4000-8000-000000000001') =>
  JSON.stringify({ ...emptyState(), serial, lineage }, null, 2) + '\n';

/** Advisory keys held by the backend whose application_name is appName. */
async function heldKeys(appName: string): Promise<string[]> {
  const { rows } = await admin.query<{ key: string }>(
    `SELECT ((l.classid::bigint << 32) | l.objid::bigint)::bigint AS key FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
     WHERE l.locktype = 'advisory' AND l.granted AND a.application_name = $1 ORDER BY 1`, [appName]);
  // classid/objid are unsigned halves: rebuild the signed bigint.
  return rows.map((r) => BigInt.asIntN(64, BigInt(r.key)).toString());
}

describe("Terraform's DDL", () => {
  test('creates exactly the schema, global sequence, table and index Terraform does', async () => {
    const schema = freshSchema();
    await store(schema);
    const q = async (sql: string, args: unknown[] = []) => (await admin.query(sql, args)).rows;
    expect(await q('SELECT schema_name FROM information_schema.schemata WHERE schema_name = $1', [schema])).toHaveLength(1);
    expect(await q(`SELECT schemaname, sequencename, data_type, start_value, increment_by FROM pg_sequences WHERE sequencename = 'global_states_id_seq'`))
      .toEqual([{ schemaname: 'public', sequencename: 'global_states_id_seq', data_type: 'bigint', start_value: '1', increment_by: '1' }]);
    expect(await q(`SELECT column_name, data_type, is_nullable, column_default FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'states' ORDER BY ordinal_position`, [schema]))
      .toEqual([
        { column_name: 'id', data_type: 'bigint', is_nullable: 'NO', column_default: "nextval('global_states_id_seq'::regclass)" },
        { column_name: 'name', data_type: 'text', is_nullable: 'YES', column_default: null },
        { column_name: 'data', data_type: 'text', is_nullable: 'YES', column_default: null },
      ]);
    expect(await q('SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1 ORDER BY indexname', [schema])).toEqual([
      { indexname: 'states_by_name', indexdef: `CREATE UNIQUE INDEX states_by_name ON ${schema}.states USING btree (name)` },
      { indexname: 'states_name_key', indexdef: `CREATE UNIQUE INDEX states_name_key ON ${schema}.states USING btree (name)` },
      { indexname: 'states_pkey', indexdef: `CREATE UNIQUE INDEX states_pkey ON ${schema}.states USING btree (id)` },
    ]);
    // Nothing else: our ledger table appears only when the ledger is used.
    expect(await q('SELECT table_name FROM information_schema.tables WHERE table_schema = $1', [schema])).toEqual([{ table_name: 'states' }]);
  });

  test('is idempotent, and safe when two runs prepare the same new schema at once', async () => {
    const schema = freshSchema();
    const [a, b] = await Promise.all([store(schema, { ensure: false }), store(schema, { ensure: false })]);
    await Promise.all([a.ensureSchema(), b.ensureSchema(), a.ensureSchema()]);
    await b.ensureSchema();
  });

  test('schema names are quoted (case and quotes kept, as Terraform quotes them)', async () => {
    const schema = `Odd "Schema" ${schemaNo++}`;
    const s = await store(schema);
    await s.lock('default', { operation: 'apply' });
    await s.write('default', stateText());
    expect(await s.read('default')).toBe(stateText());
    const { rows } = await admin.query('SELECT schema_name FROM information_schema.schemata WHERE schema_name = $1', [schema]);
    expect(rows).toHaveLength(1);
  });

  test('skip flags: nothing created when all are set; each part skipped on its own', async () => {
    const none = freshSchema();
    await store(none, { extra: { skip_schema_creation: true, skip_table_creation: true, skip_index_creation: true } });
    expect((await admin.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [none])).rows).toHaveLength(0);

    const noIndex = freshSchema();
    await store(noIndex, { extra: { skip_index_creation: true } });
    expect((await admin.query('SELECT indexname FROM pg_indexes WHERE schemaname = $1 ORDER BY 1', [noIndex])).rows.map((r) => r.indexname))
      .toEqual(['states_name_key', 'states_pkey']);

    // skip_schema_creation with a missing schema: the table cannot be created, and the error says why.
    const missing = freshSchema();
    await expect(store(missing, { extra: { skip_schema_creation: true } })).rejects.toThrow(/schema .* does not exist/);
  });

  test('skip_schema_creation from PG_SKIP_SCHEMA_CREATION; an existing schema is not re-created (no CREATE privilege needed)', async () => {
    const schema = freshSchema();
    const role = `limited_${schemaNo}`;
    await admin.query(`CREATE ROLE ${role} LOGIN`);
    await admin.query(`CREATE SCHEMA ${schema} AUTHORIZATION ${role}`);
    // Terraform's sequence lives in public (PostgreSQL 15 no longer lets everyone create there).
    await admin.query(`GRANT CREATE ON SCHEMA public TO ${role}`);
    await admin.query('CREATE SEQUENCE IF NOT EXISTS public.global_states_id_seq AS bigint');
    await admin.query(`GRANT USAGE ON SEQUENCE public.global_states_id_seq TO ${role}`);
    const { rows: [priv] } = await admin.query(`SELECT has_database_privilege($1, current_database(), 'CREATE') AS ok`, [role]);
    expect(priv.ok).toBe(false);
    const conn = pg.connStr.replace('postgres@', `${role}@`);
    const s = await PgStateStore.open({ config: pgBackendConfig({ conn_str: conn, schema_name: schema }, {}) });
    open.push(s);
    await s.ensureSchema(); // would fail on CREATE SCHEMA IF NOT EXISTS without the database's CREATE privilege
    await s.lock('default', { operation: 'apply' });
    await s.write('default', stateText());
    expect(await s.read('default')).toBe(stateText());
    const env = pgBackendConfig({ conn_str: conn, schema_name: freshSchema() }, { PG_SKIP_SCHEMA_CREATION: 'true' });
    expect(env.skipSchemaCreation).toBe(true);
  });
});

describe('read and write', () => {
  test('round trip, byte for byte; a workspace without a row reads undefined', async () => {
    const s = await store(freshSchema());
    expect(await s.read('default')).toBeUndefined();
    await s.lock('default', { operation: 'apply' });
    const text = stateText(7);
    await s.write('default', text);
    expect(await s.read('default')).toBe(text);
    await s.write('default', stateText(8));
    expect(await s.read('default')).toBe(stateText(8));
    await s.unlock('default');
    const other = await store(s.config.schemaName);
    expect(await other.read('default')).toBe(stateText(8));
  });

  test('other workspaces are plain rows named after them; workspaces() lists default first', async () => {
    const schema = freshSchema();
    const s = await store(schema);
    for (const ws of ['proj-b', 'proj-a']) {
      await s.lock(ws, { operation: 'apply' });
      await s.write(ws, stateText(1, `lineage-${ws}`));
    }
    expect(await s.workspaces()).toEqual(['default', 'proj-a', 'proj-b']);
    const { rows } = await admin.query(`SELECT name, data FROM ${schema}.states ORDER BY id`);
    expect(rows.map((r) => r.name)).toEqual(['proj-b', 'proj-a']);
    expect(JSON.parse(rows[1].data).lineage).toBe('lineage-proj-a');
  });

  test('write refuses without our lock, and refuses what is not a v4 state', async () => {
    const s = await store(freshSchema());
    await expect(s.write('default', stateText())).rejects.toThrow(PgWriteRefusedError);
    await s.lock('default', { operation: 'apply' });
    await expect(s.write('default', '{"version":3}')).rejects.toThrow(/not a Terraform state of version 4/);
    await expect(s.write('default', 'nope')).rejects.toThrow(/not JSON/);
    expect(await s.read('default')).toBeUndefined();
  });
});

describe('locks', () => {
  test("a second store is refused; the error names the lock and the holder's application_name", async () => {
    const schema = freshSchema();
    const a = await store(schema, { operation: 'apply' });
    await a.lock('default', { operation: 'apply', who: 'alice@runner-1' });
    await a.write('default', stateText());
    const rowId = a.held('default')!.rowId;
    expect(rowId).toMatch(/^\d+$/);
    expect(a.applicationName).toBe(`cdktf-wecom apply alice@runner-1 pid ${process.pid}`);

    const b = await store(schema, { operation: 'plan' });
    const err = await b.lock('default', { operation: 'plan' }).catch((e) => e);
    expect(err).toBeInstanceOf(PgStateLockedError);
    expect(err).toMatchObject({ schema, workspace: 'default', kind: 'workspace', rowId });
    expect(err.message).toContain(`workspace "default" in PostgreSQL schema "${schema}" (advisory lock on states row id ${rowId})`);
    expect(err.message).toContain(`"cdktf-wecom apply alice@runner-1 pid ${process.pid}"`);
    expect(err.message).toMatch(/from 127\.0\.0\.1, connected since \d{4}-/);
    expect(err.holders[0].applicationName).toBe(a.applicationName);
    // The refused attempt left nothing behind on b's session.
    expect(await heldKeys(b.applicationName)).toEqual([]);
    expect(await heldKeys(a.applicationName)).toEqual([rowId]);

    // Same process, same workspace twice: refused too (advisory locks are re-entrant per session).
    await expect(a.lock('default', { operation: 'apply' })).rejects.toThrow(/already locked by this run/);

    await a.unlock('default');
    expect(await heldKeys(a.applicationName)).toEqual([]);
    const l = await b.lock('default', { operation: 'plan' });
    expect(l.rowId).toBe(rowId);
  });

  test('lock timeout: retries until the holder lets go (bounded)', async () => {
    const schema = freshSchema();
    const a = await store(schema);
    await a.lock('default', { operation: 'apply' });
    await a.write('default', stateText());
    const b = await store(schema);
    await expect(b.lock('default', { operation: 'plan' }, { timeoutMs: 300 })).rejects.toThrow(PgStateLockedError);
    const refusals: PgStateLockedError[] = [];
    const waiting = b.lock('default', { operation: 'plan' }, { timeoutMs: 60_000, onWait: (e) => refusals.push(e) });
    await waitFor('b to be refused once', () => refusals.length > 0);
    expect(refusals[0].message).toContain(a.applicationName);
    await a.unlock();
    await expect(waiting).resolves.toMatchObject({ workspace: 'default' });
  });

  test('released on close', async () => {
    const schema = freshSchema();
    const a = await store(schema);
    await a.lock('default', { operation: 'apply' });
    await a.write('default', stateText());
    await a.close();
    const b = await store(schema);
    await expect(b.lock('default', { operation: 'plan' })).resolves.toBeDefined();
  });

  test('dies with the session: pg_terminate_backend frees it, and the old store refuses to go on', async () => {
    const schema = freshSchema();
    const lost: Error[] = [];
    const a = await PgStateStore.open({ config: cfg(schema), operation: 'apply', onConnectionLost: (e) => lost.push(e) });
    open.push(a);
    await a.ensureSchema();
    await a.lock('default', { operation: 'apply' });
    await a.write('default', stateText());
    const b = await store(schema);
    await expect(b.lock('default', { operation: 'plan' })).rejects.toThrow(PgStateLockedError);

    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [a.applicationName]);
    await waitFor('the terminated session to be noticed', () => a.lost);
    expect(lost).toHaveLength(1);
    expect(lost[0]).toBeInstanceOf(PgConnectionLostError);
    expect(lost[0].message).toMatch(/Its locks \(the state lock of workspace "default".*\) ended with it/);
    await expect(a.write('default', stateText(2))).rejects.toThrow(PgConnectionLostError);
    await a.close(); // nothing to release, no error

    await waitFor('the lock to be free', () => b.lock('default', { operation: 'plan' }).then(() => true, () => false));
    expect(JSON.parse((await b.read('default'))!).serial).toBe(1);
  });

  test('dies with the process: a killed holder (SIGKILL) leaves no stale lock', async () => {
    const schema = freshSchema();
    await store(schema);
    const root = path.join(__dirname, '..', '..');
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(root, 'test/helpers/pg-lock-holder.ts'), pg.connStr, schema, 'default', 'apply'],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let errOut = '';
    child.stdout.on('data', (b) => { out += b; });
    child.stderr.on('data', (b) => { errOut += b; });
    const exited = new Promise((r) => child.on('exit', r));
    try {
      await waitFor('the child to lock', () => (errOut ? Promise.reject(new Error(errOut)) : out.includes('LOCKED')), 60_000);
      const b = await store(schema);
      const err = await b.lock('default', { operation: 'plan' }).catch((e) => e);
      expect(err).toBeInstanceOf(PgStateLockedError);
      expect(err.message).toContain(`cdktf-wecom apply`);
      expect(err.message).toContain(`pid ${child.pid}`);
      child.kill('SIGKILL');
      await exited;
      await waitFor('the lock to die with the process', () => b.lock('default', { operation: 'plan' }).then(() => true, () => false));
    } finally {
      child.kill('SIGKILL');
    }
  });

  test('no row yet: the creation lock -1 (and OpenTofu\'s key) is held until the first write creates the row', async () => {
    const schema = freshSchema();
    const tofuKey = openTofuCreationKey(schema);
    const a = await store(schema, { operation: 'apply' });
    const b = await store(schema, { operation: 'plan' });
    // An existing workspace, to see what -1 blocks.
    await b.lock('existing', { operation: 'apply' });
    await b.write('existing', stateText());
    await b.unlock();

    const l = await a.lock('fresh', { operation: 'apply' });
    expect(l.rowId).toBeUndefined();
    expect(l.keys).toEqual(['-1', tofuKey]);
    expect((await heldKeys(a.applicationName)).sort()).toEqual(['-1', tofuKey].sort());
    // As in Terraform: while a workspace is being created, nobody else locks any workspace.
    for (const ws of ['fresh', 'other-new', 'existing']) {
      const err = await b.lock(ws, { operation: 'plan' }).catch((e) => e);
      expect(err).toBeInstanceOf(PgStateLockedError);
      expect(err).toMatchObject({ kind: 'creation', key: '-1' });
      expect(err.message).toContain('workspace-creation lock (advisory lock -1');
      expect(err.message).toContain(a.applicationName);
    }
    expect(await heldKeys(b.applicationName)).toEqual([]);
    expect(await a.read('fresh')).toBeUndefined();

    // The first write creates the row and moves us onto its own lock.
    await a.write('fresh', stateText());
    const rowId = a.held('fresh')!.rowId!;
    expect(rowId).toMatch(/^\d+$/);
    expect(await heldKeys(a.applicationName)).toEqual([rowId]);
    await expect(b.lock('existing', { operation: 'plan' })).resolves.toBeDefined();
    await expect(b.lock('fresh', { operation: 'plan' })).rejects.toMatchObject({ kind: 'workspace', rowId });
    await a.unlock('fresh');
    expect(await heldKeys(a.applicationName)).toEqual([]);
  });

  test('someone else creating a workspace (holding -1, or OpenTofu\'s key): refused, naming them', async () => {
    const schema = freshSchema();
    const s = await store(schema);
    await s.lock('existing', { operation: 'apply' });
    await s.write('existing', stateText());
    await s.unlock();
    const other = new Client({ connectionString: pg.connStr, application_name: 'terraform-creating-ws' });
    await other.connect();
    try {
      for (const key of ['-1', openTofuCreationKey(schema)]) {
        await other.query('SELECT pg_advisory_lock($1::bigint)', [key]);
        for (const ws of ['new-one', 'existing']) {
          const err = await s.lock(ws, { operation: 'plan' }).catch((e) => e);
          expect(err).toBeInstanceOf(PgStateLockedError);
          expect(err).toMatchObject({ kind: 'creation', key });
          expect(err.message).toContain('"terraform-creating-ws"');
        }
        expect(await heldKeys(s.applicationName)).toEqual([]);
        await other.query('SELECT pg_advisory_unlock($1::bigint)', [key]);
      }
      expect((await admin.query(`SELECT name FROM ${schema}.states`)).rows).toEqual([{ name: 'existing' }]);
      await expect(s.lock('new-one', { operation: 'apply' })).resolves.toBeDefined();
    } finally {
      await other.end();
    }
  });
});

describe('connection errors', () => {
  test('name host, port and database, never the password (URL and key/value forms)', async () => {
    const secret = 'Sup3r-Secret-Pw';
    const { port } = await new Promise<{ port: number }>((resolve) => {
      const srv = require('node:net').createServer();
      srv.listen(0, '127.0.0.1', () => { const a = srv.address(); srv.close(() => resolve(a)); });
    });
    const forms = [
      `postgres://tf:${secret}@127.0.0.1:${port}/statedb?sslmode=disable&connect_timeout=5`,
      `host=127.0.0.1 port=${port} dbname=statedb user=tf password='${secret}' sslmode=disable connect_timeout=5`,
    ];
    for (const conn of forms) {
      const err = await PgStateStore.open({ config: pgBackendConfig({ conn_str: conn }, {}) }).catch((e) => e);
      expect(err).toBeInstanceOf(PgConnectionError);
      expect(err.message).toContain(`PostgreSQL at 127.0.0.1:${port}, database "statedb", user "tf"`);
      expect(err.message).toMatch(/ECONNREFUSED/);
      expect(err.message).not.toContain(secret);
      expect(JSON.stringify(err)).not.toContain(secret);
      expect(String(err.stack)).not.toContain(secret);
    }
  });

  test("sslmode defaults to require, as lib/pq's: a server without SSL is refused with a clear message", async () => {
    const secret = 'An0ther-Secret';
    const conn = pg.connStr.replace('postgres@', `postgres:${secret}@`).replace('?sslmode=disable', '');
    const err = await PgStateStore.open({ config: pgBackendConfig({ conn_str: conn }, {}) }).catch((e) => e);
    expect(err).toBeInstanceOf(PgConnectionError);
    expect(err.message).toMatch(/sslmode require/);
    expect(err.message).toMatch(/does not support SSL/);
    expect(err.message).not.toContain(secret);
  });

  test('a wrong database is named', async () => {
    const err = await PgStateStore.open({ config: pgBackendConfig({ conn_str: pg.connStr.replace('/postgres?', '/nosuchdb?') }, {}) }).catch((e) => e);
    expect(err.message).toContain('database "nosuchdb"');
    expect(err.message).toMatch(/does not exist/);
  });
});

describe('ledger', () => {
  test('get/update/list; a throwing update changes nothing; undefined deletes', async () => {
    const s = await store(freshSchema());
    expect(await s.ledger.get('corp1', 'quota')).toBeUndefined();
    expect(await s.ledger.update<{ n: number }>('corp1', 'quota', (v) => ({ n: (v?.n ?? 0) + 1 }))).toEqual({ n: 1 });
    await s.ledger.update('corp1', 'stack:b', () => ({ at: 'x' }));
    await s.ledger.update('corp1', 'stack:a', () => ({ at: 'y' }));
    await s.ledger.update('corp2', 'stack:c', () => ({ at: 'z' }));
    await expect(s.ledger.update('corp1', 'quota', () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(await s.ledger.get('corp1', 'quota')).toEqual({ n: 1 });
    expect(await s.ledger.list('corp1', 'stack:')).toEqual([{ key: 'stack:a', data: { at: 'y' } }, { key: 'stack:b', data: { at: 'x' } }]);
    await s.ledger.update('corp1', 'stack:a', () => undefined);
    expect(await s.ledger.list('corp1', 'stack:')).toEqual([{ key: 'stack:b', data: { at: 'x' } }]);
    // A thrown update on a new key leaves no placeholder behind.
    await expect(s.ledger.update('corp1', 'stack:new', () => { throw new Error('no'); })).rejects.toThrow('no');
    expect((await admin.query(`SELECT key FROM ${s.config.schemaName}.cdktf_wecom_ledger WHERE key = 'stack:new'`)).rows).toEqual([]);
    // Calling the store from inside an update would deadlock: refused instead.
    await expect(s.ledger.update('corp1', 'quota', () => s.read('default') as never)).rejects.toThrow(/inside one of its own callbacks/);
    expect(await s.ledger.get('corp1', 'quota')).toEqual({ n: 1 });
  });

  test('atomic under concurrency: two stores increment one counter 50 times each, ending at 100', async () => {
    const schema = freshSchema();
    const [a, b] = await Promise.all([store(schema), store(schema)]);
    const bump = async (s: PgStateStore) => {
      for (let i = 0; i < 50; i++) {
        await s.ledger.update<{ n: number }>('corp', 'counter', async (v) => {
          const n = v?.n ?? 0;
          await new Promise((r) => setImmediate(r)); // widen the read-modify-write window
          return { n: n + 1 };
        });
      }
    };
    await Promise.all([bump(a), bump(b)]);
    expect(await a.ledger.get('corp', 'counter')).toEqual({ n: 100 });
  });

  test('state writes and ledger updates from one store interleave safely (one connection, serialized)', async () => {
    const s = await store(freshSchema());
    await s.lock('default', { operation: 'apply' });
    await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => s.ledger.update<number>('corp', 'n', (v) => (v ?? 0) + 1 + i * 0)),
      ...Array.from({ length: 10 }, (_, i) => s.write('default', stateText(i + 1))),
    ]);
    expect(await s.ledger.get('corp', 'n')).toBe(10);
    expect(JSON.parse((await s.read('default'))!).serial).toBe(10);
  });
});
