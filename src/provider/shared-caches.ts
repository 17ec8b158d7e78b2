// What the provider processes of one Terraform command share through the command cache: access
// tokens (so one gettoken serves the command) and the directory listings the engine reads
// (department/list, user/list_id, user/simplelist, user/get). Tags are not shared: the command
// itself may change them between one process and the next.
import { TokenCache } from '../client';
import type { TokenEntry } from '../client/token';
import type { SharedCaches } from '../engine/runtime';
import { CommandCache } from './command-cache';

/** Directory listings older than this are read again, even within one long command. */
export const DIRECTORY_TTL_MS = 15 * 60_000;

const isTokenEntry = (v: unknown): v is TokenEntry => {
  const e = v as TokenEntry | undefined;
  return !!e && typeof e.token === 'string' && typeof e.refreshAt === 'number' && typeof e.expiresAt === 'number';
};

/** A TokenCache that reads through to, and writes at once into, the command cache. */
export class CommandTokenCache extends TokenCache {
  constructor(private readonly cache: CommandCache) {
    super();
  }

  override get(key: string): TokenEntry | undefined {
    const mine = super.get(key);
    if (mine) return mine;
    const kept = this.cache.get<unknown>(`token:${key}`);
    if (!isTokenEntry(kept)) return undefined;
    super.set(key, kept);
    return kept;
  }

  /** Written at once: the next process may start any moment, and this one may be killed. */
  override set(key: string, entry: TokenEntry): void {
    super.set(key, entry);
    this.cache.set(`token:${key}`, entry, entry.expiresAt, { now: true });
  }

  /** A token WeCom rejected (40014/42001) must not reach another process. */
  override delete(key: string): void {
    super.delete(key);
    this.cache.delete(`token:${key}`);
  }
}

export function sharedCaches(cache: CommandCache, now: () => number = Date.now): SharedCaches {
  return {
    tokenCache: new CommandTokenCache(cache),
    directory: {
      get: (key) => cache.get(`dir:${key}`),
      set: (key, value) => cache.set(`dir:${key}`, value, now() + DIRECTORY_TTL_MS),
    },
    close: () => cache.flush(),
  };
}
