// `cdktf-wecom plan` (alias `diff`) and `cdktf-wecom drift`: refresh, diff, render. Exit codes as
// Terraform's -detailed-exitcode: 0 no changes, 2 changes (or drift), 1 error.
import * as fs from 'node:fs';
import type { Command } from 'commander';
import { makePlan, PlanOptions } from '../../engine/planner';
import { savePlan } from '../../engine/plan/file';
import { signPlan } from '../../engine/plan/verify';
import { hasChanges, Plan } from '../../engine/plan/model';
import type { Runtime } from '../../engine/runtime';
import type { TerraformState } from '../../engine/state';
import { renderJson } from '../../render/json';
import { renderMarkdown } from '../../render/markdown';
import { renderText } from '../../render/text';
import { action, err, LoadedStack, loadStack, out, StackFlags, useColor, withLock, withRuntime } from '../context';

export interface PlanFlags extends StackFlags {
  out?: string; json?: boolean; markdown?: string; refresh?: string; target?: string[]; detailedExitcode?: boolean; refreshOnly?: boolean; destroy?: boolean;
}

export function stackOptions(cmd: Command): Command {
  return cmd
    .option('--stack <name>', 'stack to work on (needed when the app has several)')
    .option('--dir <path>', 'project directory holding cdktf.json', undefined)
    .option('--no-synth', 'use cdktf.out as it is; do not re-run the app');
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** Renders a plan as asked: JSON on stdout, or text; Markdown to a file. */
export function emitPlan(plan: Plan, flags: { json?: boolean; markdown?: string }): void {
  if (flags.json) out(renderJson(plan));
  else out(renderText(plan, { color: useColor() }));
  if (flags.markdown) {
    fs.writeFileSync(flags.markdown, renderMarkdown(plan));
    if (!flags.json) err(`Pull-request comment written to ${flags.markdown}`);
  }
}

export async function planUnderLock(loaded: LoadedStack, rt: Runtime, state: TerraformState | undefined, opts: Omit<PlanOptions, 'configText'>): Promise<Plan> {
  return makePlan(rt, loaded.stack, state, { ...opts, configText: loaded.configText });
}

async function runPlan(flags: PlanFlags, refreshOnly: boolean, driftCommand = refreshOnly): Promise<number> {
  const loaded = await loadStack(flags);
  const refresh = flags.refresh === undefined ? true : !/^(false|0|no)$/i.test(flags.refresh);
  if (refreshOnly && !refresh) throw new Error('drift needs a refresh; --refresh=false makes no sense here');
  const plan = await withLock(loaded.stack, refreshOnly ? 'drift' : 'plan', (state) =>
    withRuntime(loaded.stack, async (rt) => signPlan(await planUnderLock(loaded, rt, state, { refresh, refreshOnly, destroy: flags.destroy, targets: flags.target }), rt.planSigningKey)));
  emitPlan(plan, flags);
  if (flags.out) {
    savePlan(flags.out, plan);
    if (!flags.json) err(`Saved the plan to ${flags.out}; apply exactly this plan with: cdktf-wecom apply ${flags.out}`);
  }
  const changed = refreshOnly ? plan.drift.length > 0 : hasChanges(plan);
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
