// Simulator options and their defaults. Where WeCom's docs disagree (facts §8) the default
// follows the current docs and the alternative is one option away.
import { DEFAULT_RATE_LIMITS, LIMITS } from '../wecom';
import type { RateLimits } from '../wecom';
import { checkFaultOptions } from './faults';
import type { FaultOptions } from './faults';
import { ORG_SIZE_MAX, ORG_SIZE_MIN } from './generated-org';
import type { Seed } from './seed';

export interface SimulatorLimits extends RateLimits {
  /** App chat members at most (disputed: 2000 vs 500). @default 2000 */
  maxChatMembers: number;
  /** Characters per intercept word at most (disputed: 32 vs 30). @default 32 */
  maxRuleWordLength: number;
  /** Welcome template text bytes at most (disputed: 3000 vs 4000). @default 3000 */
  welcomeTextMaxBytes: number;
  /** Undocumented by WeCom: may appchat/update leave fewer than 2 members? @default false (86006) */
  allowUpdateBelowTwoMembers: boolean;
  /** appchat/send person-messages (message x members) per corp per minute. @default 20000 */
  appChatPersonMessagesPerMinute: number;
  /**
   * Length of the robot window `robotMessagesPerMinute` counts in, in seconds (WeCom: a minute).
   * Tests shorten it to see a robot's window free up without waiting a minute. @default 60
   */
  robotWindowSeconds: number;
}

export interface SimulatorOptions {
  /** TCP port on 127.0.0.1; 0 picks a free one. @default 0 */
  port?: number;
  /** The org: a Seed object or a path to a seed JSON file. @default the built-in default org */
  seed?: Seed | string;
  /**
   * Instead of `seed`: a generated org of this many people (generated-org.ts; deterministic,
   * same corp and agents as the default org). @default none (the default org of 300)
   */
  orgSize?: number;
  /** Persist state here (loaded when it exists, written atomically after every change). @default in memory */
  dataFile?: string;
  /** Access token lifetime. @default 7200 */
  tokenTtlSeconds?: number;
  /** What an expired token answers (disputed: 42001 vs 40014). @default 42001 */
  expiredTokenErrcode?: 42001 | 40014;
  limits?: Partial<SimulatorLimits>;
  /** Robot 20/min window kind (undocumented by WeCom). @default 'sliding' */
  robotWindow?: 'fixed' | 'sliding';
  faults?: FaultOptions;
  /** Clock in ms since epoch; tests inject one to move time without sleeping. @default Date.now */
  now?: () => number;
  /** Line sink for request logs (never carries secrets). @default silent */
  log?: (line: string) => void;
  /** Seed of the PRNG that picks omitted owners and generates ids. @default 42 */
  randomSeed?: number;
  /** JSON request bodies larger than this answer 40206. @default 2 MiB */
  maxJsonBytes?: number;
}

export interface ResolvedOptions {
  port: number;
  seed?: Seed | string;
  orgSize?: number;
  dataFile?: string;
  tokenTtlMs: number;
  expiredTokenErrcode: 42001 | 40014;
  limits: SimulatorLimits;
  robotWindow: 'fixed' | 'sliding';
  faults?: FaultOptions;
  now: () => number;
  log: (line: string) => void;
  randomSeed: number;
  maxJsonBytes: number;
}

export const DEFAULT_SIMULATOR_LIMITS: Readonly<SimulatorLimits> = {
  ...DEFAULT_RATE_LIMITS,
  maxChatMembers: LIMITS.CHAT_MEMBERS_MAX,
  maxRuleWordLength: LIMITS.RULE_WORD_MAX,
  welcomeTextMaxBytes: LIMITS.WELCOME_TEXT_MAX_BYTES,
  allowUpdateBelowTwoMembers: false,
  appChatPersonMessagesPerMinute: 20000,
  robotWindowSeconds: 60,
};

export function resolveOptions(o: SimulatorOptions = {}): ResolvedOptions {
  const ttl = o.tokenTtlSeconds ?? LIMITS.ACCESS_TOKEN_TTL_S;
  if (!(ttl > 0)) throw new Error(`simulator: tokenTtlSeconds must be > 0, got ${ttl}`);
  if (o.expiredTokenErrcode !== undefined && o.expiredTokenErrcode !== 42001 && o.expiredTokenErrcode !== 40014) {
    throw new Error(`simulator: expiredTokenErrcode must be 42001 or 40014, got ${String(o.expiredTokenErrcode)}`);
  }
  const limits = { ...DEFAULT_SIMULATOR_LIMITS, ...(o.limits ?? {}) };
  if (!(Number.isSafeInteger(limits.robotWindowSeconds) && limits.robotWindowSeconds > 0)) {
    throw new Error(`simulator: limits.robotWindowSeconds must be a positive integer, got ${String(limits.robotWindowSeconds)}`);
  }
  if (o.orgSize !== undefined && o.seed !== undefined) throw new Error('simulator: give seed or orgSize, not both');
  if (o.orgSize !== undefined && !(Number.isSafeInteger(o.orgSize) && o.orgSize >= ORG_SIZE_MIN && o.orgSize <= ORG_SIZE_MAX)) {
    throw new Error(`simulator: orgSize must be a whole number ${ORG_SIZE_MIN}..${ORG_SIZE_MAX}, got ${String(o.orgSize)}`);
  }
  try {
    checkFaultOptions(o.faults, 'faults.');
  } catch (err) {
    throw new Error(`simulator: ${(err as Error).message}`);
  }
  return {
    port: o.port ?? 0,
    seed: o.seed,
    orgSize: o.orgSize,
    dataFile: o.dataFile,
    tokenTtlMs: ttl * 1000,
    expiredTokenErrcode: o.expiredTokenErrcode ?? 42001,
    limits,
    robotWindow: o.robotWindow ?? 'sliding',
    faults: o.faults,
    now: o.now ?? Date.now,
    log: o.log ?? (() => undefined),
    randomSeed: o.randomSeed ?? 42,
    maxJsonBytes: o.maxJsonBytes ?? 2 * 1024 * 1024,
  };
}
