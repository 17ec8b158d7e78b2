// The per-resource contract: what the native engine and the Terraform provider (issue 6) both
// call. One handler per resource type in this folder; domain logic lives here, never in the
// planner, the applier or the gRPC adapter, so the two engines cannot behave differently.
import type { WecomClient } from '../../client';
import type { DataSourceSchema, ResourceSchema } from '../../schema';
import type { ChangeDetails } from '../plan/model';
import type { Directory } from '../directory';
import type { UNKNOWN } from '../config/expressions';

export type Attrs = Record<string, unknown>;

export interface HandlerContext {
  readonly client: WecomClient;
  /** Directory lookups cached for one run (departments, users, tags). */
  readonly directory: Directory;
  /** Where robot webhook keys and other env-named secrets are read at apply time. */
  readonly env: NodeJS.ProcessEnv;
  /** Address of the resource being handled, for error messages. */
  readonly address: string;
  /** Provider-level limit overrides (disputed WeCom facts). */
  readonly limits?: { readonly maxChatMembers?: number };
  /**
   * Outputs of stacks planned or applied in this run, by state location (remote-state.ts);
   * UNKNOWN while some are known only after that stack's apply; undefined for stacks not in the run.
   */
  readonly stackOutputs?: (stateKey: string) => Record<string, unknown> | typeof UNKNOWN | undefined;
}

export interface PlanInput {
  /** Config with references resolved; values only apply can know are UNKNOWN (engine/config). */
  readonly config: Attrs;
  /** Refreshed prior state, or null for a create. */
  readonly prior: Attrs | null;
  /**
   * The prior as the state recorded it before refresh, so reasons can tell changes made in the
   * client (drift) from the directory's; undefined where the engine does not pass it.
   */
  readonly state?: Attrs | null;
}

export interface PlanResult {
  /**
   * The proposed new state: config values, defaults filled, computed attributes from prior
   * where they stay, values known only after apply as UNKNOWN. The generic diff compares this
   * with `prior` attribute by attribute using the schema (sets, case-insensitivity, forceNew).
   */
  readonly after: Attrs;
  /** Reviewer-facing facts only the handler knows (names, departed members, notes). */
  readonly details?: ChangeDetails;
  readonly warnings?: string[];
  /**
   * Reasons that may draw on everything the run read (who is listed where, names): the planner
   * calls it after every resource is planned, one at a time in address order, so what the plan
   * says never depends on which read finished first. Merged into details.
   */
  readonly explain?: () => Promise<ChangeDetails>;
}

export interface ResourceHandler {
  readonly type: string;
  readonly schema: ResourceSchema;
  /** Turns config into the proposed state; plan-time checks (unknown users...) throw PlanError. */
  plan(ctx: HandlerContext, input: PlanInput): Promise<PlanResult>;
  /** Reads the live object; null when it is gone. Keeps attributes WeCom cannot report from prior. */
  read(ctx: HandlerContext, prior: Attrs): Promise<Attrs | null>;
  create(ctx: HandlerContext, planned: Attrs): Promise<Attrs>;
  update(ctx: HandlerContext, prior: Attrs, planned: Attrs): Promise<Attrs>;
  /** Destroy; for app chats this applies on_destroy (WeCom cannot delete them). */
  delete(ctx: HandlerContext, prior: Attrs): Promise<void>;
  /** State for an existing object given its id (`cdktf-wecom import ADDRESS ID`). */
  import(ctx: HandlerContext, id: string): Promise<Attrs>;
  /** Text for the plan when destroy does not really delete (e.g. "archive: renamed..."). */
  destroyNote?(prior: Attrs): string | undefined;
  /** True when destroy only forgets the object (no API call). */
  forgetsOnDestroy?(prior: Attrs): boolean;
  /**
   * The live object with the changes its configuration allows undone (e.g. people added in the
   * client to an `additive` chat), so they are not reported as drift. Default: none allowed.
   */
  allowedDrift?(prior: Attrs, live: Attrs): Attrs;
  /**
   * Reviewer-facing facts about a change made outside IaC (state -> live): names, labels, why.
   * Called after the plan's own reads, so it reuses them.
   */
  driftDetails?(ctx: HandlerContext, state: Attrs, live: Attrs, details: ChangeDetails): Promise<ChangeDetails>;
}

export interface DataSourceHandler {
  readonly type: string;
  readonly schema: DataSourceSchema;
  read(ctx: HandlerContext, config: Attrs): Promise<Attrs>;
}

/** A plan-time problem with the stack's content that only live data reveals (unknown user...). */
export class PlanError extends Error {
  readonly code = 'WECOM_PLAN';
  constructor(readonly address: string, readonly field: string, message: string) {
    super(`${address}: ${field}: ${message}`);
    this.name = 'PlanError';
  }
}

export type Operation = 'refresh' | 'plan' | 'read' | 'create' | 'update' | 'replace' | 'delete' | 'import' | 'provisioner';

/** A failure while working on one resource: the message starts with its address and what was being done. */
export class ResourceError extends Error {
  readonly code = 'WECOM_RESOURCE';
  constructor(readonly address: string, readonly operation: Operation, override readonly cause: unknown) {
    super(`${address}: ${operation}: ${messageOf(cause, address)}`, { cause });
    this.name = 'ResourceError';
  }
}

function messageOf(cause: unknown, address: string): string {
  const m = cause instanceof Error ? cause.message : String(cause);
  // A PlanError already starts with the address.
  return m.startsWith(`${address}: `) ? m.slice(address.length + 2) : m;
}

/** Runs `fn` for one resource; any failure comes out as a ResourceError naming it. */
export async function forResource<T>(address: string, operation: Operation, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw err instanceof ResourceError ? err : new ResourceError(address, operation, err);
  }
}
