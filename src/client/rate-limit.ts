// Keeps the client under WeCom's frequency limits and quotas by itself (facts: wecom-api.md §2).
//
// Sliding-window logs, not token buckets: a bucket of capacity N refilled over W lets up to 2N
// calls through in some window of length W, while a log guarantees at most N in EVERY window,
// which satisfies whatever window WeCom really uses (fixed, sliding, natural day).
// A call occupies its slot from the moment it is sent until it completes, and is dated by its
// completion time: WeCom dated it somewhere in between, so spacing the next call W after the
// completion keeps the two W apart on WeCom's clock too.
//
// Per-minute windows WAIT (at most a minute). Quotas (app chat creates per day, app chat updates
// per hour) FAIL FAST with WecomQuotaError: sleeping for hours inside a call helps nobody. The
// per-API hourly window waits only if the wait is at most maxRateWaitMs, else fails fast.

import { QUOTA_PATHS } from '../wecom/endpoints';
import { RateLimits } from '../wecom/limits';
import { WecomQuotaError } from './errors';
import { defaultSleep } from './options';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Guards against an inclusive window boundary on WeCom's side. */
const WINDOW_MARGIN_MS = 5;

export interface QuotaUsage { used: number; limit: number; remaining: number; /** Epoch ms when the oldest counted call leaves the window (now if none). */ resetsAt: number }
export interface QuotaReport { chatCreatesToday: QuotaUsage; chatUpdatesThisHour: QuotaUsage }

/** The log of one limit: calls in flight plus completion times inside the window. */
export class SlidingWindow {
  private inFlight = 0;
  private times: number[] = [];
  private waiters: Array<() => void> = [];
  private head = 0;

  constructor(readonly name: string, readonly limit: number, readonly windowMs: number, readonly mode: WindowMode) {}

  used(now: number): number {
    this.prune(now);
    return this.inFlight + this.times.length - this.head;
  }

  /**
   * 0 if a call may start now, else ms until a slot frees up; Infinity while every slot is in
   * flight (none frees before a call completes: wait for `released()`, not for a time).
   */
  waitMs(now: number): number {
    if (this.used(now) < this.limit) return 0;
    if (this.head === this.times.length) return Infinity;
    return Math.max(1, this.times[this.head] + this.windowMs + WINDOW_MARGIN_MS - now);
  }

  /** Resolves at the next completion of a call in this window. */
  released(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  resetsAt(now: number): number {
    this.prune(now);
    return this.head < this.times.length ? this.times[this.head] + this.windowMs + WINDOW_MARGIN_MS : now;
  }

  take(): void { this.inFlight++; }

  /** Calls made earlier (another process, a previous run), as completion times. */
  preload(times: number[]): void {
    const merged = [...this.times.slice(this.head), ...times].sort((a, b) => a - b);
    this.times = merged;
    this.head = 0;
  }

  /** Completion times still inside the window. */
  history(now: number): number[] {
    this.prune(now);
    return this.times.slice(this.head);
  }

  release(now: number): void {
    this.inFlight--;
    // Clocks may step back (injected or NTP); keep the log sorted.
    const last = this.times[this.times.length - 1];
    this.times.push(last !== undefined && last > now ? last : now);
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** Completion times at or before this no longer count. */
  protected cutoff(now: number): number {
    return now - this.windowMs - WINDOW_MARGIN_MS;
  }

  private prune(now: number): void {
    const cutoff = this.cutoff(now);
    while (this.head < this.times.length && this.times[this.head] <= cutoff) this.head++;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
  }
}

/**
 * A quota counted per calendar period in China time (UTC+8, no daylight saving), as WeCom counts
 * its daily create and hourly update quotas ("until the next natural day"): every call since the
 * period began counts, and the budget comes back all at once when the next period begins.
 */
export class CalendarWindow extends SlidingWindow {
  override waitMs(now: number): number {
    return this.used(now) < this.limit ? 0 : Math.max(1, periodEnd(now, this.windowMs) - now);
  }

  override resetsAt(now: number): number {
    return this.used(now) ? periodEnd(now, this.windowMs) : now;
  }

  protected override cutoff(now: number): number {
    return periodEnd(now, this.windowMs) - this.windowMs - 1;
  }
}

/** China time is UTC+8 all year. */
export const CHINA_OFFSET_MS = 8 * HOUR;

/** When the China-time calendar period (an hour or a day) holding `now` ends. */
export function periodEnd(now: number, periodMs: number): number {
  return Math.floor((now + CHINA_OFFSET_MS) / periodMs) * periodMs + periodMs - CHINA_OFFSET_MS;
}

/** 'calendar': WeCom's natural day/hour in China time (default); 'rolling': the last 24 h / 60 min (stricter). */
export type QuotaWindowKind = 'calendar' | 'rolling';

/** wait: always wait (minute windows); bounded: wait up to maxRateWaitMs; quota: never wait. */
export type WindowMode = 'wait' | 'bounded' | 'quota';

export interface Permit { release(): void }

export interface RateLimiterOptions {
  limits: RateLimits;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  maxRateWaitMs?: number;
  /** How the daily/hourly quotas are counted. @default 'calendar' */
  quotaWindow?: QuotaWindowKind;
}

export type OnRateWait = (endpoint: string, limit: string, waitMs: number) => void;

export class RateLimiter {
  private readonly windows = new Map<string, SlidingWindow>();
  readonly limits: RateLimits;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxRateWaitMs: number;
  private readonly quotaWindow: QuotaWindowKind;

  constructor(o: RateLimiterOptions) {
    this.quotaWindow = o.quotaWindow ?? 'calendar';
    this.limits = o.limits;
    this.now = o.now ?? Date.now;
    this.sleep = o.sleep ?? defaultSleep;
    this.maxRateWaitMs = o.maxRateWaitMs ?? MINUTE;
  }

  /**
   * Wait for (or fail fast on) every window the call counts against, then take a slot in all of
   * them at once. `robot` is the robot key's fingerprint for webhook/send. With a `deadline`
   * (epoch ms), a wait that would end after it fails fast with WecomQuotaError instead.
   */
  async acquire(path: string, robot?: string, onWait?: OnRateWait, deadline?: number): Promise<Permit> {
    const windows = this.windowsFor(path, robot);
    for (;;) {
      const now = this.now();
      let wait = 0;
      let worst: SlidingWindow | undefined;
      for (const w of windows) {
        const ms = w.waitMs(now);
        // A caller's deadline bounds even the per-minute waits (robot send --max-wait).
        const pastDeadline = deadline !== undefined && ms > 0 && (ms === Infinity ? now >= deadline : now + ms > deadline);
        if (ms > 0 && (w.mode === 'quota' || (w.mode === 'bounded' && ms > this.maxRateWaitMs) || pastDeadline)) {
          throw new WecomQuotaError(w.name, w.limit, w.used(now), now + (ms === Infinity ? w.windowMs : ms), path);
        }
        if (ms > wait) { wait = ms; worst = w; }
      }
      if (!worst) break;
      if (wait === Infinity) {
        await worst.released();
        continue;
      }
      onWait?.(path, worst.name, wait);
      await this.sleep(wait);
    }
    for (const w of windows) w.take();
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        const now = this.now();
        for (const w of windows) w.release(now);
      },
    };
  }

