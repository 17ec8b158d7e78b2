// The pg backend's settings, connection strings, redaction and lock keys, without a server.
import {
  applicationNameFor, checkWorkspaceName, openTofuCreationKey, pgBackendConfig, PgConfigError, quoteIdent, redactPg,
  resolveTarget, describeTarget,
} from '../../src/engine/state/pg';
import { pgBackendOfStack } from '../../src/engine/state/pg/config';
import { parseConnStr } from '../../src/engine/state/pg/conn-string';
import { fnv1_32 } from '../../src/engine/state/pg/sql';

describe('pg backend settings (as Terraform resolves them)', () => {
  test('defaults: schema terraform_remote_state, nothing skipped, conn_str empty', () => {
    expect(pgBackendConfig({}, {})).toEqual({
      connStr: '', schemaName: 'terraform_remote_state', skipSchemaCreation: false, skipTableCreation: false, skipIndexCreation: false,
    });
    expect(pgBackendConfig(undefined, {})).toEqual(pgBackendConfig({}, {}));
  });

  test('the synthesized block (snake_case keys) wins over the environment', () => {
    const env = { PG_CONN_STR: 'postgres://env/db', PG_SCHEMA_NAME: 'env_schema', PG_SKIP_SCHEMA_CREATION: 'true' };
    expect(pgBackendConfig({ conn_str: 'postgres://block/db', schema_name: 'block_schema', skip_schema_creation: false, skip_table_creation: true, skip_index_creation: true }, env))
      .toEqual({ connStr: 'postgres://block/db', schemaName: 'block_schema', skipSchemaCreation: false, skipTableCreation: true, skipIndexCreation: true });
  });

  test('unset or empty values fall back to PG_CONN_STR, PG_SCHEMA_NAME, PG_SKIP_*_CREATION', () => {
    const env = { PG_CONN_STR: 'postgres://env/db', PG_SCHEMA_NAME: 'env_schema', PG_SKIP_SCHEMA_CREATION: '1', PG_SKIP_TABLE_CREATION: 'T', PG_SKIP_INDEX_CREATION: 'False' };
    expect(pgBackendConfig({ conn_str: '', schema_name: null }, env)).toEqual({
      connStr: 'postgres://env/db', schemaName: 'env_schema', skipSchemaCreation: true, skipTableCreation: true, skipIndexCreation: false,
    });
    expect(pgBackendConfig({}, { PG_SCHEMA_NAME: '' }).schemaName).toBe('terraform_remote_state');
  });

  test('bools parse like Go strconv.ParseBool; anything else and unknown keys are refused', () => {
    expect(pgBackendConfig({ skip_index_creation: 'TRUE' }, {}).skipIndexCreation).toBe(true);
    expect(() => pgBackendConfig({}, { PG_SKIP_TABLE_CREATION: 'yes' })).toThrow(/invalid value for "skip_table_creation"/);
    expect(() => pgBackendConfig({ schemaName: 'x' }, {})).toThrow(PgConfigError);
  });

  test('from a synthesized stack: only for the pg backend', () => {
    expect(pgBackendOfStack({ terraform: { backend: { local: { path: 'x' } } } }, {})).toBeUndefined();
    expect(pgBackendOfStack({ terraform: { backend: { pg: { schema_name: 's' } } } }, {})?.schemaName).toBe('s');
  });
});

