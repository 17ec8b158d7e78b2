// ReadDataSource: the engine's data source handler. Terraform only calls it once the config is
// known, and wants the values the config set back unchanged.
import { dataSourceHandler } from '../../engine/resources';
import { decodeObject, encodeObject } from '../cty-msgpack';
import { errorDiagnostic, ProviderSession } from '../session';
import { keepEquivalent } from './resource';

export async function readDataSource(session: ProviderSession, req: { type_name?: string; config?: { msgpack?: Buffer } }): Promise<Record<string, unknown>> {
  const h = dataSourceHandler(String(req.type_name));
  if (!h) return { diagnostics: [errorDiagnostic(new Error(`data source ${req.type_name} is not served by terraform-provider-wecom`))] };
  const config = decodeObject(h.schema, req.config?.msgpack) ?? {};
  try {
    const attrs = await h.read(session.context(`data.${h.type}`), config);
    const set = Object.fromEntries(Object.entries(config).filter(([, v]) => v !== null));
    return { state: { msgpack: encodeObject(h.schema, keepEquivalent(h.schema, set, attrs)) } };
  } catch (err) {
    return { diagnostics: [errorDiagnostic(err)] };
  }
}
