// Access tokens: random, one per app secret, reissued unchanged while valid (WeCom: "repeated
// gettoken within the validity period returns the same token"). Tokens live in memory only,
// so a restarted simulator answers 40014 for old tokens and clients fetch a new one.
import { randomBytes } from 'node:crypto';
import { fail } from './errors';

interface TokenRec { agentid: number; expiresAt: number; revoked: boolean }

/** Kept tokens (valid, expired, revoked) before the oldest expired ones are forgotten. */
const MAX_TOKENS = 10000;

export class TokenStore {
  private tokens = new Map<string, TokenRec>();
  private current = new Map<number, string>();

  constructor(private readonly ttlMs: number, private readonly expiredErrcode: 42001 | 40014) {}

  /** The agent's valid token (new if it has none) and its remaining lifetime in seconds. */
  issue(agentid: number, now: number): { token: string; expiresIn: number } {
    const existing = this.current.get(agentid);
    const rec = existing ? this.tokens.get(existing) : undefined;
    if (existing && rec && !rec.revoked && rec.expiresAt > now) {
      return { token: existing, expiresIn: Math.ceil((rec.expiresAt - now) / 1000) };
    }
    const token = randomBytes(96).toString('base64url'); // 128 chars; WeCom's are up to 512 bytes
    this.tokens.set(token, { agentid, expiresAt: now + this.ttlMs, revoked: false });
    this.current.set(agentid, token);
    this.prune(now);
    return { token, expiresIn: Math.ceil(this.ttlMs / 1000) };
  }

  /** The agentid the token belongs to; throws 41001 / 40014 / the expired-token code. */
  verify(token: string | null, now: number): number {
    if (!token) fail(41001);
    const rec = this.tokens.get(token);
    if (!rec || rec.revoked) fail(40014);
    if (rec.expiresAt <= now) fail(this.expiredErrcode);
    return rec.agentid;
  }

  /** Revokes every token of `agentid` (all agents when omitted); returns how many were valid. */
  revoke(agentid: number | undefined, now: number): number {
    let n = 0;
    for (const rec of this.tokens.values()) {
      if (agentid !== undefined && rec.agentid !== agentid) continue;
      if (!rec.revoked && rec.expiresAt > now) n++;
      rec.revoked = true;
    }
    return n;
  }

  private prune(now: number): void {
    if (this.tokens.size <= MAX_TOKENS) return;
    for (const [token, rec] of this.tokens) {
      if (rec.expiresAt <= now || rec.revoked) this.tokens.delete(token);
      if (this.tokens.size <= MAX_TOKENS / 2) break;
    }
  }
}
