// The corp ledger: what every run against one WeCom corp must know about the others.
// - Quota use: WeCom's daily chat-create and hourly chat-update quotas are per corp, whatever
//   stack or runner spends them. Each run records its own calls under its own id, so runs that
//   save at the same time never overwrite each other; readers add up every run's calls.
// - Stacks: which stacks of which project have been applied, where their state lives and how to
//   reach the corp, so a stack deleted from the code is still found (and can be destroyed).
// Pure functions here; where the ledger is stored is local.ts (a file per corp) or pg.ts.

export type QuotaName = 'chatCreatesPerDay' | 'chatUpdatesPerHour';
export type QuotaHistory = Record<QuotaName, number[]>;

/** Where a stack's state lives, enough to read it without the stack's code. */
export type StateLocation = { backend: 'local'; path: string } | { backend: 'pg'; schema: string; workspace: string };

export interface StackEntry {
  project: string;
  stack: string;
  state: StateLocation;
  /** The provider block (no secrets: only the names of the variables holding them). */
  provider: Record<string, unknown>;
  appliedAt: string;
}

export interface LedgerDoc {
  version: 1;
  corpId: string;
  /** Quota calls by run id, completion times in epoch ms. */
  runs: Record<string, { at: string } & Partial<QuotaHistory>>;
  /** By `<project>/<stack>`. */
  stacks: Record<string, StackEntry>;
}

export const emptyLedger = (corpId: string): LedgerDoc => ({ version: 1, corpId, runs: {}, stacks: {} });

const DAY = 24 * 3_600_000;

/** Every run's calls still worth keeping (the last day), merged. */
export function quotaUse(doc: LedgerDoc, now = Date.now(), exceptRun?: string): QuotaHistory {
  const out: QuotaHistory = { chatCreatesPerDay: [], chatUpdatesPerHour: [] };
  for (const [id, r] of Object.entries(doc.runs)) {
    if (id === exceptRun) continue;
    for (const q of ['chatCreatesPerDay', 'chatUpdatesPerHour'] as const) out[q].push(...(r[q] ?? []).filter((t) => t > now - DAY));
  }
  out.chatCreatesPerDay.sort((a, b) => a - b);
  out.chatUpdatesPerHour.sort((a, b) => a - b);
  return out;
}

/** Records this run's own calls and drops runs with nothing left inside a day. */
export function withRun(doc: LedgerDoc, runId: string, own: QuotaHistory, now = Date.now()): LedgerDoc {
  const runs: LedgerDoc['runs'] = {};
  for (const [id, r] of Object.entries(doc.runs)) {
    if (id === runId) continue;
    const keep = { chatCreatesPerDay: (r.chatCreatesPerDay ?? []).filter((t) => t > now - DAY), chatUpdatesPerHour: (r.chatUpdatesPerHour ?? []).filter((t) => t > now - DAY) };
    if (keep.chatCreatesPerDay.length || keep.chatUpdatesPerHour.length) runs[id] = { at: r.at, ...keep };
  }
  if (own.chatCreatesPerDay.length || own.chatUpdatesPerHour.length) runs[runId] = { at: new Date(now).toISOString(), ...own };
  return { ...doc, runs };
}

export const stackKey = (project: string, stack: string) => `${project}/${stack}`;

/** Registers (or, with null, forgets) a stack that was applied. */
export function withStack(doc: LedgerDoc, project: string, stack: string, entry: StackEntry | null): LedgerDoc {
  const stacks = { ...doc.stacks };
  if (entry) stacks[stackKey(project, stack)] = entry;
  else delete stacks[stackKey(project, stack)];
  return { ...doc, stacks };
}

/** Calls in `all` that are not in `preloaded` (multiset difference): what this run itself made. */
export function ownCalls(all: QuotaHistory, preloaded: QuotaHistory): QuotaHistory {
  const minus = (xs: number[], ys: number[]) => {
    const left = new Map<number, number>();
    for (const y of ys) left.set(y, (left.get(y) ?? 0) + 1);
    return xs.filter((x) => { const n = left.get(x) ?? 0; if (n) { left.set(x, n - 1); return false; } return true; });
  };
  return { chatCreatesPerDay: minus(all.chatCreatesPerDay, preloaded.chatCreatesPerDay), chatUpdatesPerHour: minus(all.chatUpdatesPerHour, preloaded.chatUpdatesPerHour) };
}

export function parseLedger(text: string, corpId: string): LedgerDoc {
  try {
    const doc = JSON.parse(text) as Partial<LedgerDoc>;
    if (doc && doc.version === 1 && typeof doc.runs === 'object' && typeof doc.stacks === 'object') return { ...emptyLedger(corpId), ...doc };
  } catch { /* unreadable: start afresh (quota only ever errs on the generous side) */ }
  return emptyLedger(corpId);
}
