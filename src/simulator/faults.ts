// Fault injection, seeded and reproducible: the same seed and the same sequence of calls give
// the same faults. Random modes draw from rates; named one-shot faults (`queue`) let a test ask
// for exactly one failure on the next matching call. A reset destroys the connection without an
// answer, either before the operation ran or after it was applied (the lost-answer case that
// idempotent creates must survive).
import { isPlainObject } from './check';
import { checkBody, refuse, rules } from './inspect-check';
import type { Fields } from './inspect-check';
import { Prng } from './prng';

export interface FaultOptions {
  /** PRNG seed. @default 1 */
  seed?: number;
  /** Share of calls answered -1 (system busy). @default 0 */
  busyRate?: number;
  /** Share of calls answered 45009 (frequency limit). @default 0 */
  freqRate?: number;
  /** Share of calls answered 45033 (concurrency limit). @default 0 */
  concurrencyRate?: number;
  /** Share of calls whose connection is destroyed without an answer. @default 0 */
  resetRate?: number;
  /** Of the resets, the share where the operation was applied before the drop. @default 0 */
  resetAfterApply?: number;
  /** Shorthand for resetAfterApply 1 (true) or 0 (false). */
  applyAfterReset?: boolean;
  /** Delay before answering: fixed ms or a [min, max] range. @default 0 */
  latencyMs?: number | [number, number];
  /** Restrict faults to API paths starting with one of these (e.g. "appchat/"). gettoken is
   * faulted only when a prefix names it. @default every API path except gettoken */
  paths?: string[];
}

export type FaultMode = 'busy' | 'freq' | 'concurrency' | 'reset' | 'reset-after-apply';

export const FAULT_MODES: readonly FaultMode[] = ['busy', 'freq', 'concurrency', 'reset', 'reset-after-apply'];

/** Longest latency a fault may add (setTimeout cannot wait longer than 2^31-1 ms anyway). */
export const MAX_FAULT_LATENCY_MS = 600_000;

const RATE = rules.number(0, 1);
const RATES = ['busyRate', 'freqRate', 'concurrencyRate', 'resetRate'] as const;
const LATENCY_MS = rules.number(0, MAX_FAULT_LATENCY_MS);

export const FAULT_OPTION_FIELDS: Fields = {
  seed: rules.int(),
  busyRate: RATE, freqRate: RATE, concurrencyRate: RATE, resetRate: RATE, resetAfterApply: RATE,
  applyAfterReset: rules.bool,
  latencyMs: rules.either(LATENCY_MS, rules.arrayOf(LATENCY_MS, 2),
    `a number of ms in [0, ${MAX_FAULT_LATENCY_MS}] or a [min, max] pair of them with min <= max`),
  paths: rules.arrayOf(rules.id),
};

/** One named one-shot fault, as POST /_sim/faults takes it in `queue`. */
export const QUEUED_FAULT_FIELDS: Fields = {
  mode: rules.required(rules.oneOf(FAULT_MODES)),
  path: rules.id,
  count: rules.int(1, 1_000_000),
};

/**
 * Checks fault settings completely (known fields only, rates numbers in [0, 1] that add up to at
 * most 1, latency, paths) and throws InspectError 400 naming the field; returns them typed.
 */
export function checkFaultOptions(o: unknown, prefix = ''): FaultOptions {
  if (o === undefined || o === null) return {};
  if (!isPlainObject(o)) refuse(prefix ? prefix.replace(/\.$/, '') : 'faults', 'an object of fault settings', o);
  checkBody(o, FAULT_OPTION_FIELDS, prefix);
  const f = o as FaultOptions;
  if (Array.isArray(f.latencyMs) && f.latencyMs.length !== 2) refuse(`${prefix}latencyMs`, 'a [min, max] pair (2 numbers)', f.latencyMs);
  if (Array.isArray(f.latencyMs) && f.latencyMs[0] > f.latencyMs[1]) refuse(`${prefix}latencyMs`, 'a [min, max] pair with min <= max', f.latencyMs);
  const total = RATES.reduce((sum, k) => sum + (f[k] ?? 0), 0);
  // A call gets at most one fault: rates beyond a total of 1 could never all happen.
  if (total > 1 + 1e-9) refuse(RATES.map((k) => prefix + k).join('+'), 'at most 1 in total (each call gets at most one fault)', total);
  if (f.resetAfterApply !== undefined && f.applyAfterReset !== undefined) {
    refuse(`${prefix}applyAfterReset`, 'absent when resetAfterApply is given (it is shorthand for resetAfterApply 0 or 1)', f.applyAfterReset);
  }
  return { ...f, ...(f.paths ? { paths: [...f.paths] } : {}), ...(Array.isArray(f.latencyMs) ? { latencyMs: [f.latencyMs[0], f.latencyMs[1]] } : {}) };
}

