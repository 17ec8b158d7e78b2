// Records each finished operation at once: appended to the journal (durable, cheap), and
// compacted into the state file (atomic rewrite) every `flushEvery` operations and at close.
// A crash loses at most the operations in flight, which the re-run's refresh or deterministic
// ids recover. By default the journal is compacted once it holds as many operations as the
// state had resources at the last compaction: each rewrite is paid for by as many appends, so
// an apply writes the state O(log n) times growing from empty (1, 2, 4, 8, ... resources) and
// O(1) times otherwise. (Comparing with the size *now*, which grows with every create, never
// fired again after the first resource: a 10,000-chat apply that died left a 1-chat state
// and a 15 MB journal that Terraform does not read.)
// With `groupCommit`, the journal fsync runs in the background and the operations that finish
// while one runs share the next; record() resolves once its entry is durable, so a caller that
// awaits it reports nothing as done before it is on disk (an fsync per operation, ~1 ms each,
// blocked the event loop for half of a 10,000-chat apply).
import { PROVIDER_ADDRESS } from '../../schema';
import type { Attrs } from '../plan/model';
import { readState, recoverState, writeState } from './file';
import { emptyState, StateResource, TerraformState } from './format';
import { Journal, journalFileOf, JournalEntry, toResource } from './journal';
import { schemaVersionOf } from './upgrade';

/** Registry address of the provider a resource type belongs to. */
export function providerAddress(type: string): string {
  return type.startsWith('null_') ? 'registry.terraform.io/hashicorp/null' : PROVIDER_ADDRESS;
}

/** The provider reference Terraform writes into state: `provider["<address>"]`. */
export function providerFor(type: string): string {
  return `provider["${providerAddress(type)}"]`;
}

const key = (mode: string, type: string, name: string) => `${mode}\u0000${type}\u0000${name}`;

export interface WriterOptions {
  /** Rewrite the state file after this many operations. @default adaptive: as many as the state has resources (at least 1) */
  flushEvery?: number;
  /** Journal fsyncs in the background, shared by the operations recorded meanwhile; record() resolves once durable. @default false: every record() is durable when it returns */
  groupCommit?: boolean;
}

export class StateWriter {
  private readonly resources = new Map<string, StateResource>();
  private readonly journal: Journal;
  private base: TerraformState;
  private pending = 0;
  /** Compact once the journal holds this many operations: the state's size at the last compaction (>= 1), so rewrites double in spacing. */
  private compactAt: number;
  private readonly flushEvery: number | undefined;
  private readonly groupCommit: boolean;
  /** Records waiting for the next journal sync (group commit). */
  private waiting: Array<{ resolve: () => void; reject: (err: unknown) => void }> = [];
  private syncRunning = false;
  private outputsDirty = false;

  constructor(private readonly file: string, state: TerraformState | undefined, opts: WriterOptions = {}) {
    // A journal left by a crash is compacted first, so our own journal never overwrites it.
    this.base = (recoverState(file) ? readState(file) : state) ?? emptyState();
    for (const r of this.base.resources) this.resources.set(key(r.mode, r.type, r.name), r);
    this.journal = new Journal(journalFileOf(file));
    this.flushEvery = opts.flushEvery;
    this.compactAt = Math.max(1, this.resources.size);
    this.groupCommit = opts.groupCommit ?? false;
  }

  /** The state as it stands, including operations not yet compacted. */
  get state(): TerraformState {
    return { ...this.base, resources: this.sorted() };
  }

  /**
   * Sets (or with null removes) one resource's instance. Durable when it returns, or with
   * `groupCommit` when the promise resolves.
   */
  record(mode: 'managed' | 'data', type: string, name: string, attrs: Attrs | null, opts: { dependencies?: string[]; tainted?: boolean; schemaVersion?: number } = {}): Promise<void> {
    const entry: JournalEntry = { mode, type, name, attrs, provider: providerFor(type), schemaVersion: schemaVersionOf(mode, type), ...opts };
    if (this.pending === 0) this.journal.open({ lineage: this.base.lineage, serial: this.base.serial });
    this.journal.append(entry);
    if (attrs === null) this.resources.delete(key(mode, type, name));
    else this.resources.set(key(mode, type, name), toResource(entry));
    if (++this.pending >= (this.flushEvery ?? this.compactAt)) this.flush();
    else if (this.groupCommit) return this.syncSoon();
    else this.journal.sync();
    return Promise.resolve();
  }

  /** Replaces the stack's outputs (other stacks read them); written at the next compaction. */
  setOutputs(outputs: TerraformState['outputs']): void {
    if (JSON.stringify(outputs) === JSON.stringify(this.base.outputs)) return;
    this.base = { ...this.base, outputs };
    this.outputsDirty = true;
  }

  /** Compacts: writes the whole state atomically, then drops the journal it covers. */
  flush(): TerraformState {
    if (this.pending === 0 && !this.outputsDirty) return this.base;
    this.outputsDirty = false;
    this.base = writeState(this.file, { ...this.base, resources: this.sorted() });
    this.journal.remove();
    this.pending = 0;
    this.compactAt = Math.max(1, this.resources.size);
    // The state file now holds what they were waiting to have synced.
    const covered = this.waiting;
    this.waiting = [];
    covered.forEach((w) => w.resolve());
    return this.base;
  }

  /** Resolves once the entry just appended is durable (by a journal sync or a compaction). */
  private syncSoon(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      if (!this.syncRunning) this.syncNext();
    });
  }

  /** Group commit: one background fsync at a time; what is appended meanwhile goes in the next. */
  private syncNext(): void {
    const batch = this.waiting;
    this.waiting = [];
    if (!batch.length) return;
    this.syncRunning = true;
    this.journal.syncInBackground().then(
      () => batch.forEach((w) => w.resolve()),
      (err: unknown) => batch.forEach((w) => w.reject(err)),
    ).finally(() => {
      this.syncRunning = false;
      this.syncNext();
    });
  }

  private sorted(): StateResource[] {
    return [...this.resources.values()].sort((a, b) => (a.mode + a.type + a.name).localeCompare(b.mode + b.type + b.name));
  }
}
