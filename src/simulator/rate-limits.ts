// WeCom frequency limits (§2), answered with 45009. Calendar windows are fixed (minute, hour,
// natural day in China time); a breach blocks the key: a minute limit for 60 s, an hour limit
// for 60 min, a day limit until the next natural day. Robot windows are fixed or sliding
// (undocumented by WeCom; configurable) and their length is configurable too (tests shorten it).
import { fail } from './errors';

/** A calendar window, or a custom length in ms (fixed buckets of that length; a breach blocks that long). */
export type Window = 'minute' | 'hour' | 'day' | number;

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const CHINA_OFFSET = 8 * HOUR;

interface Counter { bucket: number; count: number; blockedUntil: number }

function bucketOf(window: Window, now: number): number {
  if (typeof window === 'number') return Math.floor(now / window);
  if (window === 'minute') return Math.floor(now / MINUTE);
  if (window === 'hour') return Math.floor(now / HOUR);
  return Math.floor((now + CHINA_OFFSET) / DAY);
}

function blockEnd(window: Window, now: number): number {
  if (typeof window === 'number') return now + window;
  if (window === 'minute') return now + MINUTE;
  if (window === 'hour') return now + HOUR;
  return (bucketOf('day', now) + 1) * DAY - CHINA_OFFSET;
}

export class RateLimiter {
  private counters = new Map<string, Counter>();
  private sliding = new Map<string, number[]>();

  private counter(key: string, window: Window, now: number): Counter {
    const id = `${window}:${key}`;
    let c = this.counters.get(id);
    const bucket = bucketOf(window, now);
    if (!c) this.counters.set(id, (c = { bucket, count: 0, blockedUntil: 0 }));
    if (c.bucket !== bucket) Object.assign(c, { bucket, count: 0 });
    return c;
  }

  /** Throws 45009 when `key` is blocked or `n` more would pass `limit` in this window (and starts the block). */
  check(key: string, limit: number, window: Window, now: number, n = 1): void {
    const c = this.counter(key, window, now);
    if (now < c.blockedUntil) fail(45009);
    if (c.count + n > limit) {
      c.blockedUntil = blockEnd(window, now);
      fail(45009);
    }
  }

  count(key: string, window: Window, now: number, n = 1): void {
    this.counter(key, window, now).count += n;
  }

  /** check + count: for limits on every call. */
  take(key: string, limit: number, window: Window, now: number): void {
    this.check(key, limit, window, now);
    this.count(key, window, now);
  }

  /** Sliding window (default 60 s): throws 45009 when `limit` events happened in the last `windowMs`. */
  checkSliding(key: string, limit: number, now: number, windowMs = MINUTE): void {
    const times = (this.sliding.get(key) ?? []).filter((t) => t > now - windowMs);
    this.sliding.set(key, times);
    if (times.length >= limit) fail(45009);
  }

  countSliding(key: string, now: number): void {
    const times = this.sliding.get(key) ?? [];
    times.push(now);
    this.sliding.set(key, times);
  }

  reset(): void {
    this.counters.clear();
    this.sliding.clear();
  }
}
