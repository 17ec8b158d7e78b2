// Client options, their defaults, and validation. Invalid options fail in the constructor
// with WECOM_CONFIG, naming the option and what is allowed.

import { DEFAULT_RATE_LIMITS, RateLimits } from '../wecom/limits';
import { configError } from './errors';
import type { TokenCache } from './token';
import type { RateLimiter } from './rate-limit';

export const DEFAULT_BASE_URL = 'https://qyapi.weixin.qq.com/cgi-bin/';

export interface RetryOptions {
  /** Total attempts per call, the first included. @default 8 */
  readonly maxAttempts?: number;
  /** Retries after errcode -1 (system busy) within those. @default 3 (WeCom: retry -1 at most 3 times) */
  readonly maxBusyRetries?: number;
  /** First backoff ceiling. @default 200 */
  readonly baseDelayMs?: number;
  /** Largest single backoff. @default 10_000 */
  readonly maxDelayMs?: number;
  /** Give up once this much time went by (first attempt to next retry). @default 60_000 */
  readonly maxTotalMs?: number;
  /** 'full': delay uniform in [0, ceiling]; 'none': exactly the ceiling. @default 'full' */
  readonly jitter?: 'full' | 'none';
}

/** Structured events; never carry secrets (they pass through the redactor). */
export type ClientEvent =
  | { type: 'request'; endpoint: string; method: string; attempt: number; durationMs: number; errcode?: number; error?: string }
  | { type: 'retry'; endpoint: string; attempt: number; delayMs: number; reason: string }
  | { type: 'token-refresh'; reason: 'missing' | 'expiring' | 'invalidated' }
  | { type: 'rate-wait'; endpoint: string; limit: string; waitMs: number }
  | { type: 'reconcile'; endpoint: string; outcome: string };

export interface WecomClientOptions {
  readonly corpId: string;
  readonly corpSecret: string;
  /** API base with trailing slash. @default 'https://qyapi.weixin.qq.com/cgi-bin/' */
  readonly baseUrl?: string;
  /** Per request, connect to last body byte. @default 10_000 */
  readonly timeoutMs?: number;
  /** Requests in flight at once (the rest queue). @default 16 */
  readonly maxInFlight?: number;
  /** Keep-alive connections in the undici Pool. @default maxInFlight */
  readonly connections?: number;
  readonly retry?: RetryOptions;
  /** Override WeCom's limits (e.g. an older corp: chatCreatesPerDay 500). @default DEFAULT_RATE_LIMITS */
  readonly limits?: Partial<RateLimits>;
  /** How daily/hourly quotas are counted: WeCom's calendar day/hour in China time, or rolling windows (stricter). @default 'calendar' */
  readonly quotaWindow?: 'calendar' | 'rolling';
  /** Longest wait for rate budget before failing with WecomQuotaError. @default 60_000 */
  readonly maxRateWaitMs?: number;
  /** Refresh the token this long before WeCom's expiry. @default 300 */
  readonly tokenRefreshMarginS?: number;
  /** Token cache, shareable between clients. @default a module-level cache */
  readonly tokenCache?: TokenCache;
  /** Rate/quota bookkeeping, shareable between clients of one corp. @default one per client */
  readonly rateLimiter?: RateLimiter;
  /** Clock in epoch ms. @default Date.now */
  readonly now?: () => number;
  /** @default setTimeout-based */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Uniform in [0, 1). @default Math.random */
  readonly random?: () => number;
  readonly log?: (event: ClientEvent) => void;
}

export interface ResolvedRetry { maxAttempts: number; maxBusyRetries: number; baseDelayMs: number; maxDelayMs: number; maxTotalMs: number; jitter: 'full' | 'none' }

export interface ResolvedOptions {
  corpId: string; corpSecret: string; baseUrl: string; timeoutMs: number; maxInFlight: number;
  connections: number; retry: ResolvedRetry; limits: RateLimits; maxRateWaitMs: number;
  tokenRefreshMarginS: number; now: () => number; sleep: (ms: number) => Promise<void>;
  random: () => number; log: (event: ClientEvent) => void;
}

