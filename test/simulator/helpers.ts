// Test helpers: a simulator on port 0 with an injected clock, and a tiny fetch-based caller
// (deliberately not src/client, which is written separately).
import { DEFAULT_ORG, startSimulator } from '../../src/simulator';
import type { RunningSimulator, SimulatorOptions } from '../../src/simulator';

export type Json = Record<string, any>;

/** 2024-01-10 10:00 China time: well inside a natural day. */
export const T0 = Date.UTC(2024, 0, 10, 2, 0, 0);

export class Clock {
  t = T0;
  readonly now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

export type AgentName = keyof typeof DEFAULT_ORG.agents;

export class Api {
  private tokens = new Map<string, string>();

  constructor(readonly running: RunningSimulator) {}

  async token(agent: AgentName = 'main'): Promise<string> {
    const cached = this.tokens.get(agent);
    if (cached) return cached;
    const { secret } = DEFAULT_ORG.agents[agent];
    const r = await this.getRaw('gettoken', { corpid: this.running.corp.id, corpsecret: secret });
    if (r.errcode !== 0) throw new Error(`gettoken failed: ${JSON.stringify(r)}`);
    this.tokens.set(agent, r.access_token);
    return r.access_token;
  }

  forget(): void {
    this.tokens.clear();
  }

  url(path: string, query: Record<string, string | number> = {}): string {
    const q = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]));
    const qs = q.toString();
    return `${this.running.url}${path}${qs ? `?${qs}` : ''}`;
  }

  async getRaw(path: string, query: Record<string, string | number> = {}): Promise<Json> {
    const res = await fetch(this.url(path, query));
    expect(res.status).toBe(200);
    return (await res.json()) as Json;
  }

  async get(path: string, query: Record<string, string | number> = {}, agent: AgentName = 'main'): Promise<Json> {
    return this.getRaw(path, { access_token: await this.token(agent), ...query });
  }

  async postRaw(path: string, query: Record<string, string | number>, body: unknown): Promise<Json> {
    const res = await fetch(this.url(path, query), { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) });
    expect(res.status).toBe(200);
    return (await res.json()) as Json;
  }

  async post(path: string, body: unknown, agent: AgentName = 'main'): Promise<Json> {
    return this.postRaw(path, { access_token: await this.token(agent) }, body);
  }

  async robot(key: string, body: unknown): Promise<Json> {
    return this.postRaw('webhook/send', { key }, body);
  }

  async inspect(path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const res = await fetch(`${this.running.inspectUrl}${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  }
}

export interface Harness { running: RunningSimulator; api: Api; clock: Clock }

/** Starts a simulator with an injected clock; call `stop` in afterEach/afterAll. */
export async function harness(options: SimulatorOptions = {}): Promise<Harness> {
  const clock = new Clock();
  const running = await startSimulator({ now: clock.now, ...options });
  return { running, api: new Api(running), clock };
}

export const ORG = DEFAULT_ORG;
export const USERS = DEFAULT_ORG.users;
