// `cdktf-wecom apply [PLANFILE]` (alias `deploy`) and `cdktf-wecom destroy`. A saved plan is
// applied exactly (refused when stale); otherwise a fresh plan is shown and confirmed. Ctrl-C
// stops new work, lets in-flight calls finish, saves state and exits non-zero.
import * as readline from 'node:readline/promises';
import type { Command } from 'commander';
import { acceptDrift, ApplyResult } from '../../engine/apply';
import type { StackConfig } from '../../engine/config/stack';
import { assertPlanFresh, loadPlans, PlanFileError } from '../../engine/plan/file';
import { RuntimePool } from '../../engine/stacks/runtimes';
import { applyStacks, planStacks, stateKeyOf, storedOutputsOf } from '../../engine/stacks/run';
import { visibleOutputs } from '../../engine/planner';
import { findOrphans, findPgOrphans, orphanStackConfig } from '../../engine/stacks/orphans';
import { globToRegExp, noSuchStack } from '../../engine/stacks/select';
import type { TerraformState } from '../../engine/state';
import { renderStacksText } from '../../render/stacks';
import { assertPlanForStack, verifySavedPlan } from '../../engine/plan/verify';
import { hasChanges, Plan } from '../../engine/plan/model';
import { emptyState } from '../../engine/state';
import { onInterrupt, signalExitCode } from '../../lifecycle';
import { progressReporter } from '../../render/progress';
import { action, err, loadProject, loadStacks, loadSynthesized, out, StackFlags, useColor, withLocks } from '../context';
import { stackOptions } from './plan';

interface ApplyFlags extends StackFlags { autoApprove?: boolean; target?: string[]; refreshOnly?: boolean }

async function confirm(question: string): Promise<boolean> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question(question)).trim() === 'yes';
  } finally {
    rl.close();
  }
}

/** SIGINT/SIGTERM abort the apply gracefully; a second signal exits at once (src/lifecycle.ts). */
function trapSignals(): { signal: AbortSignal; release(): void; code(): number } {
  const ctl = new AbortController();
  let received: NodeJS.Signals | undefined;
  const release = onInterrupt((s) => {
    received = s;
    err(`\nReceived ${s}: finishing the operations in flight and saving state; nothing new starts. Send it again to stop at once.`);
    ctl.abort();
  });
  return { signal: ctl.signal, release, code: () => signalExitCode(received ?? 'SIGINT') };
}

/** At most this many addresses are listed per line of the summary; the rest are counted. */
const LISTED = 20;

const list = (xs: string[]) => xs.slice(0, LISTED).join(', ') + (xs.length > LISTED ? `, and ${xs.length - LISTED} more` : '');

/** What the run did, for the log a person reads at 3 a.m.: done, failed (with why), not started, and where state stands. */
export function summarizeResult(r: ApplyResult, statePath?: string, verb: 'Apply' | 'Destroy' = 'Apply'): string {
  const verdict = r.interrupted ? 'interrupted' : r.failed.length ? 'failed' : 'complete';
  const lines = [`${verb} ${verdict}: ${r.done.length} done, ${r.failed.length} failed, ${r.notStarted.length} not started.`];
  for (const f of r.failed) {
    lines.push(`  failed: ${f.error.message.startsWith(f.address) ? '' : `${f.address}: `}${f.error.message}`);
    // A lost answer of a create: say what the next run does about it.
    if (/WECOM_OUTCOME_UNKNOWN|answer was lost/.test(f.error.message) && /: create: /.test(f.error.message)) {
      lines.push('    the next apply reads it back: an app chat is found by its chat id and adopted; a tag or rule whose name is then taken is reported with its import command');
    }
  }
  if (r.notStarted.length) lines.push(`  not started: ${list(r.notStarted)}`);
  if (r.failed.length || r.interrupted) {
    lines.push(`State${statePath ? ` (${statePath}, serial ${r.state.serial})` : ''} records every object that exists in WeCom; the lock is released.`);
    lines.push('Run `cdktf-wecom apply` again to finish: it refreshes first and only does what is left.');
  }
  return lines.join('\n');
}

const ask = (flags: ApplyFlags, question: string) => (flags.autoApprove ? Promise.resolve(true) : confirm(question));

