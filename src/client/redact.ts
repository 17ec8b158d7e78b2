// Secrets (corp secret, access tokens, robot keys) must never leave the client in an error,
// a stack or a log event. Every secret the client learns is registered here, and everything
// the client emits passes through `scrub`.

import { createHash } from 'node:crypto';

const MASK = '***';
/** Shorter strings would mask ordinary words; WeCom secrets and tokens are far longer. */
const MIN_SECRET_LENGTH = 6;

export class Redactor {
  private readonly secrets = new Set<string>();

  /** Remember a secret (and its URL-encoded form, which is how it rides in a query string). */
  register(secret: string | undefined): void {
    if (!secret || secret.length < MIN_SECRET_LENGTH) return;
    this.secrets.add(secret);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) this.secrets.add(encoded);
  }

  forget(secret: string): void {
    this.secrets.delete(secret);
    this.secrets.delete(encodeURIComponent(secret));
  }

  scrub(text: string): string {
    let out = stripQueryStrings(text);
    // Longest first, so a secret containing another one is masked whole.
    for (const s of [...this.secrets].sort((a, b) => b.length - a.length)) {
      if (out.includes(s)) out = out.split(s).join(MASK);
    }
    return out;
  }

  /** Scrub message, stack, string payload fields (errmsg) and the `cause` chain, in place. */
  scrubError<E>(err: E, seen = new Set<unknown>()): E {
    if (!(err instanceof Error) || seen.has(err)) return err;
    seen.add(err);
    err.message = this.scrub(err.message);
    if (err.stack) err.stack = this.scrub(err.stack);
    const fields = err as unknown as Record<string, unknown>;
    for (const k of Object.keys(err)) if (typeof fields[k] === 'string') fields[k] = this.scrub(fields[k]);
    const cause = (err as { cause?: unknown }).cause;
    if (cause instanceof Error) this.scrubError(cause, seen);
    else if (typeof cause === 'string') (err as { cause?: unknown }).cause = this.scrub(cause);
    return err;
  }

  /** Deep-scrub a structured value (log events). */
  scrubValue<T>(value: T): T {
    if (typeof value === 'string') return this.scrub(value) as T;
    if (Array.isArray(value)) return value.map((v) => this.scrubValue(v)) as T;
    if (value && typeof value === 'object' && !(value instanceof Error)) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.scrubValue(v);
      return out as T;
    }
    if (value instanceof Error) return this.scrubError(value);
    return value;
  }
}

/**
 * URLs inside messages (undici and Node quote them) carry `access_token=`, `corpsecret=` or
 * `key=` in the query string: drop every query string outright rather than trust a list.
 */
export function stripQueryStrings(text: string): string {
  return text.replace(/(\b(?:https?:\/\/|\/)[^\s?'"`]*)\?[^\s'"`)]*/g, '$1?[redacted]');
}

/** A stable, non-reversible name for a secret (cache keys, per-robot counters, logs). */
export function fingerprint(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 16);
}
