// The /_sim/ inspection interface over HTTP: JSON views (GET), control (POST) and out-of-band
// changes (POST oob/*). Plain HTTP statuses here, not the WeCom envelope, so nobody mistakes
// it for the API. Never faulted, never rate limited, never shows a secret.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from './body';
import { isPlainObject } from './check';
import { InspectError } from './errors';
import { FAULT_OPTION_FIELDS, QUEUED_FAULT_FIELDS, checkFaultOptions } from './faults';
import type { FaultMode } from './faults';
import { checkBody, refuse, rules } from './inspect-check';
import type { Simulator } from './simulator';

type Body = Record<string, unknown>;
type Handler = (sim: Simulator, q: URLSearchParams, body: Body) => unknown;

const FAULTS_BODY = { ...FAULT_OPTION_FIELDS, queue: rules.arrayOf(rules.object(QUEUED_FAULT_FIELDS)) };

/** The whole body is checked before anything changes: a refused body leaves the faults as they were. */
function setFaults(sim: Simulator, body: Body): unknown {
  checkBody(body, FAULTS_BODY);
  const { queue, ...opts } = body;
  const settings = checkFaultOptions(opts);
  if (Object.keys(opts).length > 0 || queue === undefined) sim.setFaults(Object.keys(opts).length ? settings : null);
  for (const q of (queue ?? []) as Array<{ mode: FaultMode; path?: string; count?: number }>) sim.injectFault(q.mode, q.path, q.count ?? 1);
  return sim.inspect.faults();
}

function revokeTokens(sim: Simulator, body: Body): unknown {
  const agentids = sim.state.corp.agents.map((a) => a.agentid);
  checkBody(body, { agentid: rules.oneOf(agentids) });
  return { revoked: sim.revokeTokens(body.agentid as number | undefined) };
}

function advanceClock(sim: Simulator, body: Body): unknown {
  const amount = rules.number(0);
  checkBody(body, { ms: amount, seconds: amount });
  if ((body.ms === undefined) === (body.seconds === undefined)) refuse('ms|seconds', 'exactly one of ms and seconds (a number >= 0)');
  sim.advanceClock(body.ms !== undefined ? (body.ms as number) : (body.seconds as number) * 1000);
  return { now: sim.now() };
}

const GET: Record<string, Handler> = {
  '': () => ({ get: Object.keys(GET).filter(Boolean), post: Object.keys(POST) }),
  corp: (sim) => sim.inspect.corp(),
  chats: (sim, q) => (q.get('chatid') ? sim.inspect.chat(q.get('chatid') as string) ?? notFound('chat') : sim.inspect.chats()),
  rules: (sim) => sim.inspect.rules(),
  'join-ways': (sim) => sim.inspect.joinWays(),
  'welcome-templates': (sim) => sim.inspect.welcomeTemplates(),
  tags: (sim) => sim.inspect.tags(),
  'customer-groups': (sim) => sim.inspect.customerGroups(),
  robots: (sim) => sim.inspect.robots(),
  users: (sim, q) => (q.get('userid') ? sim.inspect.user(q.get('userid') as string) ?? notFound('user') : sim.inspect.users()),
  departments: (sim) => sim.inspect.departments(),
  messages: (sim, q) => sim.inspect.messages({
    chatid: q.get('chatid') ?? undefined, robot: q.get('robot') ?? undefined, via: (q.get('via') as 'appchat' | 'robot' | null) ?? undefined,
  }),
  calls: (sim) => sim.inspect.calls(),
  faults: (sim) => sim.inspect.faults(),
  clock: (sim) => ({ now: sim.now() }),
};

const POST: Record<string, Handler> = {
  'revoke-tokens': (sim, _q, b) => revokeTokens(sim, b),
  faults: (sim, _q, b) => setFaults(sim, b),
  'reset-counters': (sim, _q, b) => (checkBody(b, {}), sim.resetCounters(), { ok: true }),
  'advance-clock': (sim, _q, b) => advanceClock(sim, b),
  'oob/appchat': (sim, _q, b) => (sim.oob.appChat(b as never), sim.inspect.chat(String(b.chatid))),
  'oob/intercept-rule': (sim, _q, b) => (sim.oob.interceptRule(b as never), { ok: true }),
  'oob/robot': (sim, _q, b) => (sim.oob.robot(b as never), { ok: true }),
  'oob/user': (sim, _q, b) => (sim.oob.user(b as never), sim.inspect.user(String(b.userid)) ?? { ok: true }),
  'oob/join-way': (sim, _q, b) => (sim.oob.joinWay(b as never), { ok: true }),
  'oob/tag': (sim, _q, b) => (sim.oob.tag(b as never), { ok: true }),
  'oob/customer-group': (sim, _q, b) => (sim.oob.customerGroup(b as never), { ok: true }),
};

function notFound(what: string): never {
  throw new InspectError(404, `${what} not found`);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body ?? null);
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function jsonBody(req: IncomingMessage): Promise<Body> {
  const read = await readBody(req, 1024 * 1024);
  if (!read.ok) throw new InspectError(413, 'body too large');
  const text = read.body.toString('utf8').trim();
  if (text === '') return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new InspectError(400, 'body is not valid JSON');
  }
  if (body === null) return {};
  if (!isPlainObject(body)) throw new InspectError(400, 'body must be a JSON object');
  return body;
}

export async function handleInspect(sim: Simulator, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const name = url.pathname.replace(/^\/_sim\/?/, '').replace(/\/$/, '');
  const table = req.method === 'GET' ? GET : req.method === 'POST' ? POST : undefined;
  const handler = table && Object.hasOwn(table, name) ? table[name] : undefined;
  try {
    if (!handler) {
      const known = Object.hasOwn(GET, name) || Object.hasOwn(POST, name);
      throw new InspectError(known ? 405 : 404, known ? `use ${Object.hasOwn(GET, name) ? 'GET' : 'POST'} for /_sim/${name}` : `no inspection route /_sim/${name}`);
    }
    const body = req.method === 'POST' ? await jsonBody(req) : {};
    send(res, 200, handler(sim, url.searchParams, body));
  } catch (err) {
    if (err instanceof InspectError) send(res, err.status, { error: err.message, ...(err.field ? { field: err.field, allowed: err.allowed } : {}) });
    else send(res, 400, { error: `bad request: ${(err as Error).message}` });
  }
}
