// Runs packs over a stack. One PolicyEvaluation per stack collects the findings of every pack,
// emits events to the packs' loggers, records suppressed findings in the synthesized JSON, and
// registers ONE validation on the stack: it fails with every unsuppressed error finding at once
// (cdktf runs validations after aspects, before writing anything) and writes the JSON report.

import * as fs from 'fs';
import * as path from 'path';
import { IConstruct } from 'constructs';
import { App, TerraformElement, TerraformStack } from '../cdktf';
import { AppChat } from '../constructs/app-chat';
import { InterceptRule } from '../constructs/intercept-rule';
import { WecomProvider } from '../constructs/provider';
import { Tag } from '../constructs/tag';
import { constructsInStack } from '../constructs/validation';
import type { PolicyPack } from './pack';
import {
  PolicyEvent, PolicyEventType, PolicyFinding, PolicyLogger, PolicyReport, RuleCounts, formatFinding, reportFinding,
} from './report';
import { Rule, RuleContext, checkCompliance, checkFindings } from './rule';
import { suppressionFor } from './suppressions';

export const POLICY_REPORT_FILE = 'policy-report.json';
/** Key of the policy entry in the synthesized "//" metadata (stack level and per resource). */
export const POLICY_METADATA_KEY = 'wecom_policy';

/** Classes the constructs register with their stack (a lookup instead of a tree walk). */
const REGISTERED: ReadonlyArray<Function> = [AppChat, InterceptRule, Tag, WecomProvider];

const EVALUATIONS = new WeakMap<TerraformStack, PolicyEvaluation>();

interface PackState {
  readonly pack: PolicyPack;
  readonly counts: Map<string, RuleCounts>;
  readonly visited: WeakSet<IConstruct>;
}

interface SuppressedEntry { readonly rule: string; readonly level: string; readonly path: string; readonly reason: string; readonly message: string }

export class PolicyEvaluation {
  /** The evaluation of a stack, created (with its validation) on first use. */
  public static of(stack: TerraformStack): PolicyEvaluation {
    let e = EVALUATIONS.get(stack);
    if (!e) EVALUATIONS.set(stack, (e = new PolicyEvaluation(stack)));
    return e;
  }

  /** The evaluation of a stack if any pack ran on it. */
  public static tryOf(stack: TerraformStack): PolicyEvaluation | undefined {
    return EVALUATIONS.get(stack);
  }

  private readonly packs = new Map<PolicyPack, PackState>();
  private readonly findingsByKey = new Map<string, PolicyFinding>();
  private readonly ctx: RuleContext;
  /** Mutated in place: the stack override holds this object and is resolved at synth. */
  private readonly stackMetadata = { packs: [] as Array<{ name: string; rules: string[] }>, suppressed: [] as SuppressedEntry[], warnings: [] as string[] };
  private readonly elementMetadata = new WeakMap<TerraformElement, SuppressedEntry[]>();

  private constructor(public readonly stack: TerraformStack) {
    this.ctx = {
      stack,
      constructsOf: <T extends IConstruct>(cls: abstract new (...args: never[]) => T): readonly T[] => (REGISTERED.includes(cls)
        ? constructsInStack(stack, cls)
        : stack.node.findAll().filter((c): c is T => c instanceof cls)),
    };
    stack.addOverride(`//.${POLICY_METADATA_KEY}`, this.stackMetadata);
    stack.node.addValidation({ validate: () => this.validate() });
  }

  /** Every finding so far (suppressed ones included), in evaluation order. */
  public get findings(): readonly PolicyFinding[] {
    return [...this.findingsByKey.values()];
  }

  /** Runs every rule of `pack` on `node` once. */
  public evaluate(pack: PolicyPack, node: IConstruct): void {
    const state = this.packState(pack);
    if (state.visited.has(node)) return; // a second synth of the same tree
    state.visited.add(node);
    for (const rule of pack.rules) this.runRule(state, rule, node);
  }

  /** Error messages of unsuppressed error findings; writes the report as a side effect. */
  public validate(): string[] {
    this.writeReport();
    return this.findings.filter((f) => f.level === 'error' && !f.suppression).map((f) => f.message);
  }