async function run(flags: ApplyFlags, planFile: string | undefined, destroy: boolean): Promise<number> {
  if (planFile) return applySaved(flags, planFile);
  const { project, all, stacks, unmatched } = await loadStacks(flags);
  if (destroy) {
    // A stack deleted from the code is destroyed from its state alone.
    const orphans = [...findOrphans(project, all), ...await findPgOrphans(project, all, all.map((x) => loadSynthesized(project, x).stack))];
    const chosen = orphans.filter((o) => flags.stack?.some((g) => globToRegExp(g).test(o.name)));
    const still = unmatched.filter((g) => !chosen.some((o) => globToRegExp(g).test(o.name)));
    if (still.length) throw noSuchStack(still, all, orphans.map((o) => o.name));
    stacks.push(...chosen.map((o) => ({ project, stack: orphanStackConfig(o), configText: '' })));
  } else if (unmatched.length) throw noSuchStack(unmatched, all);
  if (destroy && !flags.stack?.length && all.length > 1) {
    throw new Error(`destroy needs --stack NAME (or a glob) when the app has several stacks (${all.map((x) => x.name).join(', ')}); nothing was destroyed`);
  }
  if (!flags.autoApprove && !process.stdin.isTTY) {
    throw new Error(`${destroy ? 'destroy' : 'apply'} needs confirmation, but there is no terminal: pass --auto-approve, or apply a saved plan file`);
  }
  if (flags.target?.length && stacks.length > 1) throw new Error(`--target needs one stack; ${stacks.length} are selected (add --stack NAME)`);
  const refreshOnly = !!flags.refreshOnly;
  return withLocks(stacks.map((l) => l.stack), destroy ? 'destroy' : 'apply', async (states) => {
    const pool = new RuntimePool({ project: stacks[0]?.project.id });
    try {
      const inputs = stacks.map((l) => ({ stack: l.stack, configText: l.configText, state: states.get(l.stack) }));
      const plans = await planStacks(pool, inputs, refreshOnly ? { refreshOnly: true } : { destroy, targets: flags.target });
      out(renderStacksText({ plans }, { color: useColor() }));
      const items = stacks.map((l, i) => ({ stack: l.stack, state: states.get(l.stack), plan: plans[i] }));
      if (refreshOnly) return acceptDriftOf(flags, items);
      if (!plans.some(hasChanges)) return 0;
      if (!(await ask(flags, `Do you want to ${destroy ? 'destroy these objects' : 'perform these actions'}? Only 'yes' will be accepted: `))) {
        err('Cancelled; nothing was changed.');
        return 1;
      }
      return await applyItems(pool, items, destroy ? 'destroy' : 'apply');
    } finally {
      await pool.close();
    }
  });
}

/** `apply PLANFILE`: exactly the saved plans (one or several stacks), each checked, none re-synthesized. */
async function applySaved(flags: ApplyFlags, planFile: string): Promise<number> {
  const saved = loadPlans(planFile);
  if (flags.stack?.length) {
    // Not needed (the file names its stacks), but when given it must agree.
    const foreign = saved.filter((p) => !flags.stack!.some((g) => globToRegExp(g).test(p.stack)));
    if (foreign.length) throw new PlanFileError('WECOM_PLAN_INVALID', `the saved plan was made for stack ${foreign.map((p) => `"${p.stack}"`).join(', ')}, not ${flags.stack.map((g) => `"${g}"`).join(', ')}; nothing was applied`);
  }
  const { project, all } = await loadProject({ ...flags, synth: false });
  const byName = new Map(all.map((x) => [x.name, x]));
  // A saved destroy of an orphaned stack: found from its state (pg only looked up when needed).
  const needsOrphans = saved.some((p) => !byName.has(p.stack));
  const orphans = new Map(needsOrphans ? [...findOrphans(project, all), ...await findPgOrphans(project, all, all.map((x) => loadSynthesized(project, x).stack))].map((o) => [o.name, o]) : []);
  const missing = saved.filter((p) => !byName.has(p.stack) && !(p.destroy && orphans.has(p.stack))).map((p) => p.stack);
  if (missing.length) throw new Error(`the saved plan is for stack${missing.length > 1 ? 's' : ''} ${missing.join(', ')}, which ${project.outdir} does not hold; run \`cdktf-wecom synth\` (or plan again)`);
  const stacks = saved.map((p) => (byName.has(p.stack) ? loadSynthesized(project, byName.get(p.stack)!) : { project, stack: orphanStackConfig(orphans.get(p.stack)!), configText: '' }));
  return withLocks(stacks.map((l) => l.stack), 'apply', async (states) => {
    const pool = new RuntimePool({ project: stacks[0]?.project.id });
    try {
      const items = [];
      // What each stack's outputs will be, as the (signed) plans say: cross-stack references re-derive against them.
      for (const [i, plan] of saved.entries()) pool.stackOutputs.set(stateKeyOf(stacks[i].stack), plan.outputs ? visibleOutputs(plan) : storedOutputsOf(states.get(stacks[i].stack)));
      for (const [i, plan] of saved.entries()) {
        const l = stacks[i];
        const state = states.get(l.stack);
        assertPlanForStack(plan, l.stack);
        assertPlanFresh(plan, state, l.configText);
        await verifySavedPlan(await pool.open(l.stack), l.stack, state, plan, l.configText);
        items.push({ stack: l.stack, state, plan });
      }
      if (saved.every((p) => p.refreshOnly)) return acceptDriftOf({ ...flags, autoApprove: true }, items);
      if (!saved.some(hasChanges)) { out('No changes to apply.'); return 0; }
      return await applyItems(pool, items, saved.some((p) => p.destroy) ? 'destroy' : 'apply');
    } finally {
      await pool.close();
    }
  });
}

