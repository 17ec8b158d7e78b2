// The call pipeline every typed method goes through:
//   rate limit -> concurrency slot -> access token -> HTTP -> errcode check -> retry decision.
// Retry decisions live in retry.ts; this file only applies them, plus the token refresh and
// the per-call hook for non-idempotent endpoints that can check their own outcome.

import type { FormData } from 'undici';
import { EndpointSpec } from '../wecom/endpoints';
import { WecomEnvelope } from '../wecom/types';
import { Semaphore } from './concurrency';
import { WecomApiError, WecomError, WecomNetworkError, WecomOutcomeUnknownError } from './errors';
import { ClientEvent, ResolvedRetry } from './options';
import { RateLimiter } from './rate-limit';
import { fingerprint, Redactor } from './redact';
import { classify, RetryBudget } from './retry';
import { TokenProvider } from './token';
import { Transport } from './transport';

/** What a reconcile hook found after a lost answer: done (with the result) or redo (maybe narrowed). */
export type Reconciled<T> = { done: true; value: T } | { done: false; json?: unknown };

export interface CallOptions<T> {
  readonly query?: Record<string, string | number | undefined>;
  readonly json?: unknown;
  readonly form?: () => FormData;
  /** Robot webhook key (sent as ?key=, counted against the per-robot limit). */
  readonly robotKey?: string;
  /**
   * A non-idempotent call lost its answer (timeout, reset, 5xx): 'throw' (default) raises
   * WECOM_OUTCOME_UNKNOWN; 'retry' repeats it (the endpoint checks the outcome itself, e.g.
   * appchat/create with a chatid); a function reads the object back and decides.
   */
  readonly onUnknown?: 'throw' | 'retry' | ((lost: WecomError) => Promise<Reconciled<T>>);
  /**
   * Wait up to this long (ms, from the start of the call) for a per-minute rate window instead
   * of giving up: the client's own window, and WeCom's when it answers 45009 — then the call is
   * asked again after growing pauses (RATE_POLL_FIRST_MS doubling to RATE_POLL_MAX_MS) until
   * WeCom accepts it or the time is up. WeCom does not say when its window frees, so its answer
   * decides, not an assumed 60 s. These attempts do not use up the retry budget. Without this
   * option 45009 is retried like -1, within the retry budget.
   */
  readonly rateWaitMs?: number;
}

/** First pause after a 45009 while waiting for a rate window; doubles up to RATE_POLL_MAX_MS (jittered 50-100 %). */
export const RATE_POLL_FIRST_MS = 1000;
export const RATE_POLL_MAX_MS = 10_000;

export interface CallResult<T> {
  readonly data: T;
  readonly attempts: number;
  /** An earlier attempt of this call lost its answer (WeCom may have applied it). */
  readonly lostAnswer: boolean;
  /** Time spent waiting for rate windows (the client's own and WeCom's 45009). */
  readonly rateWaitedMs: number;
}

export interface ClientStats {
  calls: Record<string, number>;
  retries: number;
  tokenRefreshes: number;
  rateWaits: number;
  rateWaitMs: number;
  reconciles: number;
  adoptions: number;
}

export interface CallerDeps {
  transport: Transport;
  limiter: RateLimiter;
  semaphore: Semaphore;
  redactor: Redactor;
  retry: ResolvedRetry;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  emit: (event: ClientEvent) => void;
  stats: ClientStats;
  tokens?: TokenProvider;
}

export class Caller {
  private closed = false;

  constructor(private readonly d: CallerDeps) {}

  markClosed(): void { this.closed = true; }

  async call<T extends WecomEnvelope>(spec: EndpointSpec, o: CallOptions<T> = {}): Promise<CallResult<T>> {
    if (this.closed) throw new WecomError('WECOM_CLOSED', `${spec.path}: the client is closed`, { endpoint: spec.path });
    if (o.robotKey) this.d.redactor.register(o.robotKey);
    try {
      return await this.loop(spec, o);
    } catch (err) {
      throw this.d.redactor.scrubError(err);
    }
  }

