// The state of cdktf stacks with cdktf's PgBackend, kept exactly where and how Terraform's pg
// backend keeps it, so Terraform and cdktf-wecom can take turns on the same stack.
//
// Usage: open → ensureSchema → lock(workspace) → read → … write … → unlock → close. Everything
// runs on one dedicated connection (session.ts); if it dies, the locks died with it and every
// later call throws PgConnectionLostError.
import { randomUUID } from 'node:crypto';
import type { PgBackendConfig } from './config';
import { resolveTarget } from './conn-string';
import { ensureTerraformSchema } from './ddl';
import { PgConnectionLostError, PgStateLockedError, PgWriteRefusedError, lockName } from './errors';
import { PgLedger } from './ledger';
import { acquire, CREATION_KEY, HeldKeys, releaseKey, switchToRowLock } from './locks';
import { applicationNameFor, defaultWho, PgSession } from './session';
import { openTofuCreationKey, terraformSql } from './sql';
import { checkWorkspaceName, DEFAULT_WORKSPACE } from './workspace';

export interface PgStateStoreOptions {
  config: PgBackendConfig;
  /** PG* fallbacks for what conn_str leaves out (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Shown in application_name until lock() names the operation. */
  operation?: string;
  /** `user@host` (default: this process's). */
  who?: string;
  /** Called once if the connection dies; the store is unusable from then on. */
  onConnectionLost?: (err: PgConnectionLostError) => void;
}

export interface PgLockInfo {
  /** plan, apply, destroy, …; shown to others in our application_name. */
  operation: string;
  who?: string;
  /** Our id for this lock (Terraform's LockInfo.ID); random when absent. */
  id?: string;
}

export interface PgStateLock {
  readonly workspace: string;
  readonly schema: string;
  readonly id: string;
  readonly operation: string;
  readonly who: string;
  readonly created: string;
  /** States row id whose advisory lock we hold; undefined while we hold the creation lock (no row yet). */
  readonly rowId: string | undefined;
  /** Advisory lock keys held on our session now. */
  readonly keys: readonly string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function checkState(text: string): void {
  let doc: { version?: unknown; lineage?: unknown; serial?: unknown };
  try {
    doc = JSON.parse(text) as typeof doc;
  } catch (e) {
    throw new PgWriteRefusedError(`refusing to write state: not JSON (${(e as Error).message})`);
  }
  if (doc?.version !== 4 || typeof doc.lineage !== 'string' || !doc.lineage || !Number.isInteger(doc.serial) || (doc.serial as number) < 0) {
    throw new PgWriteRefusedError('refusing to write state: not a Terraform state of version 4 (needs version 4, a lineage and a serial)');
  }
}

export class PgStateStore {
  readonly ledger: PgLedger;
  private readonly locks = new Map<string, { info: PgStateLock; held: HeldKeys }>();
  private readonly sql: ReturnType<typeof terraformSql>;
  private appName: string;

  private constructor(readonly config: PgBackendConfig, private readonly session: PgSession, appName: string, private readonly who: string) {
    this.sql = terraformSql(config.schemaName);
    this.ledger = new PgLedger(session, config.schemaName, config.skipTableCreation);
    this.appName = appName;
    session.describeHeldLocks = () => [...this.locks.values()].map(({ info }) => this.describeLock(info)).join('; ');
  }

  /**
   * The ledger table in another schema of the same database (created if missing): stacks keep
   * their state in a schema each (one `default` row per schema), while the corp ledger is shared.
   */
  ledgerIn(schemaName: string): PgLedger {
    return schemaName === this.config.schemaName ? this.ledger : new PgLedger(this.session, schemaName, this.config.skipTableCreation, !this.config.skipSchemaCreation);
  }

  /** Connects (one dedicated session). Throws PgConfigError / PgConnectionError, both free of passwords. */
  static async open(opts: PgStateStoreOptions): Promise<PgStateStore> {
    const target = resolveTarget(opts.config.connStr, opts.env ?? process.env);
    const who = opts.who ?? defaultWho();
    const appName = applicationNameFor(opts.operation, who);
    const session = await PgSession.connect(target, appName, opts.onConnectionLost);
    return new PgStateStore(opts.config, session, appName, who);
  }

  /** `PostgreSQL at host:port, database "d", user "u"`. */
  get where(): string {
    return this.session.where;
  }

  /** What others see in pg_stat_activity (and our lock errors show for us). */
  get applicationName(): string {
    return this.appName;
  }

  /** Set once the connection died: our locks are gone. */
  get lost(): PgConnectionLostError | undefined {
    return this.session.lost;
  }

  /** -1 (Terraform) and OpenTofu's key for this schema. */
  get creationLockKeys(): string[] {
    return [CREATION_KEY, openTofuCreationKey(this.config.schemaName)];
  }

  /** Terraform's DDL, each part unless its skip flag is set. Idempotent; run it once after open(). */
  ensureSchema(): Promise<void> {
    return this.session.exclusive((db) => ensureTerraformSchema(db, this.config));
  }

