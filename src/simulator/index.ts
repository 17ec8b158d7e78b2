// The local WeCom API simulator: startSimulator() serves every endpoint of src/wecom/endpoints
// under /cgi-bin/ on 127.0.0.1, plus the /_sim/ inspection interface. See docs/simulator.md.
import type { AddressInfo } from 'node:net';
import type { AgentRec } from './model';
import { resolveOptions } from './options';
import type { SimulatorOptions } from './options';
import { API_PREFIX, INSPECT_PREFIX, createServer } from './server';
import { Simulator } from './simulator';

export interface RunningSimulator {
  /** API base with trailing slash, e.g. http://127.0.0.1:38123/cgi-bin/ */
  readonly url: string;
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  /** http://127.0.0.1:PORT/_sim/ */
  readonly inspectUrl: string;
  readonly port: number;
  /** Direct access: store, inspection, out-of-band changes, faults, clock, tokens. */
  readonly sim: Simulator;
  /** The corp and its agents (with secrets: this handle stays in-process). */
  readonly corp: { id: string; agents: AgentRec[] };
  close(): Promise<void>;
}

export const SIMULATOR_HOST = '127.0.0.1';

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const resolved = resolveOptions(options);
  const sim = new Simulator(resolved);
  const server = createServer(sim);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, SIMULATOR_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://${SIMULATOR_HOST}:${port}`;
  let closed: Promise<void> | undefined;
  return {
    url: `${origin}${API_PREFIX}`,
    origin,
    inspectUrl: `${origin}${INSPECT_PREFIX}`,
    port,
    sim,
    corp: { id: sim.state.corp.id, agents: sim.state.corp.agents.map((a) => ({ ...a })) },
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

export { Simulator } from './simulator';
export type { SimulatorOptions, SimulatorLimits } from './options';
export { DEFAULT_SIMULATOR_LIMITS } from './options';
export type { FaultOptions, FaultMode } from './faults';
export type { Seed, SeedAgent, SeedDepartment, SeedUser, SeedTag, SeedCustomerGroup, SeedMember, SeedRobot, SeedAppChat } from './seed';
export { SeedError, validateSeed, loadSeedFile } from './seed';
export { DEFAULT_ORG, buildDefaultOrg } from './default-org';
export { generateOrg, ORG_SIZE_MIN, ORG_SIZE_MAX } from './generated-org';
export type { GeneratedOrgOptions, GeneratedOrgShape } from './generated-org';
export type { MessageFilter, RobotView } from './inspect';
export type * from './oob';
export type { MessageRec, SimState, AgentRec } from './model';
export type { CallEntry, CallCount } from './calls';
export { fingerprint } from './redact';
