import * as fs from 'fs';
import { IConstruct } from 'constructs';
import { App, Aspects, TerraformStack, Testing } from '../../src/cdktf';
import { AppChat } from '../../src/constructs';
import {
  ConsoleLogger, PolicyEvent, PolicyPack, Policy, Rule, WecomBaseline, POLICY_REPORT_FILE, PolicyEvaluation,
} from '../../src/policy';
import { findings, newStack, synthError, withBaseline } from './helpers';

const chat = (stack: IConstruct, id: string, name: string, n = 2) => new AppChat(stack, id, {
  name, owner: 'u0', members: { users: Array.from({ length: n }, (_, i) => `u${i}`) },
});

const crashing: Rule = {
  id: 'TEST-CRASH-001', level: 'warning', name: 'Crashes', info: 'Always throws.', explanation: 'For tests.',
  check: (node) => {
    if (node instanceof AppChat) throw new TypeError('boom');
    return 'not-applicable';
  },
};

describe('PolicyPack as an aspect', () => {
  test('a rule that throws becomes an error finding saying it crashed; other rules still run', () => {
    const stack = newStack();
    chat(stack, 'eng', 'bad name');
    Aspects.of(stack).add(new PolicyPack('Test', [crashing, ...WecomBaseline.rules()], { loggers: [] }));
    const found = findings(stack);
    expect(found.map((f) => [f.ruleId, f.level, f.path, !!f.ruleCrashed])).toEqual([
      ['TEST-CRASH-001', 'error', 'proj/eng', true],
      ['WECOM-BASE-001', 'warning', 'proj/eng', false],
    ]);
    expect(found[0].message).toBe("TEST-CRASH-001 (error) 'proj/eng': rule crashed: boom; the construct was not checked (fix the rule or leave it out of the pack)");
    expect(synthError(stack)).toContain('rule crashed: boom');
  });

  test('errors stop synthesis with every finding listed in one error', () => {
    const stack = newStack();
    chat(stack, 'a', 'a-b', 30);
    chat(stack, 'b', 'c-d', 40);
    withBaseline(stack, { maxMembers: 20 });
    const app = App.of(stack);
    let message = '';
    try {
      app.synth();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain("[proj] WECOM-BASE-003 (error) 'proj/a': has 30 members; the ceiling is 20");
    expect(message).toContain("[proj] WECOM-BASE-003 (error) 'proj/b': has 40 members; the ceiling is 20");
    expect(fs.existsSync(`${app.outdir}/stacks/proj/cdk.tf.json`)).toBe(false);
    // the report is written even when synthesis fails
    const report = JSON.parse(fs.readFileSync(`${app.outdir}/stacks/proj/${POLICY_REPORT_FILE}`, 'utf8'));
    expect(report.summary).toEqual({ errors: 2, warnings: 0, suppressed: 0, ruleErrors: 0 });
  });

  test('construct validation problems and policy errors are reported together', () => {
    const stack = newStack();
    new AppChat(stack, 'bad', { name: 'x-y', owner: 'nobody', members: { users: ['u0', 'u1'] } });
    chat(stack, 'big', 'a-b', 30);
    withBaseline(stack, { maxMembers: 20 });
    const err = synthError(stack);
    expect(err).toContain('(WECOM_CHAT_OWNER)');
    expect(err).toContain("WECOM-BASE-003 (error) 'proj/big'");
  });

  test('warnings do not stop synthesis: annotated, printed by ConsoleLogger, in the output and the report', () => {
    const stack = newStack();
    chat(stack, 'eng', 'no convention');
    const lines: string[] = [];
    Aspects.of(stack).add(new WecomBaseline({ loggers: [new ConsoleLogger({ write: (l) => lines.push(l) })] }));
    Aspects.of(stack).add(new PolicyPack('Annotating', [], {}));
    const app = App.of(stack);
    app.synth();
    const message = "WECOM-BASE-001 (warning) 'proj/eng': name \"no convention\" does not match /^[^-]+-[^-]+$/u";
    expect(lines).toEqual([`[policy] ${message}`]);
    const json = JSON.parse(fs.readFileSync(`${app.outdir}/stacks/proj/cdk.tf.json`, 'utf8'));
    expect(json['//'].wecom_policy).toEqual({
      packs: [{ name: 'WecomBaseline', rules: WecomBaseline.rules().map((r) => r.id) }, { name: 'Annotating', rules: [] }],
      suppressed: [], warnings: [message],
    });
    const report = JSON.parse(fs.readFileSync(`${app.outdir}/stacks/proj/${POLICY_REPORT_FILE}`, 'utf8'));
    expect(report).toEqual(Policy.report(stack));
    expect(report.summary).toEqual({ errors: 0, warnings: 1, suppressed: 0, ruleErrors: 0 });
    expect(report.findings).toEqual([{ pack: 'WecomBaseline', ruleId: 'WECOM-BASE-001', level: 'warning', path: 'proj/eng', message }]);
    expect(report.packs[0].rules[0]).toMatchObject({ id: 'WECOM-BASE-001', counts: { 'compliant': 0, 'non-compliant': 1 } });
  });

  test('the default AnnotationsLogger adds a warning annotation on the construct', () => {
    const stack = newStack();
    const c = chat(stack, 'eng', 'no convention');
    Aspects.of(stack).add(new WecomBaseline());
    Testing.synth(stack, true);
    expect(c.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => m.data)).toEqual([
      "WECOM-BASE-001 (warning) 'proj/eng': name \"no convention\" does not match /^[^-]+-[^-]+$/u",
    ]);
  });

  test('loggers receive compliance, not-applicable and non-compliance events', () => {
    const stack = newStack();
    chat(stack, 'ok', 'a-b');
    chat(stack, 'bad', 'bad');
    const events: PolicyEvent[] = [];
    const log = (e: PolicyEvent) => events.push(e);
    Aspects.of(stack).add(new WecomBaseline({ loggers: [{ onCompliance: log, onNonCompliance: log, onNotApplicable: log }], exclude: ['WECOM-BASE-004'] }));
    Testing.synth(stack);
    const naming = events.filter((e) => e.rule.id === 'WECOM-BASE-001' && e.node instanceof AppChat);
    expect(naming.map((e) => [e.type, e.node.node.path])).toEqual([['compliance', 'proj/ok'], ['non-compliance', 'proj/bad']]);
    expect(events.some((e) => e.type === 'not-applicable')).toBe(true);
  });

  test('synthesizing twice does not duplicate findings or metadata', () => {
    const stack = newStack();
    chat(stack, 'eng', 'bad');
    withBaseline(stack);
    Testing.synth(stack);
    Testing.synth(stack);
    expect(Policy.findings(stack)).toHaveLength(1);
    expect(PolicyEvaluation.of(stack).report().packs[0].rules[0].counts['non-compliant']).toBe(1);
  });

  test('packs on a sub-construct check only that subtree; report: false writes no file', () => {
    const stack = newStack();
    const a = chat(stack, 'a', 'bad');
    chat(stack, 'b', 'bad too');
    Aspects.of(a).add(new WecomBaseline({ loggers: [], report: false }));
    Testing.synth(stack, true);
    expect(Policy.findings(stack).map((f) => f.path)).toEqual(['proj/a']);
    expect(fs.existsSync(PolicyEvaluation.of(stack).reportPath())).toBe(false);
  });

  test('a stack without packs has no findings and no report', () => {
    const stack = new TerraformStack(Testing.app(), 'plain');
    expect(Policy.findings(stack)).toEqual([]);
    expect(Policy.report(stack)).toBeUndefined();
  });
});

