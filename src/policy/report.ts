// Findings, the events evaluation emits, loggers that render them, and the JSON report.

import { IConstruct } from 'constructs';
import { Annotations } from '../cdktf';
import { AppliedSuppression } from './suppressions';
import { Compliance, Rule, RuleLevel } from './rule';

/** One finding of a rule on a construct. */
export interface PolicyFinding {
  readonly pack: string;
  readonly ruleId: string;
  readonly ruleName: string;
  readonly level: RuleLevel;
  /** Construct path of what the finding is about. */
  readonly path: string;
  /** The finding in one line: `<rule id> (<level>) '<path>': <detail>`. */
  readonly message: string;
  readonly detail: string;
  /** Set when the rule threw: the finding reports the crash, not the construct. */
  readonly ruleCrashed?: boolean;
  /** Set when a suppression covers the finding: it no longer stops synthesis. */
  readonly suppression?: AppliedSuppression;
}

export type PolicyEventType = 'compliance' | 'non-compliance' | 'suppressed' | 'not-applicable' | 'rule-error';

export interface PolicyEvent {
  readonly type: PolicyEventType;
  readonly pack: string;
  readonly rule: Rule;
  /** The construct checked. */
  readonly node: IConstruct;
  /** For non-compliance, suppressed and rule-error events. */
  readonly finding?: PolicyFinding;
  /** The construct the finding is about (the checked one unless the rule named another). */
  readonly target?: IConstruct;
}

/** Renders evaluation events. Every method is optional. */
export interface PolicyLogger {
  onCompliance?(e: PolicyEvent): void;
  onNonCompliance?(e: PolicyEvent): void;
  onSuppressed?(e: PolicyEvent): void;
  onNotApplicable?(e: PolicyEvent): void;
  /** A rule threw; the finding says so (level error). */
  onRuleError?(e: PolicyEvent): void;
}

export function formatFinding(f: Pick<PolicyFinding, 'ruleId' | 'level' | 'path' | 'detail'>): string {
  return `${f.ruleId} (${f.level}) '${f.path}': ${f.detail}`;
}

/**
 * Adds construct annotations: warnings for unsuppressed findings of level warning, info for
 * suppressed ones. (Errors stop synthesis through the stack's validation instead.) The cdktf CLI
 * prints annotations; they are also in the manifest.
 */
export class AnnotationsLogger implements PolicyLogger {
  public onNonCompliance(e: PolicyEvent): void {
    if (e.finding?.level === 'warning') Annotations.of(e.target ?? e.node).addWarning(e.finding.message);
  }

  public onSuppressed(e: PolicyEvent): void {
    if (e.finding) Annotations.of(e.target ?? e.node).addInfo(`${e.finding.message} [suppressed: ${e.finding.suppression?.reason}]`);
  }
}

/** Prints findings (warnings, suppressed and rule errors; errors too unless `errors: false`) to a stream. */
export class ConsoleLogger implements PolicyLogger {
  public constructor(private readonly options: { write?: (line: string) => void; errors?: boolean } = {}) {}

  public onNonCompliance(e: PolicyEvent): void {
    if (e.finding && (e.finding.level === 'warning' || this.options.errors !== false)) this.print(`[policy] ${e.finding.message}`);
  }

  public onSuppressed(e: PolicyEvent): void {
    if (e.finding) this.print(`[policy] suppressed: ${e.finding.message} (${e.finding.suppression?.reason})`);
  }

  public onRuleError(e: PolicyEvent): void {
    if (e.finding) this.print(`[policy] ${e.finding.message}`);
  }

  private print(line: string): void {
    (this.options.write ?? ((l: string) => process.stderr.write(`${l}\n`)))(line);
  }
}

/** Counts of checks per compliance, per rule. */
export type RuleCounts = Record<Compliance | 'rule-error', number>;

/** The JSON written to `<outdir>/stacks/<stack>/policy-report.json`. */
export interface PolicyReport {
  readonly version: 1;
  readonly stack: string;
  readonly packs: ReadonlyArray<{
    readonly name: string;
    readonly rules: ReadonlyArray<{ readonly id: string; readonly level: RuleLevel; readonly name: string; readonly info: string; readonly counts: RuleCounts }>;
  }>;
  readonly summary: { readonly errors: number; readonly warnings: number; readonly suppressed: number; readonly ruleErrors: number };
  /** Every finding, suppressed ones included, ordered by path then rule id. */
  readonly findings: ReadonlyArray<ReportFinding>;
}

export interface ReportFinding {
  readonly pack: string;
  readonly ruleId: string;
  readonly level: RuleLevel;
  readonly path: string;
  readonly message: string;
  readonly ruleCrashed?: boolean;
  readonly suppressed?: { readonly reason: string; readonly scope: string };
}

export function reportFinding(f: PolicyFinding): ReportFinding {
  return {
    pack: f.pack, ruleId: f.ruleId, level: f.level, path: f.path, message: f.message,
    ...(f.ruleCrashed ? { ruleCrashed: true } : {}),
    ...(f.suppression ? { suppressed: { reason: f.suppression.reason, scope: f.suppression.scope } } : {}),
  };
}
