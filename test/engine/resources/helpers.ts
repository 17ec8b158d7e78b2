// Handler-level lifecycle helpers: a simulator on 127.0.0.1:0 with its default org, a client
// for the main app, and a fresh Directory per "run" (as planner.ts's handlerContext builds it).
import { WecomClient } from '../../../src/client';
import { Directory } from '../../../src/engine/directory';
import { diffAttributes } from '../../../src/engine/plan/diff';
import type { Attrs, HandlerContext, ResourceHandler } from '../../../src/engine/resources';
import { splitUnknown } from '../../../src/engine/values';
import { DEFAULT_ORG, startSimulator } from '../../../src/simulator';
import type { CallCount, RunningSimulator } from '../../../src/simulator';

export const U = DEFAULT_ORG.users;
export const D = DEFAULT_ORG.departments;

export interface Env {
  sim: RunningSimulator;
  client: WecomClient;
  /** A context for one run: its own directory cache. */
  ctx(address: string, env?: NodeJS.ProcessEnv): HandlerContext;
  /** Per-path call counts, read through the /_sim/ inspection API. */
  calls(): Promise<Record<string, CallCount>>;
  close(): Promise<void>;
}

export async function startEnv(agent: keyof typeof DEFAULT_ORG.agents = 'main'): Promise<Env> {
  const sim = await startSimulator();
  const client = clientFor(sim, agent);
  return {
    sim, client,
    ctx: (address, env = {}) => ({ client, directory: new Directory(client), env, address, limits: {} }),
    async calls() {
      const res = await fetch(`${sim.inspectUrl}calls`);
      return ((await res.json()) as { counts: Record<string, CallCount> }).counts;
    },
    async close() {
      await client.close();
      await sim.close();
    },
  };
}

export function clientFor(sim: RunningSimulator, agent: keyof typeof DEFAULT_ORG.agents): WecomClient {
  return new WecomClient({ corpId: sim.corp.id, corpSecret: DEFAULT_ORG.agents[agent].secret, baseUrl: sim.url, retry: { baseDelayMs: 1, maxDelayMs: 5 } });
}

const WRITE = /^(add|create|update|del|edit|delete|send|addtagusers|deltagusers|transfer|onjob_transfer)$|^(add|update|del)_/;

/** Write endpoints called between two call-count snapshots. */
export function writesSince(before: Record<string, CallCount>, after: Record<string, CallCount>): string[] {
  return Object.entries(after).filter(([p, c]) => c.calls > (before[p]?.calls ?? 0) && WRITE.test(p.split('/').pop() ?? p)).map(([p]) => p);
}

/** What the applier hands to create/update: unknowns as null. */
export function planned(after: Attrs): Attrs {
  return splitUnknown(after).known;
}

/** Attributes that differ as the planner's generic diff sees them (unknown values count as changed). */
export function changed(h: ResourceHandler, before: Attrs, after: Attrs): string[] {
  const { known, unknown } = splitUnknown(after);
  return diffAttributes(h.schema, before, known, unknown).changed;
}

/** Every attribute of the schema is present in a state (no stray or missing names). */
export function expectSchemaShape(h: { schema: { attributes: Record<string, unknown> } }, state: Attrs): void {
  expect(Object.keys(state).sort()).toEqual(Object.keys(h.schema.attributes).sort());
}
