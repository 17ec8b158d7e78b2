// Which failures are worth another attempt, and how long to wait before it.
//
// Policy (docs/client.md "Retries and idempotency"):
// - errcode -1 (busy), 45009 (frequency limit), 45033 (concurrency limit): WeCom rejected the
//   call before applying it, so every endpoint, idempotent or not, is retried with backoff
//   (-1 at most 3 times, as WeCom asks; the others up to maxAttempts).
// - token errcodes (40001/40014/42001): the caller refreshes the token once and repeats.
// - refused connections (never sent): retried everywhere.
// - timeouts, resets, 5xx (outcome unknown): retried only for idempotent endpoints, or where the
//   endpoint can check the outcome (appchat/create with a chatid, appchat/update by re-reading).
// - everything else (validation, permission, not found): never retried.
// Backoff is exponential with full jitter, bounded by attempts AND by total elapsed time.

import { ResolvedRetry } from './options';
import { WecomApiError, WecomNetworkError, isTokenErrcode, isTransientErrcode } from './errors';

export type FailureKind = 'token' | 'transient' | 'not-sent' | 'unknown-outcome' | 'permanent';

export function classify(err: unknown): FailureKind {
  if (err instanceof WecomApiError) {
    if (isTokenErrcode(err.errcode)) return 'token';
    return isTransientErrcode(err.errcode) ? 'transient' : 'permanent';
  }
  if (err instanceof WecomNetworkError) {
    if (!err.retryable) return 'permanent';
    return err.notSent ? 'not-sent' : 'unknown-outcome';
  }
  return 'permanent';
}

/** Ceiling grows base * 2^(n-1) up to maxDelayMs; full jitter picks uniformly below it. */
export function backoffDelay(failures: number, r: ResolvedRetry, random: () => number): number {
  const ceiling = Math.min(r.maxDelayMs, r.baseDelayMs * 2 ** Math.max(0, failures - 1));
  return r.jitter === 'full' ? Math.floor(random() * ceiling) : ceiling;
}

/** Counts retries of one call and says whether another one fits the budget. */
export class RetryBudget {
  private failures = 0;
  private slept = 0;
  private paused = 0;
  private readonly startedAt: number;

  constructor(private readonly r: ResolvedRetry, private readonly now: () => number, private readonly random: () => number) {
    this.startedAt = now();
  }

  get retries(): number { return this.failures; }

  /** Time spent waiting for rate budget is not retrying: keep it out of maxTotalMs. */
  pause(ms: number): void { this.paused += ms; }

  /** The delay before the next attempt, or undefined when attempts or time are spent. */
  next(): number | undefined {
    if (this.failures + 1 >= this.r.maxAttempts) return undefined;
    const delay = backoffDelay(this.failures + 1, this.r, this.random);
    // Elapsed by the clock, or by what we slept if the clock is frozen (injected in tests).
    const elapsed = Math.max(this.now() - this.startedAt - this.paused, this.slept);
    if (elapsed + delay > this.r.maxTotalMs) return undefined;
    this.failures++;
    this.slept += delay;
    return delay;
  }
}
