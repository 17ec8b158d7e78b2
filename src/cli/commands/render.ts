// `cdktf-wecom render FILE`: renders a saved plan — ours (`plan --out`) or Terraform's
// (`terraform show -json tfplan`) — as text, Terraform JSON or the pull-request Markdown, so teams
// that plan with Terraform get the same PR comment. No API calls unless --names is given.
import * as fs from 'node:fs';
import type { Command } from 'commander';
import { loadPlans } from '../../engine/plan/file';
import type { Plan } from '../../engine/plan/model';
import { labelsOf } from '../../engine/resources/labels';
import { labelIds, planFromTerraformJson, TerraformPlanJson } from '../../render/terraform-plan';
import { action, loadStack, StackFlags, withRuntime } from '../context';
import { emitPlans, stackOptions } from './plan';

interface RenderFlags extends StackFlags { json?: boolean; markdown?: string; names?: boolean }

async function readAnyPlan(file: string, flags: RenderFlags): Promise<Plan[]> {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: not a JSON plan (${(e as Error).message})`);
  }
  // Ours (one stack or several): rendered from the file alone, no --stack, no synth.
  if (doc.planFormat === 1 || doc.planFormat === 2) return loadPlans(file);
  if (!('resource_changes' in doc) && !('format_version' in doc)) {
    throw new Error(`${file}: neither a cdktf-wecom plan (plan --out) nor \`terraform show -json\` output`);
  }
  const loaded = await loadStack(flags);
  const tf = doc as TerraformPlanJson;
  if (!flags.names) return [planFromTerraformJson(tf, loaded.stack, { configText: loaded.configText })];
  return [await withRuntime(loaded.stack, async (rt) => {
    // Look up the people a change adds or removes, so the comment shows their names as our own plan does.
    const added = planFromTerraformJson(tf, loaded.stack).changes.flatMap((c) => [...c.details.membersAdded ?? [], ...c.details.membersRemoved ?? []]);
    await rt.directory.checkUsers(added);
    // Departments and tags by path and head count, one read each, as the handlers label them.
    const ids = labelIds(tf);
    const labels = await labelsOf(rt.directory, ids.departments, ids.tags);
    return planFromTerraformJson(tf, loaded.stack, { configText: loaded.configText, names: (u) => rt.directory.nameOf(u), labels });
  })];
}

export function registerRender(program: Command): void {
  stackOptions(program.command('render <planfile>'))
    .description('Render a saved plan (ours, or `terraform show -json` output) as text, JSON or a PR comment')
    .option('--json', 'print as Terraform-compatible JSON')
    .option('--markdown <file>', 'write the pull-request comment (Markdown) to FILE')
    .option('--names', 'look up display names of members added or removed (calls the WeCom API)')
    .action(action(async (file: string, flags: RenderFlags) => {
      emitPlans({ plans: await readAnyPlan(file, flags) }, flags);
    }));
}
