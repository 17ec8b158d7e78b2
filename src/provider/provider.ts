// The method table: gRPC path -> decode request, call the RPC's function, encode the response.
// RPC groups are loaded on first use so that a process Terraform starts only for the schema
// never loads the WeCom client.
import { appendFileSync } from 'node:fs';
import { decodeMessage, encodeMessage, Message, protos } from './proto/codec';
import type { UnaryHandler } from './server';
import { ProviderSession } from './session';

type Rpc = (session: ProviderSession, req: Message) => Message | Promise<Message>;

const resource = () => require('./rpc/resource') as typeof import('./rpc/resource');
const validate = () => require('./rpc/validate') as typeof import('./rpc/validate');
const schema = () => require('./rpc/schema') as typeof import('./rpc/schema');

const RPCS: Record<string, Rpc> = {
  '/tfplugin6.Provider/GetMetadata': () => schema().getMetadata(),
  '/tfplugin6.Provider/GetProviderSchema': () => schema().getProviderSchema(),
  '/tfplugin6.Provider/ValidateProviderConfig': (_s, r) => validate().validateProviderConfig(r),
  '/tfplugin6.Provider/ValidateResourceConfig': (_s, r) => validate().validateResourceConfig(r),
  '/tfplugin6.Provider/ValidateDataResourceConfig': (_s, r) => validate().validateDataResourceConfig(r),
  '/tfplugin6.Provider/ConfigureProvider': (s, r) => (require('./rpc/configure') as typeof import('./rpc/configure')).configureProvider(s, r),
  '/tfplugin6.Provider/UpgradeResourceState': (_s, r) => resource().upgradeResourceState(r),
  '/tfplugin6.Provider/ReadResource': (s, r) => resource().readResource(s, r),
  '/tfplugin6.Provider/PlanResourceChange': (s, r) => resource().planResourceChange(s, r),
  '/tfplugin6.Provider/ApplyResourceChange': (s, r) => resource().applyResourceChange(s, r),
  '/tfplugin6.Provider/ImportResourceState': (s, r) => resource().importResourceState(s, r),
  '/tfplugin6.Provider/ReadDataSource': (s, r) => (require('./rpc/data') as typeof import('./rpc/data')).readDataSource(s, r),
  '/tfplugin6.Provider/StopProvider': (s) => { s.stopping = true; return {}; },
};

export interface Router {
  route(path: string): UnaryHandler | undefined;
  session: ProviderSession;
}

/** `onShutdown` runs after GRPCController/Shutdown has been answered. */
export function createRouter(session: ProviderSession, onShutdown: () => void): Router {
  const set = protos();
  return {
    session,
    route(path) {
      const m = set.methods.get(path);
      if (!m) return undefined;
      if (path === '/plugin.GRPCController/Shutdown') {
        return async () => { setTimeout(onShutdown, 5); return encodeMessage(m.response, {}, set); };
      }
      const rpc = RPCS[path];
      if (!rpc) return undefined;
      const call = async (body: Buffer) => encodeMessage(m.response, await rpc(session, decodeMessage(m.request, body, set)), set);
      const trace = session.env.WECOM_PROVIDER_TRACE;
      if (!trace) return call;
      // Debug aid: one line per call (pid, method, ms) appended to the file WECOM_PROVIDER_TRACE names.
      return async (body) => {
        const t = performance.now();
        try { return await call(body); } finally { appendFileSync(trace, `${process.pid} ${m.name} ${(performance.now() - t).toFixed(1)}\n`); }
      };
    },
  };
}