describe('new WecomBaseline(props)', () => {
  test('has the six rules in id order with their default levels', () => {
    expect(WecomBaseline.rules().map((r) => [r.id, r.level])).toEqual([
      ['WECOM-BASE-001', 'warning'], ['WECOM-BASE-002', 'error'], ['WECOM-BASE-003', 'error'],
      ['WECOM-BASE-004', 'error'], ['WECOM-BASE-005', 'warning'], ['WECOM-BASE-006', 'error'],
    ]);
    for (const r of WecomBaseline.rules()) {
      expect(r.info.length).toBeGreaterThan(20);
      expect(r.explanation.length).toBeGreaterThan(80);
    }
  });

  test('levels override a rule\'s level; exclude leaves rules out; unknown ids are rejected', () => {
    const stack = newStack();
    chat(stack, 'eng', 'bad');
    withBaseline(stack, { levels: { 'WECOM-BASE-001': 'error' } });
    expect(synthError(stack)).toContain("WECOM-BASE-001 (error) 'proj/eng'");
    expect(WecomBaseline.rules({ exclude: ['WECOM-BASE-001'] }).map((r) => r.id)).not.toContain('WECOM-BASE-001');
    expect(() => new WecomBaseline({ levels: { 'WECOM-BASE-999': 'error' } })).toThrow('WecomBaseline: unknown rule ids WECOM-BASE-999');
  });

  test('a pack rejects repeated rule ids', () => {
    const [r] = WecomBaseline.rules();
    expect(() => new PolicyPack('Dup', [r, r])).toThrow("PolicyPack 'Dup': rule ids must be unique; repeated: WECOM-BASE-001");
  });

  test('Policy.apply adds packs as aspects', () => {
    const stack = newStack();
    chat(stack, 'eng', 'bad');
    Policy.apply(stack, new WecomBaseline({ loggers: [] }));
    expect(findings(stack)).toHaveLength(1);
  });
});
