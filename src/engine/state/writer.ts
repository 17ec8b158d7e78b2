// Records each finished operation at once: appended to the journal (durable, cheap), and
// compacted into the state file (atomic rewrite) every `flushEvery` operations and at close.
// A crash loses at most the operation in flight, which the re-run's refresh or deterministic
// ids recover.
import { PROVIDER_ADDRESS } from '../../schema';
import type { Attrs } from '../plan/model';
import { readState, recoverState, writeState } from './file';
import { emptyState, StateResource, TerraformState } from './format';
import { Journal, journalFileOf, JournalEntry, toResource } from './journal';

export function providerFor(type: string): string {
  return type.startsWith('null_') ? 'provider["registry.terraform.io/hashicorp/null"]' : `provider["${PROVIDER_ADDRESS}"]`;
}

const key = (mode: string, type: string, name: string) => `${mode}\u0000${type}\u0000${name}`;

export interface WriterOptions {
  /** Rewrite the state file after this many operations. @default adaptive: 1 for small states, up to 1/10 of the resources */
  flushEvery?: number;
}

export class StateWriter {
  private readonly resources = new Map<string, StateResource>();
  private readonly journal: Journal;
  private base: TerraformState;
  private pending = 0;
  private readonly flushEvery: number;

  constructor(private readonly file: string, state: TerraformState | undefined, opts: WriterOptions = {}) {
    // A journal left by a crash is compacted first, so our own journal never overwrites it.
    this.base = (recoverState(file) ? readState(file) : state) ?? emptyState();
    for (const r of this.base.resources) this.resources.set(key(r.mode, r.type, r.name), r);
    this.journal = new Journal(journalFileOf(file));
    this.flushEvery = opts.flushEvery ?? Math.max(1, Math.min(256, Math.floor(this.resources.size / 10)));
  }

  /** The state as it stands, including operations not yet compacted. */
  get state(): TerraformState {
    return { ...this.base, resources: this.sorted() };
  }

  /** Sets (or with null removes) one resource's instance. */
  record(mode: 'managed' | 'data', type: string, name: string, attrs: Attrs | null, opts: { dependencies?: string[]; tainted?: boolean; schemaVersion?: number } = {}): void {
    const entry: JournalEntry = { mode, type, name, attrs, provider: providerFor(type), ...opts };
    if (this.pending === 0) this.journal.open({ lineage: this.base.lineage, serial: this.base.serial });
    this.journal.append(entry);
    if (attrs === null) this.resources.delete(key(mode, type, name));
    else this.resources.set(key(mode, type, name), toResource(entry));
    if (++this.pending >= this.flushEvery) this.flush();
  }

  /** Compacts: writes the whole state atomically, then drops the journal it covers. */
  flush(): TerraformState {
    if (this.pending === 0) return this.base;
    this.base = writeState(this.file, { ...this.base, resources: this.sorted() });
    this.journal.remove();
    this.pending = 0;
    return this.base;
  }

  private sorted(): StateResource[] {
    return [...this.resources.values()].sort((a, b) => (a.mode + a.type + a.name).localeCompare(b.mode + b.type + b.name));
  }
}
