// The simulator's inspection interface (/_sim/) over HTTP, as an operator or a CI job would use
// it: queue faults, revoke tokens, change things out of band, and read the live state back.
// Plus small process-test utilities: a closed port, a bounded poll.
import * as http from 'node:http';
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
    const pairs: Array<[string, string]> = Object.entries(q).filter((e): e is [string, string] => e[1] !== undefined);
    const qs = new URLSearchParams(pairs).toString();
    return this.req('GET', `messages${qs ? `?${qs}` : ''}`);
  }

  calls(): Promise<Calls> {
    return this.req('GET', 'calls');
  }

  oobAppChat(change: { chatid: string; name?: string; owner?: string; add_user_list?: string[]; del_user_list?: string[] }): Promise<LiveChat> {
    return this.req('POST', 'oob/appchat', change);
  }

  /** A person changed in the directory: moved between departments, renamed, left (status 5). */
  oobUser(change: { userid: string; action?: 'update' | 'add' | 'delete'; status?: number; name?: string; department?: number[] }): Promise<unknown> {
    return this.req('POST', 'oob/user', change);
  }

  /** An intercept rule edited in the admin console: words, scope, type. */
  oobInterceptRule(change: { rule_id: string; action: 'edit' | 'delete'; word_list?: string[]; intercept_type?: number; user_list?: string[]; department_list?: number[] }): Promise<unknown> {
    return this.req('POST', 'oob/intercept-rule', change);
  }

  oobTag(change: { tagid: number; action: 'rename' | 'delete' | 'set-members'; tagname?: string; userlist?: string[]; partylist?: number[] }): Promise<unknown> {
    return this.req('POST', 'oob/tag', change);
  }

  oobJoinWay(change: { config_id: string; action: 'edit' | 'delete'; chat_id_list?: string[]; remark?: string }): Promise<unknown> {
    return this.req('POST', 'oob/join-way', change);
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

export interface Gate {
  /** API base to give the CLI (http://127.0.0.1:PORT/cgi-bin/). */
  url: string;
  /** Requests held so far, by API path. */
  held(path: string): number;
  /** Lets every held request (and every later one) through. */
  open(): void;
  close(): Promise<void>;
}

/**
 * A pass-through proxy on 127.0.0.1 in front of the simulator that holds the requests `hold`
 * picks until open() is called: a test can keep a run at a chosen call until something else
 * happened (e.g. every rival run exited), with no timing involved.
 */
export async function startGate(target: { origin: string }, hold: (apiPath: string) => boolean): Promise<Gate> {
  const counts = new Map<string, number>();
  const waiting: Array<() => void> = [];
  let opened = false;
  const upstream = new URL(target.origin);
  const server = http.createServer((req, res) => {
    const apiPath = (req.url ?? '').replace(/^\/cgi-bin\//, '').replace(/\?.*$/, '');
    const forward = () => {
      const up = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (ur) => {
        res.writeHead(ur.statusCode ?? 502, ur.headers);
        ur.pipe(res);
      });
      up.on('error', () => res.destroy());
      req.pipe(up);
    };
    if (!opened && hold(apiPath)) {
      counts.set(apiPath, (counts.get(apiPath) ?? 0) + 1);
      waiting.push(forward);
    } else forward();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/cgi-bin/`,
    held: (p) => counts.get(p) ?? 0,
    open: () => { opened = true; waiting.splice(0).forEach((f) => f()); },
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}
