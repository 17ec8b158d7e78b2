// The pg backend's settings, resolved exactly as Terraform does (backend.go + backendbase's
// SDKLikeDefaults): an unset or empty string falls back to its environment variable, then to the
// default; a bool set to false in the block stays false (the environment is not consulted); bool
// strings parse like Go's strconv.ParseBool.
import { PgConfigError } from './errors';

export interface PgBackendConfig {
  /** `postgres://` URL or libpq key/value string; empty means the PG* environment (as lib/pq). */
  connStr: string;
  /** Unquoted schema name (quoted wherever it is used). */
  schemaName: string;
  skipSchemaCreation: boolean;
  skipTableCreation: boolean;
  skipIndexCreation: boolean;
}

export const DEFAULT_SCHEMA_NAME = 'terraform_remote_state';

/** Block key → [environment variable, fallback], as in Terraform's backend.go. */
const STRINGS = {
  conn_str: ['PG_CONN_STR', ''],
  schema_name: ['PG_SCHEMA_NAME', DEFAULT_SCHEMA_NAME],
} as const;
const BOOLS = {
  skip_schema_creation: 'PG_SKIP_SCHEMA_CREATION',
  skip_table_creation: 'PG_SKIP_TABLE_CREATION',
  skip_index_creation: 'PG_SKIP_INDEX_CREATION',
} as const;

/** Go's strconv.ParseBool. */
function parseGoBool(key: string, raw: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(raw)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(raw)) return false;
  throw new PgConfigError(`invalid value for "${key}": "${raw}" is not a boolean (use true or false)`);
}

/** Values as Terraform converts them to strings first (cty: bool → "true"/"false", number → digits). */
function asString(key: string, v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean' || typeof v === 'number') return String(v);
  throw new PgConfigError(`invalid value for "${key}" in the pg backend block: expected a string or bool`);
}

/**
 * Settings from cdktf's synthesized `terraform.backend.pg` block (snake_case keys, as PgBackend
 * writes them), with Terraform's environment fallbacks. An empty or absent block means "all from
 * the environment", like `backend "pg" {}`.
 */
export function pgBackendConfig(block?: Record<string, unknown> | null, env: NodeJS.ProcessEnv = process.env): PgBackendConfig {
  const b = block ?? {};
  const known = new Set<string>([...Object.keys(STRINGS), ...Object.keys(BOOLS)]);
  const unknown = Object.keys(b).filter((k) => !known.has(k));
  // Terraform refuses unknown arguments too; a typo must not silently fall back to defaults.
  if (unknown.length) throw new PgConfigError(`unsupported argument(s) in the pg backend block: ${unknown.join(', ')}`);
  const str = (key: keyof typeof STRINGS) => {
    const [envName, fallback] = STRINGS[key];
    return asString(key, b[key]) || env[envName] || fallback;
  };
  const bool = (key: keyof typeof BOOLS) => parseGoBool(key, asString(key, b[key]) || env[BOOLS[key]] || 'false');
  const schemaName = str('schema_name');
  if (schemaName.includes('\0')) throw new PgConfigError('schema_name must not contain a NUL character');
  return {
    connStr: str('conn_str'),
    schemaName,
    skipSchemaCreation: bool('skip_schema_creation'),
    skipTableCreation: bool('skip_table_creation'),
    skipIndexCreation: bool('skip_index_creation'),
  };
}

/** The pg backend of a synthesized stack (cdk.tf.json), or undefined when it uses another backend. */
export function pgBackendOfStack(doc: { terraform?: { backend?: Record<string, unknown> } }, env: NodeJS.ProcessEnv = process.env): PgBackendConfig | undefined {
  const backend = doc.terraform?.backend;
  if (!backend || !('pg' in backend)) return undefined;
  return pgBackendConfig(backend.pg as Record<string, unknown> | undefined, env);
}
