// Our own corp-wide records (quota use, registry of stacks) in the backend's schema, next to
// Terraform's `states` table, which Terraform never looks beyond. Generic: one JSON value per
// (corp_id, key), read freely, changed only under a row lock inside a transaction so concurrent
// runs never lose an update.
import type { PgSession } from './session';
import { PgQueryError } from './errors';
import { retryCatalogRace } from './ddl';
import { ledgerSql, quoteIdent } from './sql';

export type LedgerUpdate<T> = (current: T | undefined) => T | undefined | Promise<T | undefined>;

export class PgLedger {
  private ready?: Promise<void>;
  private readonly sql: ReturnType<typeof ledgerSql>;

  constructor(private readonly session: PgSession, private readonly schemaName: string, private readonly skipTableCreation: boolean, private readonly createSchema = false) {
    this.sql = ledgerSql(schemaName);
  }

  /** Creates the table unless skip_table_creation (then it must exist: the error gives its DDL). */
  ensure(): Promise<void> {
    this.ready ??= this.session.exclusive(async ({ q }) => {
      if (!this.skipTableCreation) {
        if (this.createSchema) await retryCatalogRace(() => q(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(this.schemaName)}`));
        await retryCatalogRace(() => q(this.sql.create));
        return;
      }
      const [{ ok }] = await q<{ ok: boolean }>(this.sql.exists, [this.sql.qualifiedName]);
      if (!ok) throw new PgQueryError(`table ${this.sql.qualifiedName} does not exist and skip_table_creation is set: create it with ${this.sql.create}`);
    }).catch((e) => { this.ready = undefined; throw e; });
    return this.ready;
  }

  async get<T = unknown>(corpId: string, key: string): Promise<T | undefined> {
    await this.ensure();
    const rows = await this.session.exclusive(({ q }) => q<{ data: T | null }>(this.sql.get, [corpId, key]));
    return rows[0]?.data ?? undefined;
  }

  /** Entries whose key starts with prefix (e.g. `stack:`), by key. */
  async list<T = unknown>(corpId: string, prefix = ''): Promise<Array<{ key: string; data: T }>> {
    await this.ensure();
    return this.session.exclusive(({ q }) => q<{ key: string; data: T }>(this.sql.list, [corpId, prefix]));
  }

  /**
   * Atomically replaces the value with fn(current); fn returning undefined deletes it. Concurrent
   * updates of the same key (from any run) wait for each other. fn runs inside the transaction:
   * keep it short, and do not call the store from it. A throwing fn changes nothing.
   */
  async update<T = unknown>(corpId: string, key: string, fn: LedgerUpdate<T>): Promise<T | undefined> {
    await this.ensure();
    return this.session.exclusive(async ({ q }) => {
      await q('BEGIN');
      try {
        await q(this.sql.placeholder, [corpId, key]);
        const [row] = await q<{ data: T | null }>(this.sql.selectForUpdate, [corpId, key]);
        const next = await fn(row?.data ?? undefined);
        if (next === undefined) await q(this.sql.delete, [corpId, key]);
        else await q(this.sql.update, [corpId, key, JSON.stringify(next)]);
        await q('COMMIT');
        return next;
      } catch (e) {
        await q('ROLLBACK').catch(() => undefined);
        throw e;
      }
    });
  }
}
