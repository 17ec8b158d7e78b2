// The state journal: every finished operation is appended (and fsynced) to `<state>.journal`
// before it counts as done, and the full state file is rewritten every so often and at the
// end. Rewriting a 10,000-resource state after each of 10,000 operations would write ~50 GB;
// the journal keeps "each finished operation is durable at once" at the cost of one small
// append (operations finishing together may share one write and fsync: sync()).
// Whoever reads the state next (plan, apply) replays a journal left by a crash.
import * as fs from 'node:fs';
import type { TerraformState, StateResource } from './format';
import type { Attrs } from '../plan/model';

export interface JournalEntry {
  mode: 'managed' | 'data';
  type: string;
  name: string;
  /** null: the resource left the state. */
  attrs: Attrs | null;
  dependencies?: string[];
  tainted?: boolean;
  schemaVersion?: number;
  provider: string;
}

interface JournalHeader { journal: 1; lineage: string; serial: number }

export const journalFileOf = (stateFile: string) => `${stateFile}.journal`;

export class Journal {
  private fd: number | undefined;
  private buffered: string[] = [];
  /** The descriptor a background fsync runs on; close() leaves it open until that is done. */
  private syncingFd: number | undefined;
  private closeWhenSynced = false;

  constructor(private readonly file: string) {}

  /** Starts a journal for changes on top of the state with this lineage and serial. */
  open(base: { lineage: string; serial: number }): void {
    this.close();
    this.fd = fs.openSync(this.file, 'w', 0o600);
    this.write({ journal: 1, lineage: base.lineage, serial: base.serial } satisfies JournalHeader);
  }

  /** Buffers an entry; it is durable once a sync covering it is done. */
  append(entry: JournalEntry): void {
    this.write(entry);
  }

  /** Writes what was appended since the last sync in one write, then fsyncs once. */
  sync(): void {
    const fd = this.writeBuffered();
    if (fd !== undefined) fs.fsyncSync(fd);
  }

  /**
   * Like sync(), but the fsync runs in the background (libuv's thread pool), so the event loop
   * goes on meanwhile. One at a time: the caller waits for it before the next.
   */
  syncInBackground(): Promise<void> {
    if (this.syncingFd !== undefined) return Promise.reject(new Error('a state journal sync is already running'));
    let fd: number | undefined;
    try { fd = this.writeBuffered(); } catch (err) { return Promise.reject(err); }
    if (fd === undefined) return Promise.resolve();
    const syncing = fd;
    this.syncingFd = syncing;
    return new Promise((resolve, reject) => fs.fsync(syncing, (err) => {
      this.syncingFd = undefined;
      if (this.closeWhenSynced) { this.closeWhenSynced = false; fs.close(syncing, () => undefined); }
      if (err) reject(err); else resolve();
    }));
  }

  close(): void {
    this.buffered = [];
    if (this.fd === undefined) return;
    if (this.fd === this.syncingFd) this.closeWhenSynced = true;
    else fs.closeSync(this.fd);
    this.fd = undefined;
  }

  remove(): void {
    this.close();
    fs.rmSync(this.file, { force: true });
  }

  private write(obj: unknown): void {
    if (this.fd === undefined) throw new Error('state journal is not open');
    this.buffered.push(JSON.stringify(obj) + '\n');
  }

  /** The descriptor written to, or undefined when nothing was buffered. */
  private writeBuffered(): number | undefined {
    if (!this.buffered.length) return undefined;
    if (this.fd === undefined) throw new Error('state journal is not open');
    const text = this.buffered.join('');
    this.buffered = [];
    fs.writeSync(this.fd, text);
    return this.fd;
  }
}

/** Applies one journal entry to a resource list (pure). */
export function applyEntry(resources: StateResource[], e: JournalEntry): StateResource[] {
  return replayEntries(resources, [e]);
}

/**
 * Applies journal entries in order (pure): a changed resource moves to the end, as with
 * applyEntry one at a time, in O(resources + entries) rather than O(resources x entries).
 */
export function replayEntries(resources: StateResource[], entries: JournalEntry[]): StateResource[] {
  const key = (r: { mode: string; type: string; name: string }) => `${r.mode}\u0000${r.type}\u0000${r.name}`;
  const touched = new Map<string, StateResource | null>();
  for (const e of entries) {
    touched.delete(key(e));
    touched.set(key(e), e.attrs === null ? null : toResource(e));
  }
  const rest = resources.filter((r) => !touched.has(key(r)));
  for (const r of touched.values()) if (r) rest.push(r);
  return rest;
}

export function toResource(e: JournalEntry): StateResource {
  return {
    mode: e.mode, type: e.type, name: e.name, provider: e.provider,
    instances: [{
      schema_version: e.schemaVersion ?? 0,
      attributes: e.attrs!,
      sensitive_attributes: [],
      ...(e.dependencies?.length ? { dependencies: e.dependencies } : {}),
      ...(e.tainted ? { status: 'tainted' as const } : {}),
    }],
  };
}

/**
 * The entries of a journal left for `state`, or [] when there is none or it belongs to another
 * state (other lineage or serial: it was already compacted, or the state was replaced). A torn
 * last line (a crash mid-append) is ignored: that operation's answer was never recorded, and
 * the next refresh finds the object.
 */
export function readJournal(stateFile: string, state: TerraformState | undefined): JournalEntry[] {
  let text: string;
  try {
    text = fs.readFileSync(journalFileOf(stateFile), 'utf8');
  } catch {
    return [];
  }
  const lines = text.split('\n').filter(Boolean);
  const parsed: unknown[] = [];
  for (const line of lines) {
    try { parsed.push(JSON.parse(line)); } catch { break; }
  }
  const header = parsed[0] as JournalHeader | undefined;
  if (!header || header.journal !== 1) return [];
  const base = state ? { lineage: state.lineage, serial: state.serial } : undefined;
  if (base && (header.lineage !== base.lineage || header.serial !== base.serial)) return [];
  return parsed.slice(1) as JournalEntry[];
}
