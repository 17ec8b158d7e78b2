// Suppressions: "this construct (and everything below it) may break rule X, because ...".
// Validated when added: each needs a rule id and a reason of at least 10 characters, and every
// invalid entry of a call is reported in one error. Suppressed findings are not hidden: they are
// recorded in the synthesized JSON ("//" metadata) and in the policy report, with the reason.

import { IConstruct } from 'constructs';

export const MIN_REASON_LENGTH = 10;
/** Rule ids look like `WECOM-BASE-001`: upper-case words joined by hyphens. */
export const RULE_ID_PATTERN = /^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$/;

export interface PolicySuppression {
  /** Rule id, e.g. `WECOM-BASE-001`. */
  readonly id: string;
  /** Why breaking the rule is acceptable here (at least 10 characters); kept in output and report. */
  readonly reason: string;
}

/** A suppression as it applies to a construct: where it was added. */
export interface AppliedSuppression extends PolicySuppression {
  /** Path of the construct the suppression was added to (it covers its children). */
  readonly scope: string;
}

export class PolicySuppressionError extends Error {
  public readonly code = 'WECOM_POLICY_SUPPRESSION';
  public constructor(public readonly path: string, public readonly problems: readonly string[]) {
    super(`Policy.suppress '${path}': ${problems.length} invalid suppression${problems.length === 1 ? '' : 's'}:\n  ${problems.join('\n  ')}`);
    this.name = 'PolicySuppressionError';
  }
}

const SUPPRESSIONS = new WeakMap<IConstruct, PolicySuppression[]>();

/** Problems of a list of suppressions, all of them (empty when valid). */
export function suppressionProblems(suppressions: readonly PolicySuppression[]): string[] {
  const out: string[] = [];
  if (!Array.isArray(suppressions) || suppressions.length === 0) return ['no suppressions given; pass [{ id, reason }]'];
  suppressions.forEach((s, i) => {
    const id = typeof s?.id === 'string' ? s.id : '';
    const label = `[${i}]${id ? ` ${id}` : ''}`;
    if (!RULE_ID_PATTERN.test(id)) {
      out.push(`${label}: id ${JSON.stringify(s?.id)} is not a rule id; expected one like WECOM-BASE-001`);
    }
    const reason = typeof s?.reason === 'string' ? s.reason.trim() : '';
    if (reason.length < MIN_REASON_LENGTH) {
      out.push(`${label}: reason ${JSON.stringify(s?.reason ?? null)} has ${reason.length} characters; at least ${MIN_REASON_LENGTH} are required (say why the rule does not apply here)`);
    }
  });
  return out;
}

/** Validates and records suppressions on `scope`; throws PolicySuppressionError listing every problem. */
export function addSuppressions(scope: IConstruct, suppressions: readonly PolicySuppression[]): void {
  const problems = suppressionProblems(suppressions);
  if (problems.length) throw new PolicySuppressionError(scope.node.path, problems);
  const list = SUPPRESSIONS.get(scope) ?? [];
  list.push(...suppressions.map((s) => ({ id: s.id, reason: s.reason.trim() })));
  SUPPRESSIONS.set(scope, list);
}

/** The suppression of `ruleId` that covers `node`: its own, else the nearest ancestor's. */
export function suppressionFor(node: IConstruct, ruleId: string): AppliedSuppression | undefined {
  for (let c: IConstruct | undefined = node; c; c = c.node.scope) {
    const found = SUPPRESSIONS.get(c)?.find((s) => s.id === ruleId);
    if (found) return { ...found, scope: c.node.path };
  }
  return undefined;
}

/** Suppressions added directly on `scope`. */
export function suppressionsOn(scope: IConstruct): readonly PolicySuppression[] {
  return SUPPRESSIONS.get(scope) ?? [];
}
