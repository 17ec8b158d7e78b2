// The simulator's in-process handle: store, tokens, limits, faults, call log, clock, and the
// inspection and out-of-band operations the /_sim/ interface exposes over HTTP.
import { CallLog } from './calls';
import { buildDefaultOrg } from './default-org';
import { generateOrg } from './generated-org';
import { FaultInjector } from './faults';
import type { FaultMode, FaultOptions } from './faults';
import { Inspector } from './inspect';
import type { MessageRec, SimState } from './model';
import { OutOfBand } from './oob';
import type { ResolvedOptions, SimulatorLimits } from './options';
import { Prng } from './prng';
import { RateLimiter } from './rate-limits';
import { loadSeedFile, seedToState, validateSeed } from './seed';
import { MAX_MESSAGES, Store, loadState } from './store';
import { TokenStore } from './tokens';

function initialState(o: ResolvedOptions, nowS: number): SimState {
  const fromFile = o.dataFile ? loadState(o.dataFile) : undefined;
  if (fromFile) return fromFile;
  // A generated org is built by this code, so it skips validation (tests check it validates).
  if (o.orgSize !== undefined) return seedToState(generateOrg({ size: o.orgSize }), nowS);
  const seed = o.seed === undefined ? buildDefaultOrg() : typeof o.seed === 'string' ? loadSeedFile(o.seed) : validateSeed(o.seed);
  return seedToState(seed, nowS);
}

export class Simulator {
  readonly store: Store;
  readonly tokens: TokenStore;
  readonly limiter = new RateLimiter();
  readonly faults: FaultInjector;
  readonly calls = new CallLog();
  readonly limits: SimulatorLimits;
  readonly rng: Prng;
  readonly inspect: Inspector;
  readonly oob: OutOfBand;
  private clockOffsetMs = 0;

  constructor(readonly options: ResolvedOptions) {
    this.limits = options.limits;
    this.rng = new Prng(options.randomSeed);
    this.store = new Store(initialState(options, Math.floor(options.now() / 1000)), options.dataFile);
    this.store.save();
    this.tokens = new TokenStore(options.tokenTtlMs, options.expiredTokenErrcode);
    this.faults = new FaultInjector(options.faults);
    this.inspect = new Inspector(this);
    this.oob = new OutOfBand(this);
  }

  get state(): SimState {
    return this.store.state;
  }

  /** Simulator time in ms: the injected clock plus any `advanceClock`. */
  now(): number {
    return this.options.now() + this.clockOffsetMs;
  }

  nowS(): number {
    return Math.floor(this.now() / 1000);
  }

  /** Moves the simulator clock forward (token expiry, rate-limit windows, media expiry). */
  advanceClock(ms: number): void {
    this.clockOffsetMs += ms;
  }

  log(line: string): void {
    this.options.log(line);
  }

  /** Revokes the tokens of one agent, or of all; returns how many valid tokens were revoked. */
  revokeTokens(agentid?: number): number {
    return this.tokens.revoke(agentid, this.now());
  }

  setFaults(opts: FaultOptions | null): void {
    this.faults.set(opts);
  }

  /** The next `count` calls to paths starting with `path` fail with `mode`. */
  injectFault(mode: FaultMode, path?: string, count = 1): void {
    this.faults.queue(mode, path, count);
  }

  /** Clears rate-limit counters and blocks, and the call counts and log. */
  resetCounters(): void {
    this.limiter.reset();
    this.calls.reset();
  }

  save(): void {
    this.store.save();
  }

  /** A fresh id: `prefix` + `length` random characters, unique among `taken`. */
  newId(prefix: string, length: number, taken: (id: string) => boolean, alphabet?: string): string {
    for (;;) {
      const id = prefix + this.rng.chars(length, alphabet);
      if (!taken(id)) return id;
    }
  }

  recordMessage(m: Omit<MessageRec, 'seq' | 'time'>): MessageRec {
    const rec = { seq: ++this.state.seq.message, time: this.nowS(), ...m };
    this.state.messages.push(rec);
    if (this.state.messages.length > MAX_MESSAGES) this.state.messages.splice(0, this.state.messages.length - MAX_MESSAGES);
    return rec;
  }
}
