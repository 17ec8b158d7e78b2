// One error base class with stable codes (like undici's `UND_ERR_*`): callers branch on
// `err.code`, never on message text. Subclasses add only their code and payload.
// Messages name the endpoint by PATH ONLY: the access token and robot keys ride in the query
// string, so a URL with its query never appears in an error.

import { errInfo } from '../wecom/errcodes';

export type WecomErrorCode =
  | 'WECOM_API_ERROR' // WeCom answered errcode != 0
  | 'WECOM_QUOTA_EXCEEDED' // the call would exceed a daily/hourly quota; not sent
  | 'WECOM_TIMEOUT' // no answer within timeoutMs (outcome unknown)
  | 'WECOM_NETWORK' // connection refused/reset, socket closed (outcome may be unknown)
  | 'WECOM_HTTP' // non-200 status or a body that is not a WeCom JSON envelope
  | 'WECOM_OUTCOME_UNKNOWN' // a non-idempotent call lost its answer and cannot be checked
  | 'WECOM_CHAT_CONFLICT' // appchat/create retry found a chat with that id that is not ours
  | 'WECOM_CONFIG' // invalid client options
  | 'WECOM_INVALID_ARGUMENT' // rejected client-side before any network call
  | 'WECOM_CLOSED'; // the client was closed

export class WecomError extends Error {
  override readonly name: string = 'WecomError';
  readonly code: WecomErrorCode;
  /** Endpoint path without query string, when the error concerns one call. */
  readonly endpoint?: string;
  /** Attempts made before giving up, when the error ends a call. */
  attempts?: number;
  /** An earlier attempt of the call lost its answer: WeCom may have applied it already. */
  lostAnswer?: boolean;

  constructor(code: WecomErrorCode, message: string, opts: { endpoint?: string; cause?: unknown; attempts?: number } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.code = code;
    this.endpoint = opts.endpoint;
    this.attempts = opts.attempts;
  }
}

/** WeCom answered with errcode != 0. */
export class WecomApiError extends WecomError {
  override readonly name = 'WecomApiError';
  readonly errcode: number;
  readonly errmsg: string;
  declare attempts: number;
  /** What the errcode means for a person, from src/wecom/errcodes.ts (undefined if unknown). */
  readonly explanation?: string;

  constructor(p: { endpoint: string; errcode: number; errmsg: string; attempts: number; detail?: string }) {
    const explanation = errInfo(p.errcode)?.explain;
    const tail = [explanation, p.detail].filter(Boolean).join(' ');
    super('WECOM_API_ERROR',
      `${p.endpoint}: errcode ${p.errcode} (${firstClause(p.errmsg)})${tail ? ` - ${tail}` : ''}` +
      ` [after ${p.attempts} attempt${p.attempts === 1 ? '' : 's'}]`,
      { endpoint: p.endpoint, attempts: p.attempts });
    this.errcode = p.errcode;
    this.errmsg = p.errmsg;
    this.explanation = explanation;
  }
}

/** The call would exceed a quota the client enforces; it was not sent. */
export class WecomQuotaError extends WecomError {
  override readonly name = 'WecomQuotaError';
  constructor(
    readonly quota: string,
    readonly limit: number,
    readonly used: number,
    /** Epoch ms when enough budget frees up for this call. */
    readonly resetsAt: number,
    endpoint: string,
  ) {
    super('WECOM_QUOTA_EXCEEDED',
      `${endpoint}: quota ${quota} is spent (${used} of ${limit} used); it resets at ${chinaTime(resetsAt)} China time ` +
      `(${new Date(resetsAt).toISOString()}). The call was not sent.`, { endpoint });
  }
}

/** Timeout, connection failure, bad HTTP status: no usable WeCom answer. */
export class WecomNetworkError extends WecomError {
  override readonly name = 'WecomNetworkError';
  constructor(
    code: 'WECOM_TIMEOUT' | 'WECOM_NETWORK' | 'WECOM_HTTP',
    message: string,
    endpoint: string,
    /** The request provably never reached the server (e.g. connection refused). */
    readonly notSent: boolean,
    /** Worth repeating (timeouts, resets, 5xx); false for a 4xx or a non-JSON 200. */
    readonly retryable: boolean,
    readonly statusCode?: number,
    cause?: unknown,
  ) {
    super(code, message, { endpoint, cause });
  }
}

/** A non-idempotent call lost its answer; the server may or may not have applied it. */
export class WecomOutcomeUnknownError extends WecomError {
  override readonly name = 'WecomOutcomeUnknownError';
  constructor(endpoint: string, attempts: number, cause: unknown) {
    super('WECOM_OUTCOME_UNKNOWN',
      `${endpoint}: the answer was lost (${causeText(cause)}) [after ${attempts} attempt${attempts === 1 ? '' : 's'}]; ` +
      'it was not repeated, as that could apply it twice. WeCom may or may not have applied it.',
      { endpoint, cause, attempts });
  }
}

/** `YYYY-MM-DD HH:MM` in China time (UTC+8), the clock WeCom's quotas follow. */
export function chinaTime(epochMs: number): string {
  return new Date(epochMs + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

export const configError = (message: string): WecomError => new WecomError('WECOM_CONFIG', message);

export const invalidArgument = (endpoint: string, message: string): WecomError =>
  new WecomError('WECOM_INVALID_ARGUMENT', `${endpoint}: ${message}`, { endpoint });

/** WeCom's errmsg ends in ", hint: [...], from ip: ..., more info at ...": keep the text. */
function firstClause(errmsg: string): string {
  const i = errmsg.indexOf(', hint:');
  return i >= 0 ? errmsg.slice(0, i) : errmsg;
}

function causeText(cause: unknown): string {
  if (cause instanceof WecomError) return cause.code;
  return cause instanceof Error ? cause.message : String(cause);
}

export function isTokenErrcode(errcode: number): boolean {
  return errInfo(errcode)?.kind === 'token';
}

export function isTransientErrcode(errcode: number): boolean {
  return errInfo(errcode)?.kind === 'transient';
}
