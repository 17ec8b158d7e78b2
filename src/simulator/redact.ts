// Secrets never leave the simulator: robots are named by a short non-reversible fingerprint
// of their key, and logged paths lose their query string (access_token and key ride there).
import { createHash } from 'node:crypto';

/** First 8 hex of sha256(key). */
export function fingerprint(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 8);
}

/** The path without its query string. */
export function stripQuery(url: string): string {
  const i = url.indexOf('?');
  return i < 0 ? url : url.slice(0, i);
}
