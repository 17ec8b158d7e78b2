// The simulator's inspection interface (/_sim/) over HTTP, as an operator or a CI job would use
// it: queue faults, revoke tokens, change things out of band, and read the live state back.
// Plus small process-test utilities: a closed port, a bounded poll.
import * as net from 'node:net';
import type { FaultMode, FaultOptions } from '../../src/simulator';

export interface LiveChat { chatid: string; name: string; owner: string; userlist: string[]; createdBy?: number }
export interface LiveMessage { chatid?: string; robot?: string; via?: string; msgtype?: string; [k: string]: unknown }
export interface CallLogEntry { seq: number; method: string; path: string; errcode: number | null; fault?: string }
export interface Calls { counts: Record<string, { calls: number; ok: number; errors: Record<string, number> }>; log: CallLogEntry[] }
export interface QueuedFault { mode: FaultMode; path?: string; count?: number }

export class SimHttp {
  constructor(readonly origin: string) {}

  private async req<T>(method: 'GET' | 'POST', route: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.origin}/_sim/${route}`, {
      method, headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`/_sim/${route}: HTTP ${res.status} ${text}`);
    return JSON.parse(text) as T;
  }

  /** One-shot faults on the next matching calls (`count` each), on top of the random settings. */
  queue(...faults: QueuedFault[]): Promise<unknown> {
    return this.req('POST', 'faults', { queue: faults });
  }

  /** Replaces the random fault settings (`{}` clears them). */
  setFaults(opts: FaultOptions): Promise<unknown> {
    return this.req('POST', 'faults', opts);
  }

  revokeTokens(): Promise<{ revoked: number }> {
    return this.req('POST', 'revoke-tokens', {});
  }

  chats(): Promise<LiveChat[]> {
    return this.req('GET', 'chats');
  }

  messages(q: { robot?: string; chatid?: string; via?: 'appchat' | 'robot' } = {}): Promise<LiveMessage[]> {
    const qs = new URLSearchParams(Object.entries(q).filter(([, v]) => v !== undefined) as Array<[string, string]>).toString();
    return this.req('GET', `messages${qs ? `?${qs}` : ''}`);
  }

  calls(): Promise<Calls> {
    return this.req('GET', 'calls');
  }

  oobAppChat(change: { chatid: string; name?: string; owner?: string; add_user_list?: string[]; del_user_list?: string[] }): Promise<LiveChat> {
    return this.req('POST', 'oob/appchat', change);
  }
}

/** A port on 127.0.0.1 nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Polls `cond` up to `tries` times, `everyMs` apart; throws naming `what` when it never held. */
export async function waitFor(what: string, cond: () => boolean | Promise<boolean>, tries = 400, everyMs = 25): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`gave up waiting for ${what} (${tries} x ${everyMs} ms)`);
}
