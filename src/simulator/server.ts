// The HTTP front: routing, body limits, the WeCom envelope, auth, permissions, per-API rate
// limits and the fault hook. Every API answer is HTTP 200 JSON {errcode, errmsg, ...}; a bug
// in a route answers -1 (system busy) and is logged, never an HTTP 500 or a crash.
import * as http from 'node:http';
import { errInfo, wecomErrmsg } from '../wecom';
import { readBody } from './body';
import { checkFields, isPlainObject } from './check';
import { ApiError, fail } from './errors';
import { handleInspect } from './inspect-http';
import type { AgentRec } from './model';
import { stripQuery } from './redact';
import { ROUTES } from './routes';
import type { Area, Ctx, Route } from './routes/route';
import type { Simulator } from './simulator';

export const API_PREFIX = '/cgi-bin/';
export const INSPECT_PREFIX = '/_sim/';

type Answer = Record<string, unknown> & { errcode: number; errmsg: string };

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function envelope(code: number, text?: string, extra: Record<string, unknown> = {}, okMsg = 'ok'): Answer {
  return { errcode: code, errmsg: code === 0 ? okMsg : wecomErrmsg(code, '127.0.0.1', text), ...extra };
}

function authenticate(sim: Simulator, route: Route, query: URLSearchParams): AgentRec | undefined {
  if (!route.endpoint.token) return undefined;
  const agentid = sim.tokens.verify(query.get('access_token'), sim.now());
  const agent = sim.store.agent(agentid);
  if (!agent) fail(40014); // the agent vanished (data file replaced)
  return agent;
}

const PERMITTED: Record<Area, (a: AgentRec) => boolean> = {
  appchat: (a) => a.allowAppChat !== false,
  customerContact: (a) => a.customerContact !== false,
  contactSync: (a) => a.contactSync === true,
};

function parseJsonBody(route: Route, raw: Buffer): Record<string, unknown> {
  if (route.endpoint.method !== 'POST' || route.rawBody) return {};
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    fail(40058, 'invalid parameter: request body is not valid JSON');
  }
  if (!isPlainObject(body)) fail(40058, 'invalid parameter: request body must be a JSON object');
  if (route.fields) checkFields(route.fields, body);
  return body;
}

function runApi(sim: Simulator, route: Route, req: http.IncomingMessage, query: URLSearchParams, raw: Buffer): { answer: Answer; ctx?: Ctx } {
  let ctx: Ctx | undefined;
  try {
    const agent = authenticate(sim, route, query);
    if (req.method !== route.endpoint.method) fail(40058, `invalid parameter: ${route.endpoint.path} needs HTTP ${route.endpoint.method}`);
    if (agent && route.area && !PERMITTED[route.area](agent)) fail(48002);
    if (agent) {
      const key = `api:${route.endpoint.path}`;
      sim.limiter.take(key, sim.limits.perApiPerMinute, 'minute', sim.now());
      sim.limiter.take(key, sim.limits.perApiPerHour, 'hour', sim.now());
    }
    ctx = { sim, agent, query, body: {}, raw, contentType: String(req.headers['content-type'] ?? '') };
    route.before?.(ctx);
    ctx.body = parseJsonBody(route, raw);
    const extra = route.handle(ctx) ?? {};
    if (route.mutates) sim.save();
    return { answer: envelope(0, undefined, extra, route.okMsg), ctx };
  } catch (err) {
    if (err instanceof ApiError) return { answer: envelope(err.errcode, err.text), ctx };
    sim.log(`simulator: internal error on ${route.endpoint.path}: ${(err as Error).stack ?? String(err)}`);
    return { answer: envelope(-1), ctx };
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function handleApi(sim: Simulator, req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
  const apiPath = url.pathname.slice(API_PREFIX.length);
  const route = ROUTES.get(apiPath);
  if (!route) {
    // Outside the known API WeCom's front end answers HTTP 404; the body says why.
    sendJson(res, 404, { errcode: 404, errmsg: `unknown API path ${API_PREFIX}${apiPath} (simulator)` });
    return;
  }
  const read = await readBody(req, route.bodyLimit ?? sim.options.maxJsonBytes);
  const base = { time: sim.now(), method: String(req.method), path: apiPath };
  const answer = (a: Answer, extra: { agentid?: number; robot?: string; fault?: string } = {}): void => {
    sim.calls.record({ ...base, errcode: a.errcode, ...extra });
    sim.log(`${req.method} ${API_PREFIX}${apiPath} errcode=${a.errcode}${extra.fault ? ` fault=${extra.fault}` : ''}`);
    sendJson(res, 200, a);
  };
  if (!read.ok) return answer(envelope(40206, `request body larger than ${route.bodyLimit ?? sim.options.maxJsonBytes} bytes`));
  const fault = sim.faults.decide(apiPath);
  if (fault?.latencyMs) await sleep(fault.latencyMs);
  const reset = (): void => {
    sim.calls.record({ ...base, errcode: null, fault: fault?.mode });
    sim.log(`${req.method} ${API_PREFIX}${apiPath} connection reset (fault=${fault?.mode})`);
    req.socket.destroy();
  };
  if (fault?.reset === 'before') return reset();
  if (fault?.errcode !== undefined) return answer(envelope(fault.errcode, errInfo(fault.errcode)?.msg), { fault: fault.mode });
  const { answer: result, ctx } = runApi(sim, route, req, url.searchParams, read.body);
  if (fault?.reset === 'after') return reset();
  answer(result, { agentid: ctx?.agent?.agentid, robot: ctx?.robot });
}

export function createServer(sim: Simulator): http.Server {
  return http.createServer((req, res) => {
    const route = async (): Promise<void> => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname.startsWith(INSPECT_PREFIX) || url.pathname === '/_sim') return handleInspect(sim, req, res, url);
      if (url.pathname.startsWith(API_PREFIX)) return handleApi(sim, req, res, url);
      sendJson(res, 404, { errcode: 404, errmsg: `unknown path ${stripQuery(req.url ?? '/')} (simulator: API under ${API_PREFIX}, inspection under ${INSPECT_PREFIX})` });
    };
    route().catch((err: unknown) => {
      sim.log(`simulator: request failed: ${(err as Error).stack ?? String(err)}`);
      if (!res.headersSent) sendJson(res, 200, envelope(-1));
      else res.destroy();
    });
  });
}
