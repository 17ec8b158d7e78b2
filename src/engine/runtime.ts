// What a run talks to: the client built from the stack's provider block and the environment.
// Credentials come only from the environment (WECOM_CORP_ID, the variable the provider names,
// WECOM_API_BASE to point at a simulator); a missing one is an error before any API call.
import * as path from 'node:path';
import { RateLimiter, TokenCache, WecomClient, WecomClientOptions } from '../client';
import { resolveLimits } from '../client/options';
import { DEFAULT_CORP_SECRET_ENV } from '../schema';
import type { StackConfig } from './config/stack';
import { Directory, DirectoryStore } from './directory';
import type { UNKNOWN } from './config/expressions';
import { planSigningKey } from './plan/verify';
import { attachLedger, AttachedLedger, legacyLedgerOf, LedgerStore, LocalLedgerStore, saveLedgerQuota } from './ledger';

export interface RuntimeOptions {
  env?: NodeJS.ProcessEnv;
  /** Extra client options (tests: retry timing, clock). */
  client?: Partial<WecomClientOptions>;
  /**
   * Caches that outlive this runtime, chosen once the credentials are known (terraform-provider-wecom
   * shares tokens and directory listings between the processes of one Terraform command).
   */
  shared?: (credentials: { corpId: string; apiBase: string; secret: string; contactsSecret?: string }) => SharedCaches | undefined;
}

export interface SharedCaches {
  tokenCache?: TokenCache;
  directory?: DirectoryStore;
  /** Called when the runtime closes: write what is pending. */
  close?(): void;
}

export interface Runtime {
  client: WecomClient;
  directory: Directory;
  env: NodeJS.ProcessEnv;
  corpId: string;
  apiBase: string;
  limits: { maxChatMembers?: number };
  /** Outputs of the stacks of this run, by state key (cross-stack references; resources/remote-state.ts). */
  stackOutputs: Map<string, Record<string, unknown> | typeof UNKNOWN>;
  /** The rate limiter shared by the runtime's clients (quota bookkeeping). */
  limiter: RateLimiter;
  /** The corp ledger this runtime counts quota in, once attached (ledger/index.ts). */
  ledger?: AttachedLedger;
  /** Signs and checks saved plans (src/engine/plan/verify.ts); derived from the corp secret. */
  planSigningKey: Buffer;
  close(): Promise<void>;
}

export class CredentialsError extends Error {
  readonly code = 'WECOM_CREDENTIALS';
  constructor(message: string) {
    super(message);
    this.name = 'CredentialsError';
  }
}

export function providerConfig(stack: StackConfig): Record<string, unknown> {
  return stack.providers.wecom ?? {};
}

/**
 * Timeouts and retries from the environment, for CI on slow links: WECOM_TIMEOUT_MS (per
 * request, default 10000) and WECOM_MAX_ATTEMPTS (per call, default 8). Bad values are errors.
 */
export function clientTuning(env: NodeJS.ProcessEnv): Partial<WecomClientOptions> {
  const int = (name: string): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    if (!/^[1-9]\d*$/.test(raw)) throw new CredentialsError(`${name} is '${raw}'; expected a whole number >= 1`);
    return Number(raw);
  };
  const timeoutMs = int('WECOM_TIMEOUT_MS');
  const maxAttempts = int('WECOM_MAX_ATTEMPTS');
  return { ...(timeoutMs ? { timeoutMs } : {}), ...(maxAttempts ? { retry: { maxAttempts } } : {}) };
}

export function createRuntime(stack: StackConfig, opts: RuntimeOptions = {}): Runtime {
  return runtimeFromProviderConfig(providerConfig(stack), opts);
}

/**
 * The runtime for a provider block's values (null or absent = unset), used by the engine and by
 * terraform-provider-wecom's ConfigureProvider alike. The corp ledger is attached by the caller (ledger/index.ts);
 * without one, only this process's own calls count against the quotas.
 */
