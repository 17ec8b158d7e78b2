// `cdktf-wecom plan` (alias `diff`) and `cdktf-wecom drift`: refresh, diff, render, over every
// stack selected (all by default) in one process. Exit codes as Terraform's -detailed-exitcode,
// over all stacks: 0 no changes, 2 changes (or drift), 1 error.
import * as fs from 'node:fs';
import type { Command } from 'commander';
import type { PlanOptions } from '../../engine/planner';
import { savePlans } from '../../engine/plan/file';
import { signPlan } from '../../engine/plan/verify';
import { hasChanges, Plan } from '../../engine/plan/model';
import { RuntimePool } from '../../engine/stacks/runtimes';
import { planStacks } from '../../engine/stacks/run';
import { findOrphans, findPgOrphans, orphanManages } from '../../engine/stacks/orphans';
import { noSuchStack } from '../../engine/stacks/select';
import { renderStacksJson, renderStacksMarkdown, renderStacksText, StacksView } from '../../render/stacks';
import { action, err, LoadedStack, loadStacks, out, StackFlags, useColor, withLocks } from '../context';

export interface PlanFlags extends StackFlags {
  out?: string; json?: boolean; markdown?: string; refresh?: string; target?: string[]; detailedExitcode?: boolean; refreshOnly?: boolean; destroy?: boolean;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

export function stackOptions(cmd: Command): Command {
  return cmd
    .option('--stack <name>', 'stack(s) to work on; repeatable, globs allowed (\'proj-*\'); default: every stack', collect)
    .option('--dir <path>', 'project directory holding cdktf.json', undefined)
    .option('--no-synth', 'use cdktf.out as it is; do not re-run the app');
}

/** Renders plans as asked: JSON on stdout, or text; Markdown (one comment for all stacks) to a file. */
export function emitPlans(view: StacksView, flags: { json?: boolean; markdown?: string }): void {
  if (flags.json) out(renderStacksJson(view));
  else out(renderStacksText(view, { color: useColor() }));
  if (flags.markdown) {
    fs.writeFileSync(flags.markdown, renderStacksMarkdown(view));
    if (!flags.json) err(`Pull-request comment written to ${flags.markdown}`);
  }
}

/** Plans the given stacks under their locks with shared runtimes; each plan signed for `apply FILE`. */
export async function planLoaded(stacks: LoadedStack[], operation: string, opts: Omit<PlanOptions, 'configText'>): Promise<Plan[]> {
  if (opts.targets?.length && stacks.length > 1) throw new Error(`--target needs one stack; ${stacks.length} are selected (add --stack NAME)`);
  return withLocks(stacks.map((l) => l.stack), operation, async (states) => {
    const pool = new RuntimePool({ project: stacks[0]?.project.id });
    try {
      const plans = await planStacks(pool, stacks.map((l) => ({ stack: l.stack, configText: l.configText, state: states.get(l.stack) })), opts);
      return Promise.all(plans.map(async (p, i) => signPlan(p, (await pool.open(stacks[i].stack)).planSigningKey)));
    } finally {
      await pool.close();
    }
  });
}

async function runPlan(flags: PlanFlags, refreshOnly: boolean, driftCommand = refreshOnly): Promise<number> {
  const { project, all, stacks, unmatched } = await loadStacks(flags);
  // Listed by a plan over the whole app (and named when --stack matches nothing).
  const listing = !flags.stack?.length || unmatched.length > 0;
  const orphans = listing ? [...findOrphans(project, all), ...await findPgOrphans(project, all, stacks.map((l) => l.stack))] : [];
  if (unmatched.length) throw noSuchStack(unmatched, all, orphans.map((o) => o.name));
  const refresh = flags.refresh === undefined ? true : !/^(false|0|no)$/i.test(flags.refresh);
  if (refreshOnly && !refresh) throw new Error('drift needs a refresh; --refresh=false makes no sense here');
  const plans = await planLoaded(stacks, refreshOnly ? 'drift' : 'plan', { refresh, refreshOnly, destroy: flags.destroy, targets: flags.target });
  // A plan over the app lists the stacks that have state but are no longer in the code.
  const view: StacksView = { plans, orphans: flags.stack?.length ? [] : orphans.map((o) => ({ name: o.name, state: o.where, manages: orphanManages(o) })) };
  emitPlans(view, flags);
  if (flags.out) {
    savePlans(flags.out, plans);
    if (!flags.json) err(`Saved the plan${plans.length > 1 ? `s of ${plans.length} stacks` : ''} to ${flags.out}; apply exactly this with: cdktf-wecom apply ${flags.out}`);
  }
  const changed = plans.some((p) => (refreshOnly ? p.drift.length > 0 : hasChanges(p)));
  return (flags.detailedExitcode || driftCommand) && changed ? 2 : 0;
}

export function registerPlan(program: Command): void {
  stackOptions(program.command('plan').alias('diff'))
    .description('Refresh live state, diff it against the synthesized stack, and print the plan')
    .option('--out <file>', 'save the plan for `apply FILE`')
    .option('--json', 'print the plan as Terraform-compatible JSON (terraform show -json)')
    .option('--markdown <file>', 'write a pull-request comment (Markdown) to FILE')
    .option('--refresh <bool>', 'read live state first (--refresh=false skips it)')
    .option('--target <address>', 'limit the plan to ADDRESS and what it depends on (repeatable)', collect)
    .option('--detailed-exitcode', 'exit 0 when there are no changes, 2 when there are, 1 on error')
    .option('--destroy', 'plan to destroy everything the stack manages (save it with --out for `apply FILE`)')
    .option('--refresh-only', 'only report drift (as `drift`); save it with --out for `apply --refresh-only`')
    .action(action((flags: PlanFlags) => runPlan(flags, !!flags.refreshOnly, false)));

  stackOptions(program.command('drift'))
    .description('Refresh-only plan: report what changed outside cdktf-wecom; exit 2 when live state moved, 0 when not')
    .option('--json', 'print as Terraform-compatible JSON')
    .option('--markdown <file>', 'write a Markdown report to FILE (e.g. for an issue)')
    .option('--out <file>', 'save the drift for `apply --refresh-only FILE` (accept it into state after review)')
    .action(action((flags: PlanFlags) => runPlan(flags, true)));
}
