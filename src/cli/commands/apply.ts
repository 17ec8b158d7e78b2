// `cdktf-wecom apply [PLANFILE]` (alias `deploy`) and `cdktf-wecom destroy`. A saved plan is
// applied exactly (refused when stale); otherwise a fresh plan is shown and confirmed. Ctrl-C
// stops new work, lets in-flight calls finish, saves state and exits non-zero.
import * as readline from 'node:readline/promises';
import type { Command } from 'commander';
import { acceptDrift, applyPlan, ApplyResult } from '../../engine/apply';
import { assertPlanFresh, loadPlan } from '../../engine/plan/file';
import { assertPlanForStack, verifySavedPlan } from '../../engine/plan/verify';
import { hasChanges, Plan } from '../../engine/plan/model';
import { emptyState } from '../../engine/state';
import { onInterrupt, signalExitCode } from '../../lifecycle';
import { progressReporter } from '../../render/progress';
import { renderText } from '../../render/text';
import { action, err, loadStack, out, StackFlags, useColor, withLock, withRuntime } from '../context';
import { planUnderLock, stackOptions } from './plan';

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
export function summarizeResult(r: ApplyResult, statePath?: string): string {
  const verdict = r.interrupted ? 'interrupted' : r.failed.length ? 'failed' : 'complete';
  const lines = [`Apply ${verdict}: ${r.done.length} done, ${r.failed.length} failed, ${r.notStarted.length} not started.`];
  for (const f of r.failed) lines.push(`  failed: ${f.error.message.startsWith(f.address) ? '' : `${f.address}: `}${f.error.message}`);
  if (r.notStarted.length) lines.push(`  not started: ${list(r.notStarted)}`);
  if (r.failed.length || r.interrupted) {
    lines.push(`State${statePath ? ` (${statePath}, serial ${r.state.serial})` : ''} records every object that exists in WeCom; the lock is released.`);
    lines.push('Run `cdktf-wecom apply` again to finish: it refreshes first and only does what is left.');
  }
  return lines.join('\n');
}

async function run(flags: ApplyFlags, planFile: string | undefined, destroy: boolean): Promise<number> {
  const loaded = await loadStack(flags);
  const saved = planFile ? loadPlan(planFile) : undefined;
  if (!saved && !flags.autoApprove && !process.stdin.isTTY) {
    throw new Error(`${destroy ? 'destroy' : 'apply'} needs confirmation, but there is no terminal: pass --auto-approve, or apply a saved plan file`);
  }
  return withLock(loaded.stack, destroy ? 'destroy' : 'apply', (state) => withRuntime(loaded.stack, async (rt) => {
    let plan: Plan;
    const refreshOnly = !!flags.refreshOnly || !!saved?.refreshOnly;
    if (saved) {
      assertPlanForStack(saved, loaded.stack);
      assertPlanFresh(saved, state, loaded.configText);
      await verifySavedPlan(rt, loaded.stack, state, saved, loaded.configText);
      plan = saved;
    } else if (refreshOnly) {
      plan = await planUnderLock(loaded, rt, state, { refreshOnly: true });
      out(renderText(plan, { color: useColor() }));
      if (!plan.drift.length) return 0;
      if (!flags.autoApprove && !(await confirm('Accept these live values into the state (nothing in WeCom changes)? Only \'yes\' will be accepted: '))) {
        err('Cancelled; the state was not changed.');
        return 1;
      }
    } else {
      plan = await planUnderLock(loaded, rt, state, { destroy, targets: flags.target });
      out(renderText(plan, { color: useColor() }));
      if (!hasChanges(plan)) return 0;
      if (!flags.autoApprove && !(await confirm(`Do you want to ${destroy ? 'destroy these objects' : 'perform these actions'}? Only 'yes' will be accepted: `))) {
        err('Cancelled; nothing was changed.');
        return 1;
      }
    }
    if (refreshOnly) {
      if (!plan.drift.length) { out('No changes to accept.'); return 0; }
      const next = acceptDrift(loaded.stack, state ?? emptyState(), plan);
      out(`Accepted ${plan.drift.length} live value${plan.drift.length === 1 ? '' : 's'} into the state (serial ${next.serial}); nothing in WeCom was changed.`);
      return 0;
    }
    if (!hasChanges(plan)) { out('No changes to apply.'); return 0; }
    const signals = trapSignals();
    try {
      const result = await applyPlan(rt, loaded.stack, state ?? emptyState(), plan, { signal: signals.signal, onEvent: progressReporter() });
      out(summarizeResult(result, loaded.stack.statePath));
      if (result.interrupted) return signals.code();
      if (result.failed.length) {
        err(`Error: ${destroy ? 'destroy' : 'apply'} failed: ${result.failed.map((f) => f.address).join(', ')}${result.notStarted.length ? `; ${result.notStarted.length} not started` : ''} (see above)`);
        return 1;
      }
      return 0;
    } finally {
      signals.release();
    }
  }));
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
