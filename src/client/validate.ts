// Cheap client-side checks that save a round trip and a confusing errcode. They read the
// limits from src/wecom/limits.ts (the single source) and raise WECOM_INVALID_ARGUMENT.

import { charCount, CHAT_ID_PATTERN, USER_ID_PATTERN, utf8Bytes } from '../wecom/limits';
import { invalidArgument } from './errors';

export class Check {
  constructor(readonly endpoint: string) {}

  that(ok: boolean, message: string): this {
    if (!ok) throw invalidArgument(this.endpoint, message);
    return this;
  }

  nonEmpty(name: string, v: unknown): this {
    return this.that(typeof v === 'string' && v.length > 0, `${name} is required`);
  }

  chars(name: string, v: string | undefined, min: number, max: number): this {
    if (v === undefined) return this;
    const n = charCount(v);
    return this.that(n >= min && n <= max, `${name} has ${n} characters; WeCom allows ${min}..${max}`);
  }

  bytes(name: string, v: string | undefined, max: number): this {
    if (v === undefined) return this;
    const n = utf8Bytes(v);
    return this.that(n <= max, `${name} has ${n} bytes (UTF-8); WeCom allows at most ${max}`);
  }

  count(name: string, v: readonly unknown[] | undefined, min: number, max: number): this {
    const n = v?.length ?? 0;
    return this.that(n >= min && n <= max, `${name} has ${n} entries; WeCom allows ${min}..${max}`);
  }

  chatId(v: string | undefined, name = 'chatid'): this {
    if (v === undefined) return this;
    return this.that(typeof v === 'string' && CHAT_ID_PATTERN.test(v), `${name} '${String(v)}' must be 1..32 characters of [0-9a-zA-Z]`);
  }

  userIds(name: string, v: readonly string[] | undefined): this {
    for (const id of v ?? []) {
      this.that(typeof id === 'string' && USER_ID_PATTERN.test(id), `${name} contains '${String(id)}', not a userid (1..64 of [0-9A-Za-z_-@.])`);
    }
    const lower = (v ?? []).map((id) => id.toLowerCase());
    return this.that(new Set(lower).size === lower.length, `${name} lists a userid twice (userids compare case-insensitively)`);
  }

  oneOf<T>(name: string, v: T | undefined, allowed: readonly T[]): this {
    if (v === undefined) return this;
    return this.that(allowed.includes(v), `${name} is ${String(v)}; allowed: ${allowed.join(', ')}`);
  }

  positiveInt(name: string, v: unknown): this {
    return this.that(typeof v === 'number' && Number.isInteger(v) && v > 0, `${name} must be a positive integer`);
  }
}

export const sameUserIds = (a: readonly string[], b: readonly string[]): boolean => {
  const A = new Set(a.map((x) => x.toLowerCase()));
  const B = new Set(b.map((x) => x.toLowerCase()));
  return A.size === B.size && [...A].every((x) => B.has(x));
};