type Item = { stack: StackConfig; state: TerraformState | undefined; plan: Plan };

/** `--refresh-only`: accepts each stack's reviewed drift into its state. */
async function acceptDriftOf(flags: ApplyFlags, items: Item[]): Promise<number> {
  const drifted = items.filter((i) => i.plan.drift.length);
  if (!drifted.length) { out('No changes to accept.'); return 0; }
  if (!(await ask(flags, 'Accept these live values into the state (nothing in WeCom changes)? Only \'yes\' will be accepted: '))) {
    err('Cancelled; the state was not changed.');
    return 1;
  }
  for (const i of drifted) {
    const next = acceptDrift(i.stack, i.state ?? emptyState(), i.plan);
    const n = i.plan.drift.length;
    out(`${items.length > 1 ? `${i.stack.stackName}: ` : ''}Accepted ${n} live value${n === 1 ? '' : 's'} into the state (serial ${next.serial}); nothing in WeCom was changed.`);
  }
  return 0;
}

/** Applies in stack order with one signal trap; prints each stack's summary; the exit code over all. */
async function applyItems(pool: RuntimePool, items: Item[], verb: 'apply' | 'destroy'): Promise<number> {
  const signals = trapSignals();
  try {
    const multi = items.length > 1;
    const results = await applyStacks(pool, items, { signal: signals.signal, onEvent: (stack) => progressReporter(process.stderr, multi ? stack : undefined) });
    const failed: string[] = [];
    let interrupted = false;
    for (const [i, r] of results.entries()) {
      const label = multi ? `[${r.stack}] ` : '';
      if (r.skippedBecause) { out(`${label}Not started: ${r.skippedBecause}.`); failed.push(`${r.stack} (not started)`); continue; }
      if (r.error && !multi) throw r.error;
      if (r.error) { err(`Error: ${label}${r.error.message}`); failed.push(r.stack); continue; }
      if (!r.result || (!hasChanges(items[i].plan))) continue;
      out(label + summarizeResult(r.result, items[i].stack.statePath, verb === 'destroy' ? 'Destroy' : 'Apply').split('\n').join(`\n${label}`));
      interrupted ||= r.result.interrupted;
      if (r.result.failed.length) failed.push(...r.result.failed.map((f) => `${multi ? `${r.stack}: ` : ''}${f.address}`));
    }
    if (interrupted) return signals.code();
    if (failed.length) {
      err(`Error: ${verb} failed: ${failed.join(', ')} (see above)`);
      return 1;
    }
    return 0;
  } finally {
    signals.release();
  }
}

export function registerApply(program: Command): void {
  stackOptions(program.command('apply [planfile]').alias('deploy'))
    .description('Apply a saved plan exactly, or plan and ask for confirmation')
    .option('--auto-approve', 'apply without asking (needed without a terminal)')
    .option('--refresh-only', 'accept what changed outside cdktf-wecom into the state (after review); changes nothing in WeCom')
    .option('--target <address>', 'limit to ADDRESS and what it depends on (repeatable)', (v: string, p: string[] = []) => [...p, v])
    .action(action((planFile: string | undefined, flags: ApplyFlags) => run(flags, planFile, false)));

  stackOptions(program.command('destroy'))
    .description('Destroy everything the stack manages (app chats follow their on_destroy policy)')
    .option('--auto-approve', 'destroy without asking (needed without a terminal)')
    .action(action((flags: ApplyFlags) => run(flags, undefined, true)));
}