  /** Quota usage recorded by earlier runs (see src/engine/quota-ledger.ts), so a plan sees it. */
  preloadQuota(history: Partial<Record<'chatCreatesPerDay' | 'chatUpdatesPerHour', number[]>>): void {
    if (history.chatCreatesPerDay) this.window('chatCreatesPerDay', this.limits.chatCreatesPerDay, DAY, 'quota').preload(history.chatCreatesPerDay);
    if (history.chatUpdatesPerHour) this.window('chatUpdatesPerHour', this.limits.chatUpdatesPerHour, HOUR, 'quota').preload(history.chatUpdatesPerHour);
  }

  quotaHistory(): Record<'chatCreatesPerDay' | 'chatUpdatesPerHour', number[]> {
    const now = this.now();
    return {
      chatCreatesPerDay: this.window('chatCreatesPerDay', this.limits.chatCreatesPerDay, DAY, 'quota').history(now),
      chatUpdatesPerHour: this.window('chatUpdatesPerHour', this.limits.chatUpdatesPerHour, HOUR, 'quota').history(now),
    };
  }

  quota(): QuotaReport {
    const now = this.now();
    return {
      chatCreatesToday: this.usage(this.window('chatCreatesPerDay', this.limits.chatCreatesPerDay, DAY, 'quota'), now),
      chatUpdatesThisHour: this.usage(this.window('chatUpdatesPerHour', this.limits.chatUpdatesPerHour, HOUR, 'quota'), now),
    };
  }

  private usage(w: SlidingWindow, now: number): QuotaUsage {
    const used = w.used(now);
    return { used, limit: w.limit, remaining: Math.max(0, w.limit - used), resetsAt: w.resetsAt(now) };
  }

  private windowsFor(path: string, robot?: string): SlidingWindow[] {
    const l = this.limits;
    if (path === 'gettoken') return [this.window('tokenPerMinute', l.tokenPerMinute, MINUTE, 'wait')];
    if (robot !== undefined) {
      // Robots have their own limit per key; WeCom documents no per-corp limit for them.
      return path === QUOTA_PATHS.robotSend
        ? [this.window(`robotMessagesPerMinute[${robot}]`, l.robotMessagesPerMinute, MINUTE, 'wait')]
        : [];
    }
    const out = [
      this.window(`perApiPerMinute[${path}]`, l.perApiPerMinute, MINUTE, 'wait'),
      this.window(`perApiPerHour[${path}]`, l.perApiPerHour, HOUR, 'bounded'),
    ];
    if (path === QUOTA_PATHS.chatCreate) out.push(this.window('chatCreatesPerDay', l.chatCreatesPerDay, DAY, 'quota'));
    if (path === QUOTA_PATHS.chatUpdate) out.push(this.window('chatUpdatesPerHour', l.chatUpdatesPerHour, HOUR, 'quota'));
    return out;
  }

  private window(name: string, limit: number, windowMs: number, mode: WindowMode): SlidingWindow {
    let w = this.windows.get(name);
    if (!w) {
      w = mode === 'quota' && this.quotaWindow === 'calendar' ? new CalendarWindow(name, limit, windowMs, mode) : new SlidingWindow(name, limit, windowMs, mode);
      this.windows.set(name, w);
    }
    return w;
  }
}