export interface FaultDecision {
  latencyMs: number;
  /** Answer this errcode without running the call. */
  errcode?: number;
  /** Destroy the socket before running the call, or after applying it. */
  reset?: 'before' | 'after';
  mode?: FaultMode;
}

interface Queued { mode: FaultMode; path?: string; left: number }

const MODE_ERRCODE: Partial<Record<FaultMode, number>> = { busy: -1, freq: 45009, concurrency: 45033 };

function normalisePath(p: string): string {
  return p.replace(/^\/?(cgi-bin\/)?/, '');
}

export class FaultInjector {
  private opts: FaultOptions = {};
  private rng = new Prng(1);
  private queued: Queued[] = [];

  constructor(opts?: FaultOptions) {
    this.set(opts);
  }

  /**
   * Replaces the random fault settings (null/undefined: none) and reseeds the PRNG. Invalid
   * settings throw (InspectError 400 naming the field) and leave the current ones unchanged.
   */
  set(opts: FaultOptions | null | undefined): void {
    this.opts = checkFaultOptions(opts);
    this.rng = new Prng(this.opts.seed ?? 1);
  }

  get options(): FaultOptions {
    return { ...this.opts };
  }

  get pending(): Array<{ mode: FaultMode; path?: string; count: number }> {
    return this.queued.map((q) => ({ mode: q.mode, path: q.path, count: q.left }));
  }

  /** The next `count` calls matching `path` (a prefix; any faultable path when omitted) fail with `mode`. */
  queue(mode: FaultMode, path?: string, count = 1): void {
    checkBody({ mode, ...(path === undefined ? {} : { path }), count }, QUEUED_FAULT_FIELDS);
    this.queued.push({ mode, path: path === undefined ? undefined : normalisePath(path), left: count });
  }

  clear(): void {
    this.set(undefined);
    this.queued = [];
  }

  private applies(apiPath: string, prefixes: string[] | undefined): boolean {
    if (!prefixes || prefixes.length === 0) return apiPath !== 'gettoken';
    return prefixes.some((p) => apiPath.startsWith(normalisePath(p)));
  }

  private fromQueue(apiPath: string): FaultMode | undefined {
    const i = this.queued.findIndex((q) => (q.path === undefined ? apiPath !== 'gettoken' : apiPath.startsWith(q.path)));
    if (i < 0) return undefined;
    const q = this.queued[i];
    if (--q.left <= 0) this.queued.splice(i, 1);
    return q.mode;
  }

  private latency(draw: number): number {
    const l = this.opts.latencyMs;
    if (l === undefined) return 0;
    if (typeof l === 'number') return l;
    return Math.round(l[0] + draw * (l[1] - l[0]));
  }

  private randomMode(r: number, after: number): FaultMode | undefined {
    const o = this.opts;
    const afterShare = o.resetAfterApply ?? (o.applyAfterReset === undefined ? 0 : o.applyAfterReset ? 1 : 0);
    const bands: Array<[number, FaultMode]> = [
      [o.busyRate ?? 0, 'busy'], [o.freqRate ?? 0, 'freq'], [o.concurrencyRate ?? 0, 'concurrency'],
      [o.resetRate ?? 0, after < afterShare ? 'reset-after-apply' : 'reset'],
    ];
    let edge = 0;
    for (const [rate, mode] of bands) {
      edge += rate;
      if (r < edge) return mode;
    }
    return undefined;
  }

  /** What happens to this call; undefined when no fault applies to the path. */
  decide(apiPath: string): FaultDecision | undefined {
    const queuedMode = this.fromQueue(apiPath);
    if (queuedMode) return this.decision(queuedMode, 0);
    if (!this.applies(apiPath, this.opts.paths)) return undefined;
    // Always three draws, so the sequence stays aligned whatever the outcome.
    const [r, after, lat] = [this.rng.next(), this.rng.next(), this.rng.next()];
    return this.decision(this.randomMode(r, after), this.latency(lat));
  }

  private decision(mode: FaultMode | undefined, latencyMs: number): FaultDecision {
    if (!mode) return { latencyMs };
    if (mode === 'reset') return { latencyMs, reset: 'before', mode };
    if (mode === 'reset-after-apply') return { latencyMs, reset: 'after', mode };
    return { latencyMs, errcode: MODE_ERRCODE[mode], mode };
  }
}