describe('conn_str (as lib/pq reads it)', () => {
  test('URL form, with PG* environment fallbacks and lib/pq defaults (sslmode require)', () => {
    const t = resolveTarget('postgres://alice:p%40ss@db.example.com:6543/tf?connect_timeout=5&search_path=x', {});
    expect(t).toMatchObject({ host: 'db.example.com', port: 6543, user: 'alice', password: 'p@ss', database: 'tf', sslmode: 'require', connectTimeoutMs: 5000, params: { search_path: 'x' } });
    const e = resolveTarget('', { PGHOST: 'h', PGPORT: '7', PGUSER: 'u', PGDATABASE: 'd', PGSSLMODE: 'disable' });
    expect(e).toMatchObject({ host: 'h', port: 7, user: 'u', database: 'd', sslmode: 'disable' });
    expect(resolveTarget('postgresql://[::1]/x', { PGUSER: 'u' })).toMatchObject({ host: '::1', port: 5432, database: 'x' });
  });

  test('key/value form with quotes and escapes', () => {
    expect(parseConnStr(`host=h port = 5 user=u password='it\\'s secret' dbname=d sslmode=verify-full`))
      .toEqual({ host: 'h', port: '5', user: 'u', password: "it's secret", dbname: 'd', sslmode: 'verify-full' });
  });

  test('unsupported sslmode is refused as lib/pq does', () => {
    expect(() => resolveTarget('postgres://h/d?sslmode=prefer', {})).toThrow(/unsupported sslmode "prefer"/);
  });

  test('describing a target never shows the password', () => {
    const t = resolveTarget('postgres://alice:TopSecret99@db:5432/tf', {});
    expect(describeTarget(t)).toBe('PostgreSQL at db:5432, database "tf", user "alice"');
  });
});

describe('redaction', () => {
  test('URL userinfo, password= pairs (quoted, in query strings) and known literals', () => {
    expect(redactPg('dial postgres://bob:hunter2@db:5432/x failed')).toBe('dial postgres://bob:***@db:5432/x failed');
    expect(redactPg('postgresql://bob:p@ss/w@rd@db/x')).toBe('postgresql://bob:***@db/x');
    expect(redactPg("host=db password='a b\\' c' user=u")).toBe('host=db password=*** user=u');
    expect(redactPg('host=db password=xyz user=u')).toBe('host=db password=*** user=u');
    expect(redactPg('postgres://db/x?sslmode=disable&password=abc&user=u')).toBe('postgres://db/x?sslmode=disable&password=***&user=u');
    expect(redactPg('server said S3cr#t and S3cr%23t', ['S3cr#t'])).toBe('server said *** and ***');
  });
});

describe('names and keys', () => {
  test('identifiers are quoted like lib/pq QuoteIdentifier', () => {
    expect(quoteIdent('terraform_remote_state')).toBe('"terraform_remote_state"');
    expect(quoteIdent('My "odd" schema')).toBe('"My ""odd"" schema"');
  });

  test("OpenTofu's creation-lock key is -(FNV-1 32 of schema NUL table)", () => {
    // FNV-1 32 reference vectors.
    expect(fnv1_32(Buffer.from(''))).toBe(0x811c9dc5);
    expect(fnv1_32(Buffer.from('a'))).toBe(0x050c5d7e);
    expect(fnv1_32(Buffer.from('foobar'))).toBe(0x31f0b262);
    expect(openTofuCreationKey('terraform_remote_state')).toBe(String(-fnv1_32(Buffer.from('terraform_remote_state\0states'))));
    expect(Number(openTofuCreationKey('x'))).toBeLessThan(0);
  });

  test('application_name names us, the operation, user@host and pid, within 63 bytes', () => {
    expect(applicationNameFor('apply', 'ci@runner-7', 4242)).toBe('cdktf-wecom apply ci@runner-7 pid 4242');
    expect(Buffer.byteLength(applicationNameFor('apply', 'x'.repeat(100)))).toBeLessThanOrEqual(63);
  });

  test('workspace names as Terraform accepts them', () => {
    expect(checkWorkspaceName('default')).toBe('default');
    expect(checkWorkspaceName('proj-a_1.x')).toBe('proj-a_1.x');
    expect(() => checkWorkspaceName('a/b')).toThrow(/invalid workspace name/);
    expect(() => checkWorkspaceName('')).toThrow(/invalid workspace name/);
    expect(() => checkWorkspaceName('has space')).toThrow(/invalid workspace name/);
  });
});
