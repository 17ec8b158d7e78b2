// Per-endpoint call counts and a bounded call log for the inspection interface. Entries hold
// the path without its query string, so no access token or robot key ever lands here.

export interface CallEntry {
  seq: number;
  /** Simulator clock, ms since epoch. */
  time: number;
  method: string;
  path: string;
  /** null when the connection was reset without an answer. */
  errcode: number | null;
  agentid?: number;
  /** Robot key fingerprint for webhook calls. */
  robot?: string;
  fault?: string;
}

export interface CallCount { calls: number; ok: number; errors: Record<string, number> }

export const CALL_LOG_MAX = 1000;

export class CallLog {
  private seq = 0;
  private entries: CallEntry[] = [];
  private counts = new Map<string, CallCount>();

  record(entry: Omit<CallEntry, 'seq'>): void {
    this.entries.push({ seq: ++this.seq, ...entry });
    if (this.entries.length > CALL_LOG_MAX) this.entries.splice(0, this.entries.length - CALL_LOG_MAX);
    let c = this.counts.get(entry.path);
    if (!c) this.counts.set(entry.path, (c = { calls: 0, ok: 0, errors: {} }));
    c.calls++;
    if (entry.errcode === 0) c.ok++;
    else {
      const k = entry.errcode === null ? 'reset' : String(entry.errcode);
      c.errors[k] = (c.errors[k] ?? 0) + 1;
    }
  }

  log(): CallEntry[] {
    return this.entries.map((e) => ({ ...e }));
  }

  countsByPath(): Record<string, CallCount> {
    return Object.fromEntries([...this.counts].map(([k, v]) => [k, { ...v, errors: { ...v.errors } }]));
  }

  reset(): void {
    this.entries = [];
    this.counts.clear();
  }
}