  private async loop<T extends WecomEnvelope>(spec: EndpointSpec, o: CallOptions<T>): Promise<CallResult<T>> {
    const budget = new RetryBudget(this.d.retry, this.d.now, this.d.random);
    const started = this.d.now();
    const deadline = o.rateWaitMs === undefined ? undefined : started + o.rateWaitMs;
    const waits = { ms: 0, polls: 0 };
    let json = o.json;
    let attempt = 0;
    let tokenRetried = false;
    let lostAnswer = false;
    let busy = 0;
    for (;;) {
      attempt++;
      let token: string | undefined;
      try {
        if (spec.token) token = await this.token().get();
        const data = await this.once<T>(spec, { ...o, json }, token, attempt, budget, deadline, waits);
        return { data, attempts: attempt, lostAnswer, rateWaitedMs: waits.ms };
      } catch (err) {
        // A gettoken failure already went through its own retries: never loop on it here.
        if (!(err instanceof WecomError) || err.endpoint !== spec.path) throw err;
        countAttempts(err, attempt);
        err.lostAnswer = lostAnswer;
        const kind = classify(err);
        if (kind === 'token' && token !== undefined && !tokenRetried) {
          tokenRetried = true;
          this.token().invalidate(token);
          this.retried(spec, attempt, 0, 'token rejected; refreshing once');
          continue;
        }
        const unknown = kind === 'unknown-outcome';
        if (kind === 'permanent' || kind === 'token') throw err;
        if (o.rateWaitMs !== undefined && err instanceof WecomApiError && err.errcode === 45009) {
          // Elapsed by the clock, or by what we waited if the clock is frozen (injected in tests).
          const left = o.rateWaitMs - Math.max(this.d.now() - started, waits.ms);
          if (left <= 0) throw this.rateWaitSpent(err, o.rateWaitMs, waits.ms, lostAnswer);
          const ceiling = Math.min(RATE_POLL_MAX_MS, RATE_POLL_FIRST_MS * 2 ** waits.polls++);
          const delay = Math.max(1, Math.min(left, Math.ceil(ceiling * (0.5 + 0.5 * this.d.random()))));
          budget.pause(delay);
          this.rateWaited(spec.path, 'errcode 45009 (WeCom\'s window)', delay, waits);
          await this.d.sleep(delay);
          continue;
        }
        if (unknown && !spec.idempotent && (o.onUnknown ?? 'throw') === 'throw') {
          throw new WecomOutcomeUnknownError(spec.path, attempt, err);
        }
        // WeCom asks to retry -1 (busy) at most 3 times; frequency/concurrency limits and lost connections get the whole budget.
        if (err instanceof WecomApiError && err.errcode === -1 && ++busy > this.d.retry.maxBusyRetries) throw err;
        const delay = budget.next();
        if (delay === undefined) {
          if (unknown && !spec.idempotent) throw new WecomOutcomeUnknownError(spec.path, attempt, err);
          throw err;
        }
        this.retried(spec, attempt, delay, kind === 'transient' ? `errcode ${(err as WecomApiError).errcode}` : err.code);
        await this.d.sleep(delay);
        lostAnswer ||= unknown;
        if (unknown && !spec.idempotent && typeof o.onUnknown === 'function') {
          this.d.stats.reconciles++;
          const r = await o.onUnknown(err).catch((readErr: unknown) => {
            throw new WecomOutcomeUnknownError(spec.path, attempt, readErr);
          });
          this.d.emit({ type: 'reconcile', endpoint: spec.path, outcome: r.done ? 'applied' : 'not applied; repeating' });
          if (r.done) return { data: r.value, attempts: attempt, lostAnswer, rateWaitedMs: waits.ms };
          if (r.json !== undefined) json = r.json;
        }
      }
    }
  }

  /** One HTTP exchange: rate budget, concurrency slot, request, errcode check. */
  private async once<T extends WecomEnvelope>(
    spec: EndpointSpec, o: CallOptions<T>, token: string | undefined, attempt: number, budget: RetryBudget,
    deadline: number | undefined, waits: { ms: number },
  ): Promise<T> {
    const robot = o.robotKey === undefined ? undefined : fingerprint(o.robotKey);
    const permit = await this.d.limiter.acquire(spec.path, robot, (endpoint, limit, waitMs) => {
      budget.pause(waitMs);
      this.rateWaited(endpoint, limit, waitMs, waits);
    }, deadline);
    try {
      return await this.d.semaphore.run(async () => {
        const query = { ...o.query, ...(token === undefined ? {} : { access_token: token }), ...(o.robotKey ? { key: o.robotKey } : {}) };
        this.d.stats.calls[spec.path] = (this.d.stats.calls[spec.path] ?? 0) + 1;
        const started = this.d.now();
        const base = { type: 'request', endpoint: spec.path, method: spec.method, attempt } as const;
        try {
          const res = await this.d.transport.send<T>({ method: spec.method, path: spec.path, query, json: o.json, form: o.form?.() });
          this.d.emit({ ...base, durationMs: this.d.now() - started, errcode: res.errcode });
          if (res.errcode !== 0) throw new WecomApiError({ endpoint: spec.path, errcode: res.errcode, errmsg: String(res.errmsg ?? ''), attempts: attempt });
          return res;
        } catch (err) {
          if (err instanceof WecomNetworkError) this.d.emit({ ...base, durationMs: this.d.now() - started, error: err.code });
          throw err;
        }
      });
    } finally {
      permit.release();
    }
  }

  private rateWaited(endpoint: string, limit: string, waitMs: number, waits: { ms: number }): void {
    waits.ms += waitMs;
    this.d.stats.rateWaits++;
    this.d.stats.rateWaitMs += waitMs;
    this.d.emit({ type: 'rate-wait', endpoint, limit, waitMs });
  }

  /** 45009 still, and the call's rate wait is used up: the last answer, saying how long we waited. */
  private rateWaitSpent(err: WecomApiError, maxMs: number, waitedMs: number, lostAnswer: boolean): WecomApiError {
    const s = (ms: number): string => `${Number((ms / 1000).toFixed(1))} s`;
    const out = new WecomApiError({
      endpoint: err.endpoint ?? '', errcode: err.errcode, errmsg: err.errmsg, attempts: err.attempts,
      detail: `Still refused after waiting ${s(waitedMs)} for the rate window (at most ${s(maxMs)}).`,
    });
    out.lostAnswer = lostAnswer;
    return out;
  }

  private retried(spec: EndpointSpec, attempt: number, delayMs: number, reason: string): void {
    this.d.stats.retries++;
    this.d.emit({ type: 'retry', endpoint: spec.path, attempt, delayMs, reason });
  }

  private token(): TokenProvider {
    if (!this.d.tokens) throw new WecomError('WECOM_CONFIG', 'this client has no corp credentials; only robot webhooks are available');
    return this.d.tokens;
  }
}

/**
 * Records how many attempts a call made on the error that ends it, and says so in the message
 * (WecomApiError and WecomOutcomeUnknownError already do): CI logs must show that retries ran.
 */
function countAttempts(err: WecomError, attempts: number): void {
  err.attempts = attempts;
  if (err instanceof WecomApiError || err instanceof WecomOutcomeUnknownError) return;
  err.message = err.message.replace(/ \[after \d+ attempts?\]$/, '') + ` [after ${attempts} attempt${attempts === 1 ? '' : 's'}]`;
}
