// Terraform's schema preparation (backend.go Configure), statement for statement: the schema
// only when information_schema lacks it (CREATE SCHEMA needs a privilege a user may not have
// even when the schema exists), the global sequence, the table, the index; each skippable.
import type { PgBackendConfig } from './config';
import { PgQueryError } from './errors';
import type { Queries } from './session';
import { terraformSql } from './sql';

/** Catalog races between two runs creating the same object at once (IF NOT EXISTS is not atomic). */
const RACE_CODES = new Set(['23505', '42P06', '42P07', '42710']);

export async function retryCatalogRace<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (i >= attempts || !(e instanceof PgQueryError) || !RACE_CODES.has(e.sqlState ?? '')) throw e;
    }
  }
}

export async function ensureTerraformSchema({ q }: Queries, config: PgBackendConfig): Promise<void> {
  const sql = terraformSql(config.schemaName);
  if (!config.skipSchemaCreation) {
    const [{ count }] = await q<{ count: string }>(sql.schemaExists, [config.schemaName]);
    if (Number(count) < 1) await retryCatalogRace(() => q(sql.createSchema));
  }
  if (!config.skipTableCreation) {
    await retryCatalogRace(() => q(sql.createSequence));
    await retryCatalogRace(() => q(sql.createTable));
  }
  if (!config.skipIndexCreation) await retryCatalogRace(() => q(sql.createIndex));
}
