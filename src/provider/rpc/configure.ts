// ConfigureProvider: the runtime (client + directory) from the provider block and the
// environment, built by the engine's own runtimeFromProviderConfig, so credentials, API base and
// limits follow the same rules in both engines.
import { runtimeFromProviderConfig } from '../../engine/runtime';
import { PROVIDER_SCHEMA } from '../../schema';
import { decodeObject, UNKNOWN } from '../cty-msgpack';
import { errorDiagnostic, ProviderSession } from '../session';

export async function configureProvider(session: ProviderSession, req: { config?: { msgpack?: Buffer } }): Promise<Record<string, unknown>> {
  const raw = decodeObject(PROVIDER_SCHEMA, req.config?.msgpack) ?? {};
  // Unset (null) and not-yet-known values fall back to the defaults and the environment.
  const config = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== null && v !== UNKNOWN));
  try {
    await session.close();
    session.runtime = runtimeFromProviderConfig(config, session.statePath(), { env: session.env });
    return { diagnostics: [] };
  } catch (err) {
    return { diagnostics: [errorDiagnostic(err)] };
  }
}
