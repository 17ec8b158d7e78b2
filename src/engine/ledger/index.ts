// Attaching the corp ledger to a runtime: quota spent by every other run and stack of the corp
// is preloaded into the rate limiter (so a plan sees what is left today), and when the runtime
// closes, this run's own calls are added under its run id. A legacy per-stack `<state>.quota.json`
// (earlier releases) is read once and folded into the corp ledger.
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import type { Runtime } from '../runtime';
import { emptyLedger, LedgerDoc, ownCalls, QuotaHistory, quotaUse, withRun } from './doc';
import type { LedgerStore } from './store';

export * from './doc';
export type { LedgerStore } from './store';
export { LocalLedgerStore, ledgerFileName } from './local';

export interface AttachedLedger {
  store: LedgerStore;
  runId: string;
  /** What was preloaded (other runs' calls), so only our own are saved. */
  preloaded: QuotaHistory;
  /** Legacy per-stack ledgers folded in at save, then removed. */
  legacy: Array<{ file: string; history: QuotaHistory }>;
}

export const legacyLedgerOf = (statePath: string) => `${statePath}.quota.json`;

function readLegacy(file: string): QuotaHistory | undefined {
  try {
    const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<QuotaHistory>;
    const times = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : []);
    return { chatCreatesPerDay: times(doc.chatCreatesPerDay), chatUpdatesPerHour: times(doc.chatUpdatesPerHour) };
  } catch {
    return undefined;
  }
}

export async function attachLedger(rt: Runtime, store: LedgerStore, legacyFiles: string[] = []): Promise<LedgerDoc> {
  const doc = await store.read().catch(() => emptyLedger(rt.corpId));
  const legacy = legacyFiles.map((file) => ({ file, history: readLegacy(file) })).filter((l): l is { file: string; history: QuotaHistory } => !!l.history);
  const preloaded = quotaUse({ ...doc, runs: { ...doc.runs, ...Object.fromEntries(legacy.map((l) => [`legacy:${l.file}`, { at: '', ...l.history }])) } });
  rt.limiter.preloadQuota(preloaded);
  rt.ledger = { store, runId: randomUUID(), preloaded, legacy };
  return doc;
}

/** Adds this run's own quota calls to the ledger (and folds in legacy files, then removes them). */
export async function saveLedgerQuota(rt: Runtime): Promise<void> {
  const l = rt.ledger;
  if (!l) return;
  const own = ownCalls(rt.limiter.quotaHistory(), l.preloaded);
  if (!own.chatCreatesPerDay.length && !own.chatUpdatesPerHour.length && !l.legacy.length) return;
  await l.store.update((doc) => {
    let next = withRun(doc, l.runId, own);
    for (const x of l.legacy) next = withRun(next, `legacy:${x.file}`, x.history);
    return next;
  });
  for (const x of l.legacy) fs.rmSync(x.file, { force: true });
  l.legacy = [];
}