  /**
   * Takes the workspace's state lock as Terraform does. Refused: PgStateLockedError naming the
   * lock and, where PostgreSQL shows it, its holder. timeoutMs > 0 retries until then (like
   * `-lock-timeout`), calling onWait after each refusal (to tell the user whom we wait for);
   * the default tries once.
   */
  async lock(workspace: string, info: PgLockInfo, opts: { timeoutMs?: number; onWait?: (refused: PgStateLockedError) => void } = {}): Promise<PgStateLock> {
    checkWorkspaceName(workspace);
    if (this.locks.has(workspace)) throw new Error(`pg state store: workspace "${workspace}" is already locked by this run`);
    const who = info.who ?? this.who;
    const deadline = Date.now() + Math.max(0, opts.timeoutMs ?? 0);
    const appName = applicationNameFor(info.operation, who);
    for (;;) {
      try {
        const held = await this.session.exclusive(async (db) => {
          // Name the operation before taking the lock, so whoever we block can see what we do.
          if (appName !== this.appName) await db.q(`SELECT set_config('application_name', $1, false)`, [appName]);
          this.appName = appName;
          return acquire(db, this.config.schemaName, workspace, openTofuCreationKey(this.config.schemaName));
        });
        const lock = {
          workspace, schema: this.config.schemaName, id: info.id ?? randomUUID(), operation: info.operation, who,
          created: new Date().toISOString(),
          get rowId() { return held.rowId; },
          get keys() { return [...held.keys]; },
        };
        this.locks.set(workspace, { info: lock, held });
        return lock;
      } catch (e) {
        if (!(e instanceof PgStateLockedError) || Date.now() >= deadline) throw e;
        opts.onWait?.(e);
        await sleep(Math.min(1000, Math.max(0, deadline - Date.now())));
      }
    }
  }

  /** The lock this store holds on workspace, if any. */
  held(workspace: string): PgStateLock | undefined {
    return this.locks.get(workspace)?.info;
  }

  /** The workspace's state JSON as stored, or undefined when it has no row. Locking first is up to the caller. */
  async read(workspace: string = DEFAULT_WORKSPACE): Promise<string | undefined> {
    checkWorkspaceName(workspace);
    const rows = await this.session.exclusive(({ q }) => q<{ data: string | null }>(this.sql.read, [workspace]));
    return rows[0]?.data ?? undefined;
  }

  /**
   * Terraform's upsert. Requires this store's lock on the workspace (the lock is the only guard:
   * Terraform does no compare-and-swap on serial) and a v4 state. The first write of a new
   * workspace also moves our lock from the creation lock to the new row's lock.
   */
  async write(workspace: string, text: string): Promise<void> {
    checkWorkspaceName(workspace);
    const entry = this.locks.get(workspace);
    if (!entry) throw new PgWriteRefusedError(`refusing to write the state of workspace "${workspace}": this run does not hold its lock (call lock() first)`);
    checkState(text);
    await this.session.exclusive(async (db) => {
      await db.q(this.sql.write, [workspace, text]);
      await switchToRowLock(db, this.config.schemaName, workspace, entry.held);
    });
  }

  /**
   * The state of a workspace in another schema of this database, unlocked (as Terraform's
   * terraform_remote_state reads): listing and planning the destroy of a stack found in the registry.
   */
  async readIn(schemaName: string, workspace: string = DEFAULT_WORKSPACE): Promise<string | undefined> {
    checkWorkspaceName(workspace);
    const rows = await this.session.exclusive(({ q }) => q<{ data: string | null }>(terraformSql(schemaName).read, [workspace]).catch(() => []));
    return rows[0]?.data ?? undefined;
  }

  /** Schemas of this database holding a corp ledger table (where stack registries live). */
  async ledgerSchemas(): Promise<string[]> {
    const rows = await this.session.exclusive(({ q }) => q<{ s: string }>("SELECT table_schema AS s FROM information_schema.tables WHERE table_name = 'cdktf_wecom_ledger' ORDER BY 1"));
    return rows.map((r) => r.s);
  }

  /** Workspaces with state, `default` first (Terraform's Workspaces()). */
  async workspaces(): Promise<string[]> {
    const rows = await this.session.exclusive(({ q }) => q<{ name: string }>(this.sql.workspaces));
    return [DEFAULT_WORKSPACE, ...rows.map((r) => r.name)];
  }

  /** Releases the lock on workspace, or all locks of this store. A lost connection already released them. */
  async unlock(workspace?: string): Promise<void> {
    const names = workspace === undefined ? [...this.locks.keys()] : [workspace];
    for (const name of names) {
      const entry = this.locks.get(name);
      if (!entry) continue;
      this.locks.delete(name);
      if (this.session.lost) continue;
      await this.session.exclusive(async (db) => {
        for (const key of [...entry.held.keys].reverse()) await releaseKey(db, key);
      });
    }
  }

  /** Unlocks everything and ends the session (ending it would release the locks anyway). */
  async close(): Promise<void> {
    try {
      if (!this.session.lost) await this.unlock();
    } finally {
      this.locks.clear();
      if (--this.users.count === 0) await this.session.close();
    }
  }

  /**
   * A store for another schema on this store's connection. A run over several pg stacks of one
   * database holds all their locks on one session: advisory locks taken by one session never
   * block each other (two new workspaces both need the creation lock -1), and it is still one
   * dedicated connection for the run. The connection ends when the last of them closes.
   */
  sibling(config: PgBackendConfig): PgStateStore {
    const s = new PgStateStore(config, this.session, this.appName, this.who);
    s.users = this.users;
    this.users.count++;
    return s;
  }

  /** Stores sharing the session (sibling()); the last close() ends it. */
  private users = { count: 1 };

  private describeLock(l: PgStateLock): string {
    return l.rowId
      ? lockName(l.schema, l.workspace, 'workspace', l.rowId, l.rowId)
      : lockName(l.schema, l.workspace, 'creation', l.keys.join(' and '));
  }
}
