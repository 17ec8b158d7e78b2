// `cdktf-wecom apply [PLANFILE]` (alias `deploy`) and `cdktf-wecom destroy`. A saved plan is
// applied exactly (refused when stale); otherwise a fresh plan is shown and confirmed. Ctrl-C
// stops new work, lets in-flight calls finish, saves state and exits non-zero.
import * as readline from 'node:readline/promises';
import type { Command } from 'commander';
import { applyPlan, ApplyResult } from '../../engine/apply';
import { assertPlanFresh, loadPlan } from '../../engine/plan/file';
import { hasChanges, Plan } from '../../engine/plan/model';
import { emptyState } from '../../engine/state';
import { progressReporter } from '../../render/progress';
import { renderText } from '../../render/text';
import { action, err, loadStack, out, StackFlags, useColor, withLock, withRuntime } from '../context';
import { planUnderLock, stackOptions } from './plan';

interface ApplyFlags extends StackFlags { autoApprove?: boolean; target?: string[] }

async function confirm(question: string): Promise<boolean> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question(question)).trim() === 'yes';
  } finally {
    rl.close();
  }
}

/** SIGINT/SIGTERM abort the apply gracefully; a second signal is left to the default (exit now). */
function trapSignals(): { signal: AbortSignal; release(): void; code(): number } {
  const ctl = new AbortController();
  let received: NodeJS.Signals | undefined;
  const onSignal = (s: NodeJS.Signals) => {
    received = s;
    err(`\nReceived ${s}: finishing the operations in flight and saving state; nothing new starts.`);
    ctl.abort();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: ctl.signal,
    release: () => { process.removeListener('SIGINT', onSignal); process.removeListener('SIGTERM', onSignal); },
    code: () => (received === 'SIGTERM' ? 143 : 130),
  };
}

export function summarizeResult(r: ApplyResult): string {
  const lines = [`Apply ${r.failed.length || r.interrupted ? 'stopped' : 'complete'}: ${r.done.length} done, ${r.failed.length} failed, ${r.notStarted.length} not started.`];
  for (const f of r.failed) lines.push(`  failed: ${f.address}: ${f.error.message}`);
  if (r.notStarted.length) lines.push(`  not started: ${r.notStarted.join(', ')}`);
  if (r.failed.length || r.interrupted) lines.push('State holds everything that finished; run `cdktf-wecom apply` again to converge.');
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
    if (saved) {
      assertPlanFresh(saved, state, loaded.configText);
      plan = saved;
    } else {
      plan = await planUnderLock(loaded, rt, state, { destroy, targets: flags.target });
      out(renderText(plan, { color: useColor() }));
      if (!hasChanges(plan)) return 0;
      if (!flags.autoApprove && !(await confirm(`Do you want to ${destroy ? 'destroy these objects' : 'perform these actions'}? Only 'yes' will be accepted: `))) {
        err('Cancelled; nothing was changed.');
        return 1;
      }
    }
    if (!hasChanges(plan)) { out('No changes to apply.'); return 0; }
    const signals = trapSignals();
    try {
      const result = await applyPlan(rt, loaded.stack, state ?? emptyState(), plan, { signal: signals.signal, onEvent: progressReporter() });
      out(summarizeResult(result));
      if (result.interrupted) return signals.code();
      return result.failed.length ? 1 : 0;
    } finally {
      signals.release();
    }
  }));
}

export function registerApply(program: Command): void {
  stackOptions(program.command('apply [planfile]').alias('deploy'))
    .description('Apply a saved plan exactly, or plan and ask for confirmation')
    .option('--auto-approve', 'apply without asking (needed without a terminal)')
    .option('--target <address>', 'limit to ADDRESS and what it depends on (repeatable)', (v: string, p: string[] = []) => [...p, v])
    .action(action((planFile: string | undefined, flags: ApplyFlags) => run(flags, planFile, false)));

  stackOptions(program.command('destroy'))
    .description('Destroy everything the stack manages (app chats follow their on_destroy policy)')
    .option('--auto-approve', 'destroy without asking (needed without a terminal)')
    .action(action((flags: ApplyFlags) => run(flags, undefined, true)));
}
