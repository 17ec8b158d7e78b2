// A stack whose state lives in PostgreSQL (cdktf's PgBackend), exactly as Terraform's pg backend
// keeps it (pg/). The engine works on a local mirror of the state — the journal, compaction and
// every reader stay the same — and the mirror is pushed to the `states` row at every compaction
// and at the end of the run, while this run holds the workspace's advisory lock on its own
// dedicated connection for the whole run. A run that finds its mirror ahead of the row (same
// lineage, higher serial: a push that failed) pushes it before anything else.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../../fs-atomic';
import { emptyLedger, LedgerDoc } from '../ledger/doc';
import type { LedgerStore } from '../ledger/store';
import { onStateReplaced } from './file';
import { parseState } from './format';
import { DEFAULT_SCHEMA_NAME, describeTarget, PgBackendConfig, PgStateStore, resolveTarget } from './pg';

export const PG_WORKSPACE = 'default';

/** Where the mirror of a pg stack's state is kept, under the project folder. */
export function pgMirrorPath(projectDir: string, stackName: string, config: PgBackendConfig, env: NodeJS.ProcessEnv = process.env): string {
  const id = createHash('sha256').update(pgStateKey(config, env)).digest('hex').slice(0, 10);
  return path.join(projectDir, '.cdktf-wecom', 'pg', `${stackName}.${id}.tfstate`);
}

/** Identity of a pg state (no password): also how cross-stack references find it within a run. */
export function pgStateKey(config: PgBackendConfig, env: NodeJS.ProcessEnv = process.env): string {
  return `pg:${describeTarget(resolveTarget(config.connStr, env))} schema "${config.schemaName}" workspace "${PG_WORKSPACE}"`;
}

const open = new Map<string, PgStateMirror>();

/** The open mirror of a state file, while a run holds it (the ledger lives in the same schema). */
export const pgMirrorOf = (statePath: string): PgStateMirror | undefined => open.get(path.resolve(statePath));

export class PgStateMirror {
  private pushing: Promise<void> = Promise.resolve();
  private lastPushed: string | undefined;
  private failed: Error | undefined;
  private readonly off: () => void;

  /** The database (not the schema): mirrors with the same target share a connection. */
  readonly target: string;

  private constructor(readonly store: PgStateStore, readonly mirror: string) {
    this.target = pgStateKey({ ...store.config, schemaName: '' });
    this.off = onStateReplaced(mirror, () => this.pushSoon());
  }

  /**
   * Connects (or, given `shareWith`, uses that mirror's connection: same database), creates
   * Terraform's schema where missing, takes the lock, and brings the mirror up to date.
   */
  static async open(config: PgBackendConfig, mirror: string, operation: string, env: NodeJS.ProcessEnv = process.env, shareWith?: PgStateMirror): Promise<PgStateMirror> {
    const store = shareWith ? shareWith.store.sibling(config) : await PgStateStore.open({ config, env, operation });
    try {
      await store.ensureSchema();
      await store.lock(PG_WORKSPACE, { operation });
      const m = new PgStateMirror(store, mirror);
      open.set(path.resolve(mirror), m);
      await m.sync();
      return m;
    } catch (err) {
      await store.close().catch(() => undefined);
      throw err;
    }
  }

  get description(): string {
    return `${this.store.where}, schema "${this.store.config.schemaName}", workspace "${PG_WORKSPACE}"`;
  }

  /** The row's state into the mirror, unless the mirror holds newer operations of the same state. */
  private async sync(): Promise<void> {
    const row = await this.store.read(PG_WORKSPACE);
    const local = fs.existsSync(this.mirror) ? fs.readFileSync(this.mirror, 'utf8') : undefined;
    const ahead = row !== undefined && local !== undefined && (() => {
      const a = parseState(row, this.description), b = parseState(local, this.mirror);
      return a.lineage === b.lineage && b.serial > a.serial;
    })();
    if (ahead) {
      this.lastPushed = row;
      this.pushSoon();
      await this.pushing;
      if (this.failed) throw this.failed;
      return;
    }
    fs.mkdirSync(path.dirname(this.mirror), { recursive: true });
    fs.rmSync(`${this.mirror}.journal`, { force: true }); // a journal of an older mirror is not this state's
    if (row === undefined) fs.rmSync(this.mirror, { force: true });
    else if (local !== row) writeFileAtomic(this.mirror, row); // unchanged since the last run: no rewrite (an fsync per stack)
    this.lastPushed = row;
  }

  /** Pushes the mirror as it is now, after whatever push is running. */
  private pushSoon(): void {
    this.pushing = this.pushing.then(async () => {
      if (this.failed) return;
      const text = fs.existsSync(this.mirror) ? fs.readFileSync(this.mirror, 'utf8') : undefined;
      if (text === undefined || text === this.lastPushed) return;
      try {
        await this.store.write(PG_WORKSPACE, text);
        this.lastPushed = text;
      } catch (err) {
        this.failed = err as Error;
      }
    });
  }

  /** Waits for the pushes, pushes the final state, releases the lock and the connection. Throws if the row could not be written. */
  async finish(): Promise<void> {
    try {
      this.pushSoon();
      await this.pushing;
      if (this.failed) {
        throw new Error(`the state could not be written to PostgreSQL (${this.description}): ${this.failed.message}. ` +
          `It is kept in ${this.mirror}; the next run pushes it before anything else.`);
      }
    } finally {
      this.off();
      open.delete(path.resolve(this.mirror));
      await this.store.close().catch(() => undefined);
    }
  }

  /**
   * The corp ledger, one row per corp, in the database of the state, in one schema for every
   * stack of that database: WECOM_LEDGER_SCHEMA, by default `terraform_remote_state` (the pg
   * backend's default schema). Stacks keep a schema each (cdktf's PgBackend keeps one `default`
   * row per schema), yet count one corp quota and share one registry of stacks.
   */
  ledgerStore(corpId: string, env: NodeJS.ProcessEnv = process.env): LedgerStore {
    const schema = env.WECOM_LEDGER_SCHEMA || DEFAULT_SCHEMA_NAME;
    const ledger = this.store.ledgerIn(schema);
    return {
      description: `${this.store.where}, table "${schema}".cdktf_wecom_ledger`,
      read: async () => (await ledger.get<LedgerDoc>(corpId, 'ledger')) ?? emptyLedger(corpId),
      update: async (fn) => {
        let out: LedgerDoc | undefined;
        await ledger.update<LedgerDoc>(corpId, 'ledger', (cur) => (out = fn(cur ?? emptyLedger(corpId))));
        return out!;
      },
    };
  }
}