/** A pending backoff or rate-limit wait keeps the process alive (an unref'd timer let the CLI exit 0 mid-retry). */
export const defaultSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => { setTimeout(resolve, ms); });

export function resolveRetry(r: RetryOptions = {}): ResolvedRetry {
  const out: ResolvedRetry = {
    maxAttempts: r.maxAttempts ?? 8, maxBusyRetries: r.maxBusyRetries ?? 3, baseDelayMs: r.baseDelayMs ?? 200, maxDelayMs: r.maxDelayMs ?? 10_000,
    maxTotalMs: r.maxTotalMs ?? 60_000, jitter: r.jitter ?? 'full',
  };
  positiveInt('retry.maxAttempts', out.maxAttempts);
  nonNegative('retry.maxBusyRetries', out.maxBusyRetries);
  nonNegative('retry.baseDelayMs', out.baseDelayMs);
  nonNegative('retry.maxDelayMs', out.maxDelayMs);
  nonNegative('retry.maxTotalMs', out.maxTotalMs);
  if (out.jitter !== 'full' && out.jitter !== 'none') throw configError(`retry.jitter is '${String(out.jitter)}'; allowed: 'full', 'none'`);
  return out;
}

export function resolveLimits(limits: Partial<RateLimits> = {}): RateLimits {
  const out = { ...DEFAULT_RATE_LIMITS, ...limits };
  for (const [k, v] of Object.entries(out)) positiveInt(`limits.${k}`, v);
  return out;
}

export function resolveBaseUrl(baseUrl: string | undefined): string {
  const raw = baseUrl ?? DEFAULT_BASE_URL;
  let url: URL;
  try { url = new URL(raw); } catch { throw configError(`baseUrl '${raw}' is not a URL; expected e.g. '${DEFAULT_BASE_URL}'`); }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw configError(`baseUrl '${raw}' must be http(s)`);
  if (url.search || url.hash) throw configError('baseUrl must not carry a query string or fragment');
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

export function resolveOptions(o: WecomClientOptions): ResolvedOptions {
  if (!o || typeof o !== 'object') throw configError('WecomClient needs options { corpId, corpSecret }');
  requireString('corpId', o.corpId, 'WECOM_CORP_ID');
  requireString('corpSecret', o.corpSecret, 'WECOM_CORP_SECRET');
  const maxInFlight = o.maxInFlight ?? 16;
  const r: ResolvedOptions = {
    corpId: o.corpId, corpSecret: o.corpSecret, baseUrl: resolveBaseUrl(o.baseUrl),
    timeoutMs: o.timeoutMs ?? 10_000, maxInFlight, connections: o.connections ?? maxInFlight,
    retry: resolveRetry(o.retry), limits: resolveLimits(o.limits), maxRateWaitMs: o.maxRateWaitMs ?? 60_000,
    tokenRefreshMarginS: o.tokenRefreshMarginS ?? 300, now: o.now ?? Date.now, sleep: o.sleep ?? defaultSleep,
    random: o.random ?? Math.random, log: o.log ?? (() => undefined),
  };
  positiveInt('timeoutMs', r.timeoutMs);
  positiveInt('maxInFlight', r.maxInFlight);
  positiveInt('connections', r.connections);
  nonNegative('maxRateWaitMs', r.maxRateWaitMs);
  nonNegative('tokenRefreshMarginS', r.tokenRefreshMarginS);
  return r;
}

function requireString(name: string, v: unknown, envHint: string): void {
  if (typeof v !== 'string' || v.trim() === '') {
    throw configError(`option ${name} is missing or empty (usually read from the environment variable ${envHint})`);
  }
}

function positiveInt(name: string, v: unknown): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw configError(`option ${name} is ${String(v)}; expected an integer >= 1`);
}

function nonNegative(name: string, v: unknown): void {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw configError(`option ${name} is ${String(v)}; expected a number >= 0`);
}
