// ONE dedicated pg.Client for the whole run: advisory locks belong to the session that took
// them (an unlock on another pooled connection silently returns false), and they end when that
// session ends. So: no pool, no reconnect (a new session would not hold our locks), and
// statements are serialized (a ledger transaction must not swallow a concurrent state write).
import { AsyncLocalStorage } from 'node:async_hooks';
import * as os from 'node:os';
import type { Client, QueryResultRow } from 'pg';
import { clientConfig, describeTarget, PgTarget } from './conn-string';
import { PgConnectionError, PgConnectionLostError, PgQueryError } from './errors';
import { redactPg } from './redact';

/** What we are, for others' error messages: `cdktf-wecom plan alice@ci-7 pid 4242` (PostgreSQL keeps 63 bytes). */
export function applicationNameFor(operation?: string, who = defaultWho(), pid = process.pid): string {
  const name = ['cdktf-wecom', operation, who, `pid ${pid}`].filter(Boolean).join(' ');
  return Buffer.from(name).subarray(0, 63).toString('utf8').replace(/\uFFFD$/, '');
}

export function defaultWho(): string {
  let user = 'unknown';
  try { user = os.userInfo().username; } catch { /* no passwd entry (containers) */ }
  return `${user}@${os.hostname()}`;
}

export type Query = <R extends QueryResultRow = QueryResultRow>(text: string, values?: unknown[]) => Promise<R[]>;

/** The query functions handed to exclusive(); `array` returns rows as arrays (Terraform's lock query repeats a column name). */
export interface Queries {
  q: Query;
  array: (text: string, values?: unknown[]) => Promise<unknown[][]>;
}

export class PgSession {
  private chain: Promise<unknown> = Promise.resolve();
  private readonly inside = new AsyncLocalStorage<true>();
  private lostError?: PgConnectionLostError;
  private closing = false;
  /** Locks to name if the connection dies (set by the store). */
  describeHeldLocks: () => string = () => '';

  private constructor(private readonly client: Client, readonly target: PgTarget, readonly where: string,
    private readonly onLost?: (err: PgConnectionLostError) => void) {}

  static async connect(target: PgTarget, applicationName: string, onLost?: (err: PgConnectionLostError) => void): Promise<PgSession> {
    const where = describeTarget(target);
    // Loaded here, not at import: most runs (and every terraform-provider-wecom process) never use it.
    const { Client: PgClient } = require('pg') as typeof import('pg');
    const client = new PgClient(clientConfig(target, applicationName));
    const session = new PgSession(client, target, where, onLost);
    // Without an 'error' listener a dropped connection would crash the process.
    client.on('error', (e) => session.markLost(e));
    client.on('end', () => session.markLost(new Error('the server closed the connection')));
    try {
      await client.connect();
    } catch (e) {
      await client.end().catch(() => undefined);
      const err = e as Error & { code?: string };
      throw new PgConnectionError(`cannot connect to ${where} (sslmode ${target.sslmode}): ${session.redact(err.message || String(err.code ?? err))}`, err.code);
    }
    return session;
  }

  get lost(): PgConnectionLostError | undefined {
    return this.lostError;
  }

  redact(text: string): string {
    return redactPg(text, [this.target.password]);
  }

  private markLost(e: Error): void {
    if (this.closing || this.lostError) return;
    const held = this.describeHeldLocks();
    this.lostError = new PgConnectionLostError(`the connection to ${this.where} was lost: ${this.redact(e.message)}. ` +
      (held ? `Its locks (${held}) ended with it, so another run may now hold them: stop without writing state.` : 'Stop and retry the run.'));
    this.onLost?.(this.lostError);
  }

  /** Runs fn alone on the connection (nothing else interleaves). Not re-entrant: fn must not call the store. */
  exclusive<T>(fn: (db: Queries) => Promise<T>): Promise<T> {
    if (this.inside.getStore()) {
      return Promise.reject(new Error('pg state store: called from inside one of its own callbacks (e.g. a ledger update function); that would deadlock'));
    }
    const run = () => this.inside.run(true, () => fn({ q: this.query, array: this.arrayQuery }));
    const result = this.chain.then(run, run);
    this.chain = result.catch(() => undefined);
    return result;
  }

  private readonly query: Query = <R extends QueryResultRow>(text: string, values?: unknown[]) =>
    this.run(() => this.client.query<R>(text, values).then((r) => r.rows), text);

  private readonly arrayQuery = (text: string, values?: unknown[]) =>
    this.run(() => this.client.query<unknown[]>({ text, values, rowMode: 'array' }).then((r) => r.rows), text);

  private async run<T>(fn: () => Promise<T>, text: string): Promise<T> {
    this.throwIfUnusable();
    try {
      return await fn();
    } catch (e) {
      const err = e as Error & { code?: string };
      this.throwIfUnusable(); // the failure was the connection dying: say so, not "query failed"
      throw new PgQueryError(`${this.where}: ${this.redact(err.message)} (in: ${text.length > 120 ? `${text.slice(0, 120)}…` : text})`, err.code);
    }
  }

  private throwIfUnusable(): void {
    if (this.lostError) throw this.lostError;
    if (this.closing) throw new PgConnectionError(`the connection to ${this.where} is closed`);
  }

  async close(): Promise<void> {
    if (this.closing) return;
    // Let queued statements (an unlock) finish first.
    await this.chain.catch(() => undefined);
    this.closing = true;
    await this.client.end().catch(() => undefined);
  }
}
