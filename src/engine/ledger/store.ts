// Where a corp ledger is kept: a file for the local backend (local.ts), a table in the backend's
// schema for pg. Both read the whole document and update it atomically.
import type { LedgerDoc } from './doc';

export interface LedgerStore {
  /** For messages: where it lives. */
  readonly description: string;
  read(): Promise<LedgerDoc>;
  /** Applies `fn` to the current document atomically (no concurrent update is lost). */
  update(fn: (doc: LedgerDoc) => LedgerDoc): Promise<LedgerDoc>;
}
