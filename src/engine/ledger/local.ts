// The corp ledger of the local backend: one file per corp next to the state files
// (`cdktf-wecom.<corp id>.ledger.json`), rewritten atomically under its own short lock, so
// concurrent runs on one machine (or a shared folder) add to it without losing each other's entries.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../../fs-atomic';
import { acquireLock, StateLockedError } from '../state/lock';
import { LedgerDoc, parseLedger } from './doc';
import type { LedgerStore } from './store';

export const ledgerFileName = (corpId: string) => `cdktf-wecom.${corpId.replace(/[^A-Za-z0-9_-]/g, '_')}.ledger.json`;

export class LocalLedgerStore implements LedgerStore {
  readonly file: string;

  constructor(dir: string, private readonly corpId: string) {
    this.file = path.join(dir, ledgerFileName(corpId));
  }

  get description(): string {
    return this.file;
  }

  read(): Promise<LedgerDoc> {
    return Promise.resolve(this.readSync());
  }

  readSync(): LedgerDoc {
    try {
      return parseLedger(fs.readFileSync(this.file, 'utf8'), this.corpId);
    } catch {
      return parseLedger('', this.corpId);
    }
  }

  async update(fn: (doc: LedgerDoc) => LedgerDoc): Promise<LedgerDoc> {
    // Held for a read-modify-write of a small file: a busy ledger frees within milliseconds.
    for (let attempt = 0; ; attempt++) {
      try {
        const lock = acquireLock(this.file, 'ledger', '0', { terraform: false });
        try {
          const next = fn(this.readSync());
          writeFileAtomic(this.file, JSON.stringify(next, null, 1) + '\n');
          return next;
        } finally {
          lock.release();
        }
      } catch (err) {
        if (!(err instanceof StateLockedError) || attempt >= 200) throw err;
        await new Promise((r) => setTimeout(r, 25));
      }
    }
  }
}