export function runtimeFromProviderConfig(p: Record<string, unknown>, opts: RuntimeOptions = {}): Runtime {
  const env = opts.env ?? process.env;
  const corpId = env.WECOM_CORP_ID || (typeof p.corp_id === 'string' ? p.corp_id : '');
  if (!corpId) throw new CredentialsError('no corp id: set WECOM_CORP_ID or the provider\'s corpId');
  const secretEnv = typeof p.corp_secret_env === 'string' ? p.corp_secret_env : DEFAULT_CORP_SECRET_ENV;
  const secret = env[secretEnv];
  if (!secret) {
    throw new CredentialsError(`the app secret is missing: the provider reads it from the environment variable ${secretEnv}, which is not set. ` +
      'Export it (in CI, from the repository\'s secret store); nothing was called.');
  }
  const contactsEnv = typeof p.contacts_secret_env === 'string' ? p.contacts_secret_env : undefined;
  const apiBase = env.WECOM_API_BASE || (typeof p.api_base === 'string' ? p.api_base : undefined) || 'https://qyapi.weixin.qq.com/cgi-bin/';
  const num = (k: string) => (typeof p[k] === 'number' ? p[k] : undefined);
  const limits = Object.fromEntries(Object.entries({
    chatCreatesPerDay: num('chat_creates_per_day'),
    chatUpdatesPerHour: num('chat_updates_per_hour'),
    robotMessagesPerMinute: num('robot_messages_per_minute'),
  }).filter(([, v]) => v !== undefined));
  const contactsSecret = contactsEnv ? env[contactsEnv] : undefined;
  const shared = opts.shared?.({ corpId, apiBase, secret, ...(contactsSecret ? { contactsSecret } : {}) });
  const sharedTokens = shared?.tokenCache ? { tokenCache: shared.tokenCache } : {};
  const quotaWindow = opts.client?.quotaWindow ?? (env.WECOM_QUOTA_WINDOW === 'rolling' ? 'rolling' : 'calendar');
  const limiter = new RateLimiter({ limits: resolveLimits({ ...limits, ...opts.client?.limits }), now: opts.client?.now, sleep: opts.client?.sleep, maxRateWaitMs: opts.client?.maxRateWaitMs, quotaWindow });
  const client = new WecomClient({ corpId, corpSecret: secret, baseUrl: apiBase, limits, rateLimiter: limiter, ...clientTuning(env), ...sharedTokens, ...opts.client });
  // Department resolution with the contacts-sync secret (user/list_id) when one is configured.
  const dirClient = contactsSecret ? new WecomClient({ corpId, corpSecret: contactsSecret, baseUrl: apiBase, ...sharedTokens, ...opts.client }) : client;
  const directory = new Directory(dirClient, contactsSecret ? 'list_id' : 'auto', shared?.directory);
  const rt: Runtime = {
    client, directory, env, corpId, apiBase, limiter,
    limits: { maxChatMembers: num('max_chat_members') },
    planSigningKey: planSigningKey(secret),
    stackOutputs: new Map(),
    close: async () => {
      try {
        shared?.close?.();
        await saveLedgerQuota(rt);
      } finally {
        await client.close();
        if (dirClient !== client) await dirClient.close();
      }
    },
  };
  return rt;
}

/**
 * A runtime with the corp ledger of the local backend attached: quota spent by every stack and
 * run of the corp that keeps its state in that folder counts (pg stacks attach theirs in the pool).
 */
export async function openRuntime(stack: StackConfig, opts: RuntimeOptions = {}, ledger?: (corpId: string) => LedgerStore): Promise<Runtime> {
  const rt = createRuntime(stack, opts);
  await attachLedger(rt, ledger?.(rt.corpId) ?? new LocalLedgerStore(path.dirname(stack.statePath), rt.corpId), [legacyLedgerOf(stack.statePath)]);
  return rt;
}
