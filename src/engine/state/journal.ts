// The state journal: every finished operation is appended (and fsynced) to `<state>.journal`
// before anything else happens, and the full state file is rewritten every so often and at the
// end. Rewriting a 10,000-resource state after each of 10,000 operations would write ~50 GB;
// the journal keeps "each finished operation is durable at once" at the cost of one small
// append. Whoever reads the state next (plan, apply) replays a journal left by a crash.
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

  constructor(private readonly file: string) {}

  /** Starts a journal for changes on top of the state with this lineage and serial. */
  open(base: { lineage: string; serial: number }): void {
    this.close();
    this.fd = fs.openSync(this.file, 'w', 0o600);
    this.write({ journal: 1, lineage: base.lineage, serial: base.serial } satisfies JournalHeader);
  }

  append(entry: JournalEntry): void {
    this.write(entry);
  }

  close(): void {
    if (this.fd !== undefined) { fs.closeSync(this.fd); this.fd = undefined; }
  }

  remove(): void {
    this.close();
    fs.rmSync(this.file, { force: true });
  }

  private write(obj: unknown): void {
    if (this.fd === undefined) throw new Error('state journal is not open');
    fs.writeSync(this.fd, JSON.stringify(obj) + '\n');
    fs.fsyncSync(this.fd);
  }
}

/** Applies one journal entry to a resource list (pure). */
export function applyEntry(resources: StateResource[], e: JournalEntry): StateResource[] {
  const rest = resources.filter((r) => !(r.mode === e.mode && r.type === e.type && r.name === e.name));
  if (e.attrs === null) return rest;
  return [...rest, toResource(e)];
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
