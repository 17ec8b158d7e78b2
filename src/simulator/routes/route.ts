// What a route declares (endpoint, permission area, body fields, limits) and what it gets.
import type { EndpointSpec } from '../../wecom';
import type { Fields } from '../check';
import { fail } from '../errors';
import type { AgentRec } from '../model';
import type { Simulator } from '../simulator';

export interface Ctx {
  readonly sim: Simulator;
  /** The calling app (token routes only). */
  readonly agent?: AgentRec;
  readonly query: URLSearchParams;
  /** The checked JSON body ({} for GET routes and raw-body routes, and during `before`). */
  body: Record<string, unknown>;
  readonly raw: Buffer;
  readonly contentType: string;
  /** Set by webhook routes: the robot's key fingerprint, for the call log. */
  robot?: string;
}

/** Permission an app needs: app chats (root visibility), customer contact, contacts sync. */
export type Area = 'appchat' | 'customerContact' | 'contactSync';

export interface Route {
  readonly endpoint: EndpointSpec;
  readonly area?: Area;
  /** JSON body fields of a POST route. */
  readonly fields?: Fields;
  /** Multipart upload: the body is handed over unparsed. */
  readonly rawBody?: boolean;
  /** Body bytes at most before 40206. @default the simulator's maxJsonBytes */
  readonly bodyLimit?: number;
  /** errmsg on success. @default 'ok' */
  readonly okMsg?: string;
  /** Persist state after a successful call. */
  readonly mutates?: boolean;
  /** Runs before the body is parsed (webhook key checks come before body errors). */
  before?(ctx: Ctx): void;
  handle(ctx: Ctx): Record<string, unknown> | void;
}

/** The calling app; token routes always have one. */
export function me(ctx: Ctx): AgentRec {
  if (!ctx.agent) throw new Error('route needs an access token but has no agent');
  return ctx.agent;
}

/** A query parameter that must be present (else `missing`). */
export function queryParam(ctx: Ctx, name: string, missing = 40063): string {
  const v = ctx.query.get(name);
  if (v === null || v === '') fail(missing, `${name} missing`);
  return v;
}

/** An integer query parameter (40058 when not an integer). */
export function queryInt(ctx: Ctx, name: string, missing = 40063): number {
  const v = queryParam(ctx, name, missing);
  if (!/^-?\d{1,15}$/.test(v)) fail(40058, `invalid parameter: ${name} must be an integer`);
  return Number(v);
}

/** The body field as T (routes call this only for fields their spec already checked). */
export function field<T>(ctx: Ctx, name: string): T | undefined {
  return ctx.body[name] as T | undefined;
}
