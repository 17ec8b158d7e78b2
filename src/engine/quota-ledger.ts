// WeCom's daily chat-create and hourly chat-update quotas span runs, but a client only counts
// its own calls. The ledger keeps the completion times of recent quota-counted calls next to
// the state (`<state>.quota.json`), so the next plan knows how much quota is left.
import * as fs from 'node:fs';
import type { RateLimiter } from '../client';
import { writeFileAtomic } from './state/file';

type History = Record<'chatCreatesPerDay' | 'chatUpdatesPerHour', number[]>;

export const ledgerFileOf = (statePath: string) => `${statePath}.quota.json`;

export function loadLedger(file: string): Partial<History> {
  try {
    const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as { corpId?: string } & Partial<History>;
    const times = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : []);
    return { chatCreatesPerDay: times(doc.chatCreatesPerDay), chatUpdatesPerHour: times(doc.chatUpdatesPerHour) };
  } catch {
    return {}; // missing or unreadable: start counting afresh (the quota only ever errs on the generous side)
  }
}

/** Saves what the limiter counted (only times still inside their windows). */
export function saveLedger(file: string, limiter: RateLimiter, corpId: string): void {
  const h = limiter.quotaHistory();
  if (!h.chatCreatesPerDay.length && !h.chatUpdatesPerHour.length && !fs.existsSync(file)) return;
  writeFileAtomic(file, JSON.stringify({ corpId, ...h }) + '\n');
}
