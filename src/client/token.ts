// Access tokens: one per app secret, cached, refreshed ahead of expiry, fetched by a single
// flight (concurrent callers share one gettoken call: WeCom limits gettoken itself).
// The cache is keyed by corpId + a hash of the secret, never the secret, and is module-level by
// default so several clients of one app share a token; pass your own TokenCache to isolate.

import { GetTokenResponse } from '../wecom/types';
import { fingerprint } from './redact';

export interface TokenEntry {
  readonly token: string;
  /** Epoch ms after which the token is refreshed before use. */
  readonly refreshAt: number;
  /** Epoch ms when WeCom says it expires. */
  readonly expiresAt: number;
}

export class TokenCache {
  private readonly entries = new Map<string, TokenEntry>();
  /** One in-flight gettoken per key, shared by every client using this cache. */
  readonly inflight = new Map<string, Promise<TokenEntry>>();

  get(key: string): TokenEntry | undefined { return this.entries.get(key); }
  set(key: string, entry: TokenEntry): void { this.entries.set(key, entry); }
  delete(key: string): void { this.entries.delete(key); }
  clear(): void { this.entries.clear(); }
}

export const defaultTokenCache = new TokenCache();

export const tokenCacheKey = (corpId: string, secret: string): string => `${corpId}:${fingerprint(secret)}`;

export type RefreshReason = 'missing' | 'expiring' | 'invalidated';

export interface TokenProviderOptions {
  cache: TokenCache;
  key: string;
  /** Calls gettoken (with its own retries); throws on failure. */
  fetch: () => Promise<Pick<GetTokenResponse, 'access_token' | 'expires_in'>>;
  now: () => number;
  refreshMarginS: number;
  onRefresh?: (reason: RefreshReason) => void;
  onToken?: (token: string) => void;
}

export class TokenProvider {
  private invalidated = false;

  constructor(private readonly o: TokenProviderOptions) {}

  async get(): Promise<string> {
    const entry = this.o.cache.get(this.o.key);
    if (entry && this.o.now() < entry.refreshAt) return this.use(entry.token);
    const reason: RefreshReason = this.invalidated ? 'invalidated' : entry ? 'expiring' : 'missing';
    return this.use((await this.refresh(reason)).token);
  }

  /**
   * Drop `token` after WeCom rejected it (40001/40014/42001). Only if it is still the cached
   * one: a concurrent caller may already have replaced it, and that new token is fine.
   */
  invalidate(token: string): void {
    if (this.o.cache.get(this.o.key)?.token === token) {
      this.o.cache.delete(this.o.key);
      this.invalidated = true;
    }
  }

  private refresh(reason: RefreshReason): Promise<TokenEntry> {
    const { cache, key } = this.o;
    let flight = cache.inflight.get(key);
    if (!flight) {
      this.o.onRefresh?.(reason);
      flight = this.fetchEntry().finally(() => cache.inflight.delete(key));
      cache.inflight.set(key, flight);
    }
    return flight;
  }

  private async fetchEntry(): Promise<TokenEntry> {
    const fetchedAt = this.o.now();
    const res = await this.o.fetch();
    const ttlS = res.expires_in > 0 ? res.expires_in : 7200;
    // A margin of half the lifetime at most, or short-lived tokens would refresh on every call.
    const marginS = Math.min(this.o.refreshMarginS, ttlS / 2);
    const entry: TokenEntry = {
      token: res.access_token,
      refreshAt: fetchedAt + (ttlS - marginS) * 1000,
      expiresAt: fetchedAt + ttlS * 1000,
    };
    this.o.cache.set(this.o.key, entry);
    this.invalidated = false;
    return entry;
  }

  private use(token: string): string {
    this.o.onToken?.(token);
    return token;
  }
}
