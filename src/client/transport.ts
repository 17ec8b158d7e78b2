// HTTP against WeCom: one undici Pool (keep-alive) per base-URL origin, a per-request
// deadline, JSON in and out. Turns every failure into a typed error and never lets a URL
// with its query string (access_token=, key=) escape.

import type { FormData, Pool as UndiciPool } from 'undici';
import { WecomEnvelope } from '../wecom/types';
import { WecomNetworkError } from './errors';

export interface TransportRequest {
  readonly method: 'GET' | 'POST';
  /** Relative to the base URL, e.g. 'appchat/get'. */
  readonly path: string;
  readonly query?: Record<string, string | number | undefined>;
  readonly json?: unknown;
  readonly form?: FormData;
}

export interface TransportOptions { baseUrl: string; timeoutMs: number; connections: number }

// undici's index loads ~110 modules (fetch, WebSocket, caches: ~170 ms of start-up in every CLI
// and provider process); the client needs only Pool. undici is pinned to an exact 7.x version.
// undici's index also attaches request() to every dispatcher; we call the same function on ours.
const Pool = require('undici/lib/dispatcher/pool') as typeof UndiciPool;
const request = require('undici/lib/api/api-request') as (this: UndiciPool, opts: Parameters<UndiciPool['request']>[0]) => ReturnType<UndiciPool['request']>;

/** Failures where the request provably never reached the server. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

export class Transport {
  private readonly pool: UndiciPool;
  private readonly basePath: string;

  constructor(private readonly opts: TransportOptions) {
    const url = new URL(opts.baseUrl);
    this.basePath = url.pathname;
    this.pool = new Pool(url.origin, {
      connections: opts.connections,
      keepAliveTimeout: 30_000,
      // The deadline below covers the whole exchange; these are only backstops.
      headersTimeout: opts.timeoutMs + 1000,
      bodyTimeout: opts.timeoutMs + 1000,
    });
  }

  /** Send one request; resolve with the parsed WeCom envelope (errcode not yet checked). */
  async send<T extends WecomEnvelope>(req: TransportRequest): Promise<T> {
    const controller = new AbortController();
    // Made only when it fires: an Error captures a stack trace, a cost on every request otherwise.
    const timer = setTimeout(() => controller.abort(new DeadlineExceeded(this.opts.timeoutMs)), this.opts.timeoutMs);
    try {
      const res = await request.call(this.pool, {
        method: req.method, path: this.basePath + req.path + queryString(req.query),
        headers: req.json === undefined ? {} : { 'content-type': 'application/json' },
        body: req.form ?? (req.json === undefined ? undefined : JSON.stringify(req.json)),
        signal: controller.signal,
      });
      const text = await res.body.text();
      return parseEnvelope<T>(req.path, res.statusCode, text);
    } catch (err) {
      throw toNetworkError(req.path, err);
    } finally {
      clearTimeout(timer);
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  destroy(): Promise<void> {
    return this.pool.destroy();
  }
}

class DeadlineExceeded extends Error {
  constructor(readonly timeoutMs: number) { super(`no answer within ${timeoutMs} ms`); }
}

export function queryString(query: TransportRequest['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

function parseEnvelope<T extends WecomEnvelope>(path: string, status: number, text: string): T {
  if (status !== 200) {
    // 5xx and 429 come from gateways in front of WeCom: worth repeating. Other statuses are not.
    const retryable = status >= 500 || status === 429;
    throw new WecomNetworkError('WECOM_HTTP', `${path}: HTTP ${status} (expected 200 with a JSON body)`,
      path, false, retryable, status);
  }
  let body: unknown;
  try { body = JSON.parse(text); } catch {
    throw new WecomNetworkError('WECOM_HTTP', `${path}: the answer is not JSON (${text.length} bytes)`, path, false, false, status);
  }
  if (!body || typeof body !== 'object' || typeof (body as WecomEnvelope).errcode !== 'number') {
    throw new WecomNetworkError('WECOM_HTTP', `${path}: the answer is not a WeCom envelope`, path, false, false, status);
  }
  return body as T;
}

function toNetworkError(path: string, err: unknown): unknown {
  if (err instanceof WecomNetworkError) return err;
  if (err instanceof DeadlineExceeded) {
    return new WecomNetworkError('WECOM_TIMEOUT', `${path}: ${err.message}`, path, false, true, undefined, err);
  }
  const codes = errorCodes(err);
  if (codes.includes('UND_ERR_HEADERS_TIMEOUT') || codes.includes('UND_ERR_BODY_TIMEOUT')) {
    return new WecomNetworkError('WECOM_TIMEOUT', `${path}: ${codes[0]}`, path, false, true, undefined, err);
  }
  const notSent = codes.some((c) => NOT_SENT_CODES.has(c));
  const what = err instanceof Error ? err.message : String(err);
  return new WecomNetworkError('WECOM_NETWORK', `${path}: ${codes[0] ?? 'network error'}: ${what}`, path, notSent, true, undefined, err);
}

/** undici wraps socket errors; the system code may sit on the error or on its cause. */
function errorCodes(err: unknown): string[] {
  const out: string[] = [];
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, i = 0; e && i < 4; e = e.cause as typeof e, i++) {
    if (typeof e.code === 'string') out.push(e.code);
  }
  return out;
}