  public report(): PolicyReport {
    const findings = this.findings;
    const open = findings.filter((f) => !f.suppression);
    return {
      version: 1,
      stack: this.stack.node.id,
      packs: [...this.packs.values()].map((s) => ({
        name: s.pack.name,
        rules: s.pack.rules.map((r) => ({ id: r.id, level: r.level, name: r.name, info: r.info, counts: s.counts.get(r.id)! })),
      })),
      summary: {
        errors: open.filter((f) => f.level === 'error').length,
        warnings: open.filter((f) => f.level === 'warning').length,
        suppressed: findings.length - open.length,
        ruleErrors: findings.filter((f) => f.ruleCrashed).length,
      },
      findings: [...findings].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.ruleId.localeCompare(b.ruleId))).map(reportFinding),
    };
  }

  /** Where the report goes: next to the stack's cdk.tf.json. */
  public reportPath(): string {
    return path.join(App.of(this.stack).outdir, 'stacks', this.stack.node.id, POLICY_REPORT_FILE);
  }

  private packState(pack: PolicyPack): PackState {
    let state = this.packs.get(pack);
    if (!state) {
      state = { pack, counts: new Map(pack.rules.map((r) => [r.id, zeroCounts()])), visited: new WeakSet() };
      this.packs.set(pack, state);
      this.stackMetadata.packs.push({ name: pack.name, rules: pack.rules.map((r) => r.id) });
    }
    return state;
  }

  private runRule(state: PackState, rule: Rule, node: IConstruct): void {
    const counts = state.counts.get(rule.id)!;
    let result;
    try {
      result = rule.check(node, this.ctx);
    } catch (err) {
      counts['rule-error']++;
      const detail = `rule crashed: ${(err as Error)?.message ?? String(err)}; the construct was not checked (fix the rule or leave it out of the pack)`;
      this.record(state, rule, node, node, detail, 'error', true);
      return;
    }
    const compliance = checkCompliance(result);
    counts[compliance]++;
    if (compliance !== 'non-compliant') {
      this.emit(state.pack, compliance === 'compliant' ? 'compliance' : 'not-applicable', rule, node);
      return;
    }
    for (const f of checkFindings(result)) this.record(state, rule, node, f.construct ?? node, f.detail ?? rule.info, rule.level, false);
  }

  private record(state: PackState, rule: Rule, node: IConstruct, target: IConstruct, detail: string, level: Rule['level'], crashed: boolean): void {
    const p = target.node.path;
    const key = `${state.pack.name}\u0000${rule.id}\u0000${p}\u0000${detail}`;
    if (this.findingsByKey.has(key)) return;
    const suppression = suppressionFor(target, rule.id);
    const finding: PolicyFinding = {
      pack: state.pack.name, ruleId: rule.id, ruleName: rule.name, level, path: p, detail,
      message: formatFinding({ ruleId: rule.id, level, path: p, detail }),
      ...(crashed ? { ruleCrashed: true } : {}),
      ...(suppression ? { suppression } : {}),
    };
    this.findingsByKey.set(key, finding);
    if (suppression) this.recordSuppressed(finding, target);
    else if (level === 'warning') this.stackMetadata.warnings.push(finding.message);
    this.emit(state.pack, suppression ? 'suppressed' : crashed ? 'rule-error' : 'non-compliance', rule, node, finding, target);
  }

  /** Suppressed findings stay visible: in the stack's "//" entry and on the resource itself. */
  private recordSuppressed(f: PolicyFinding, target: IConstruct): void {
    const entry: SuppressedEntry = { rule: f.ruleId, level: f.level, path: f.path, reason: f.suppression!.reason, message: f.message };
    this.stackMetadata.suppressed.push(entry);
    const element = elementOf(target);
    if (!element) return;
    let list = this.elementMetadata.get(element);
    if (!list) {
      this.elementMetadata.set(element, (list = []));
      element.addOverride(`//.${POLICY_METADATA_KEY}`, { suppressed: list });
    }
    list.push(entry);
  }

  private emit(pack: PolicyPack, type: PolicyEventType, rule: Rule, node: IConstruct, finding?: PolicyFinding, target?: IConstruct): void {
    const method = LOGGER_METHOD[type];
    const loggers = pack.loggers.filter((l) => typeof l[method] === 'function');
    if (!loggers.length) return;
    const e: PolicyEvent = { type, pack: pack.name, rule, node, finding, target };
    for (const l of loggers) l[method]!(e);
  }

  private writeReport(): void {
    if (![...this.packs.keys()].some((p) => p.writeReport)) return;
    const file = this.reportPath();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(this.report(), null, 2)}\n`);
  }
}

const LOGGER_METHOD: Record<PolicyEventType, keyof PolicyLogger> = {
  'compliance': 'onCompliance',
  'non-compliance': 'onNonCompliance',
  'suppressed': 'onSuppressed',
  'not-applicable': 'onNotApplicable',
  'rule-error': 'onRuleError',
};

function zeroCounts(): RuleCounts {
  return { 'compliant': 0, 'non-compliant': 0, 'not-applicable': 0, 'rule-error': 0 };
}

/** The synthesized element a finding about `c` belongs to: itself, or its default child. */
function elementOf(c: IConstruct): TerraformElement | undefined {
  if (TerraformElement.isTerraformElement(c)) return c;
  const child = c.node.defaultChild;
  return child && TerraformElement.isTerraformElement(child) ? child : undefined;
}
