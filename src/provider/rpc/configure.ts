// ConfigureProvider: the runtime (client + directory) from the provider block and the
// environment, built by the engine's own runtimeFromProviderConfig, so credentials, API base and
// limits follow the same rules in both engines. Tokens and directory listings are shared with the
// other provider processes of the same Terraform command (command-cache.ts).
import * as path from 'node:path';
import { attachLedger, legacyLedgerOf, LocalLedgerStore } from '../../engine/ledger';
import { runtimeFromProviderConfig, SharedCaches } from '../../engine/runtime';
import { PROVIDER_SCHEMA } from '../../schema';
import { CacheConfigError, CommandCache, Credentials } from '../command-cache';
import { decodeObject, UNKNOWN } from '../cty-msgpack';
import { sharedCaches } from '../shared-caches';
import { errorDiagnostic, ProviderSession } from '../session';

export async function configureProvider(session: ProviderSession, req: { config?: { msgpack?: Buffer } }): Promise<Record<string, unknown>> {
  const raw = decodeObject(PROVIDER_SCHEMA, req.config?.msgpack) ?? {};
  // Unset (null) and not-yet-known values fall back to the defaults and the environment.
  const config = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== null && v !== UNKNOWN));
  try {
    await session.close();
    const rt = runtimeFromProviderConfig(config, { env: session.env, shared: (credentials) => openCommandCache(session, credentials) });
    // Quota spent by every stack and run of the corp counts under Terraform too.
    const statePath = session.statePath();
    if (statePath) await attachLedger(rt, new LocalLedgerStore(path.dirname(statePath), rt.corpId), [legacyLedgerOf(statePath)]);
    session.runtime = rt;
    return { diagnostics: [] };
  } catch (err) {
    return { diagnostics: [errorDiagnostic(err)] };
  }
}

/** The caches shared with this command's other provider processes; undefined when off. */
function openCommandCache(session: ProviderSession, credentials: Credentials): SharedCaches | undefined {
  let cache: ReturnType<typeof CommandCache.open>;
  try {
    cache = CommandCache.open({ ...credentials, env: session.env });
  } catch (err) {
    // A bad WECOM_PROVIDER_CACHE is the user's to fix; anything else only costs calls.
    if (err instanceof CacheConfigError) throw err;
    cache = { disabled: 'could not be opened' };
  }
  if ('disabled' in cache) {
    session.trace(`cache disabled: ${cache.disabled}`);
    return undefined;
  }
  session.cache = cache;
  return sharedCaches(cache);
}
