// WecomClient: the typed WeCom server API, composed from the pipeline pieces (transport,
// token, retry, rate limit, concurrency, redaction) and one namespace per area.

import { ENDPOINTS } from '../wecom/endpoints';
import { GetTokenResponse } from '../wecom/types';
import { Caller, ClientStats } from './caller';
import { Semaphore } from './concurrency';
import {
  ClientEvent, resolveBaseUrl, resolveLimits, resolveOptions, resolveRetry, defaultSleep, WecomClientOptions,
} from './options';
import { QuotaReport, RateLimiter } from './rate-limit';
import { Redactor } from './redact';
import { defaultTokenCache, tokenCacheKey, TokenProvider } from './token';
import { Transport } from './transport';
import { AppChats } from './endpoints/appchat';
import { CustomerGroups } from './endpoints/customer-groups';
import { Departments, Users } from './endpoints/directory';
import { InterceptRules } from './endpoints/intercept-rules';
import { JoinWays } from './endpoints/join-ways';
import { Tags } from './endpoints/tags';
import { Robots } from './endpoints/webhook';
import { WelcomeTemplates } from './endpoints/welcome-templates';

const emptyStats = (): ClientStats => ({ calls: {}, retries: 0, tokenRefreshes: 0, rateWaits: 0, rateWaitMs: 0, reconciles: 0, adoptions: 0 });

/** What both clients share: a pipeline over one connection pool. */
abstract class BaseClient {
  protected readonly redactor = new Redactor();
  protected readonly statsData = emptyStats();
  protected readonly transport: Transport;
  protected readonly caller: Caller;
  protected readonly limiter: RateLimiter;

  protected constructor(o: Omit<WecomClientOptions, 'corpId' | 'corpSecret'>, tokens?: (caller: Caller, emit: (e: ClientEvent) => void) => TokenProvider) {
    const retry = resolveRetry(o.retry);
    const maxInFlight = o.maxInFlight ?? 16;
    const now = o.now ?? Date.now;
    const sleep = o.sleep ?? defaultSleep;
    this.transport = new Transport({ baseUrl: resolveBaseUrl(o.baseUrl), timeoutMs: o.timeoutMs ?? 10_000, connections: o.connections ?? maxInFlight });
    this.limiter = o.rateLimiter ?? new RateLimiter({ limits: resolveLimits(o.limits), now, sleep, maxRateWaitMs: o.maxRateWaitMs, quotaWindow: o.quotaWindow });
    const log = o.log;
    // Events pass through the redactor; a throwing logger must not break a call.
    const emit = (e: ClientEvent): void => { try { log?.(this.redactor.scrubValue(e)); } catch { /* ignore */ } };
    const deps = {
      transport: this.transport, limiter: this.limiter, semaphore: new Semaphore(maxInFlight), redactor: this.redactor,
      retry, now, sleep, random: o.random ?? Math.random, emit, stats: this.statsData,
    };
    this.caller = new Caller(deps);
    if (tokens) Object.assign(deps, { tokens: tokens(this.caller, emit) });
  }

  /** Counters since construction: HTTP calls per endpoint path, retries, token refreshes, waits. */
  stats(): ClientStats {
    return { ...this.statsData, calls: { ...this.statsData.calls } };
  }

  /** Waits for calls in flight, then closes the connections. Later calls fail with WECOM_CLOSED. */
  async close(): Promise<void> {
    this.caller.markClosed();
    await this.transport.close();
  }
}

export class WecomClient extends BaseClient {
  readonly appChats: AppChats;
  readonly robots: Robots;
  readonly interceptRules: InterceptRules;
  readonly customerGroups: CustomerGroups;
  readonly joinWays: JoinWays;
  readonly welcomeTemplates: WelcomeTemplates;
  readonly departments: Departments;
  readonly users: Users;
  readonly tags: Tags;

  constructor(options: WecomClientOptions) {
    const o = resolveOptions(options);
    super(options, (caller, emit) => new TokenProvider({
      cache: options.tokenCache ?? defaultTokenCache,
      key: tokenCacheKey(o.corpId, o.corpSecret),
      now: o.now,
      refreshMarginS: o.tokenRefreshMarginS,
      fetch: async () => (await caller.call<GetTokenResponse>(ENDPOINTS.getToken, { query: { corpid: o.corpId, corpsecret: o.corpSecret } })).data,
      onRefresh: (reason) => { this.statsData.tokenRefreshes++; emit({ type: 'token-refresh', reason }); },
      onToken: (token) => this.redactor.register(token),
    }));
    this.redactor.register(o.corpSecret);
    this.appChats = new AppChats(this.caller, this.statsData);
    this.robots = new Robots(this.caller);
    this.interceptRules = new InterceptRules(this.caller);
    this.customerGroups = new CustomerGroups(this.caller);
    this.joinWays = new JoinWays(this.caller);
    this.welcomeTemplates = new WelcomeTemplates(this.caller);
    this.departments = new Departments(this.caller);
    this.users = new Users(this.caller, this.departments);
    this.tags = new Tags(this.caller, this.statsData);
  }

  /** Client-side quota bookkeeping, for a planner to check before applying. */
  quota(): QuotaReport {
    return this.limiter.quota();
  }

  quotaRemaining(): { chatCreatesToday: number; chatUpdatesThisHour: number } {
    const q = this.quota();
    return { chatCreatesToday: q.chatCreatesToday.remaining, chatUpdatesThisHour: q.chatUpdatesThisHour.remaining };
  }
}

export type RobotClientOptions = Omit<WecomClientOptions, 'corpId' | 'corpSecret' | 'tokenRefreshMarginS' | 'tokenCache'>;

/** Robot webhooks only: needs no corp credentials (the key is the credential). */
export class RobotClient extends BaseClient {
  readonly robots: Robots;

  constructor(options: RobotClientOptions = {}) {
    super(options);
    this.robots = new Robots(this.caller);
  }

  send(...args: Parameters<Robots['send']>): ReturnType<Robots['send']> {
    return this.robots.send(...args);
  }

  uploadMedia(...args: Parameters<Robots['uploadMedia']>): ReturnType<Robots['uploadMedia']> {
    return this.robots.uploadMedia(...args);
  }
}
