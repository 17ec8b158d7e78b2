// A tiny scripted WeCom stand-in over real HTTP on 127.0.0.1:0. Each request is answered by the
// test's handler: JSON, a raw status/body, a dropped connection, or silence.

import http from 'node:http';
import { AddressInfo } from 'node:net';
import { WecomClient, WecomClientOptions, ClientEvent, TokenCache } from '../../../src/client';

export interface Seen { method: string; path: string; query: Record<string, string>; body: any; raw: string; headers: http.IncomingHttpHeaders }
export type Action =
  | { json: unknown; delayMs?: number }
  | { status: number; text: string }
  | { reset: true; afterMs?: number }
  | { partial: true }
  | { hang: true };
export type Handler = (req: Seen, n: number) => Action | Promise<Action>;

export interface Scripted {
  url: string;
  seen: Seen[];
  count(path: string): number;
  maxConcurrent: number;
  close(): Promise<void>;
}

export async function scriptedServer(handler: Handler): Promise<Scripted> {
  const seen: Seen[] = [];
  let active = 0;
  const state = { maxConcurrent: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    const answer = async (): Promise<void> => {
      active++;
      state.maxConcurrent = Math.max(state.maxConcurrent, active);
      const url = new URL(req.url ?? '/', 'http://x');
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try { body = raw && (req.headers['content-type'] ?? '').includes('json') ? JSON.parse(raw) : raw; } catch { body = raw; }
      const s: Seen = { method: req.method ?? '', path: url.pathname.replace(/^\/cgi-bin\//, ''), query: Object.fromEntries(url.searchParams), body, raw, headers: req.headers };
      seen.push(s);
      const action = await handler(s, seen.filter((x) => x.path === s.path).length);
      const done = (): void => { active--; };
      if ('hang' in action) { res.on('close', done); return; }
      if ('reset' in action) {
        setTimeout(() => { done(); req.socket.destroy(); }, action.afterMs ?? 0);
        return;
      }
      if ('partial' in action) {
        // Headers and half a body, then the connection drops: a reset mid-response.
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        res.write('{"errcode":0,');
        setTimeout(() => { done(); req.socket.destroy(); }, 5);
        return;
      }
      if ('status' in action) { res.writeHead(action.status); res.end(action.text); done(); return; }
      setTimeout(() => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(action.json));
        done();
      }, action.delayMs ?? 0);
    };
    // A handler that throws is answered 500, not left as an unhandled rejection and a hung request.
    req.on('end', () => {
      answer().catch((e: unknown) => {
        if (!res.headersSent) res.writeHead(500);
        res.end(`scripted handler threw: ${String(e)}`);
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/cgi-bin/`,
    seen,
    count: (path) => seen.filter((x) => x.path === path).length,
    get maxConcurrent() { return state.maxConcurrent; },
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

export const ok = (extra: Record<string, unknown> = {}): Action => ({ json: { errcode: 0, errmsg: 'ok', ...extra } });
export const err = (errcode: number, errmsg = 'error'): Action => ({
  json: { errcode, errmsg: `${errmsg}, hint: [abc], from ip: 1.2.3.4, more info at https://open.work.weixin.qq.com/devtool/query?e=${errcode}` },
});

export const SECRET = 'corp-secret-DO-NOT-LEAK-0123456789';
export const TOKEN = 'ACCESS-TOKEN-DO-NOT-LEAK-abcdef';

/** gettoken answers TOKEN (or TOKEN-n for the n-th call if `rotate`). */
export function tokenAction(n: number, rotate = false, expiresIn = 7200): Action {
  return ok({ access_token: rotate ? `${TOKEN}-${n}` : TOKEN, expires_in: expiresIn });
}

/** A fake clock: sleep() advances it instantly and records the delay. */
export class FakeClock {
  t = 1_700_000_000_000;
  sleeps: number[] = [];
  now = (): number => this.t;
  sleep = async (ms: number): Promise<void> => {
    this.sleeps.push(ms);
    this.t += ms;
    await new Promise((r) => setImmediate(r)); // let I/O progress, as a real sleep would
  };
}

export function makeClient(server: Scripted, extra: Partial<WecomClientOptions> = {}, clock = new FakeClock()) {
  const events: ClientEvent[] = [];
  const client = new WecomClient({
    corpId: 'ww-test-corp', corpSecret: SECRET, baseUrl: server.url, tokenCache: new TokenCache(),
    now: clock.now, sleep: clock.sleep, random: () => 0.5, log: (e) => events.push(e), ...extra,
  });
  return { client, events, clock };
}
