// `cdktf-wecom demo` (what `npm start` runs): the whole workflow on the embedded simulator, no
// network needed: synth the per-project example, plan, write the pull-request comment, apply
// with progress, plan again (no changes), a person changes a chat in the WeCom client, drift is
// detected and repaired. With WECOM_API_BASE (and credentials) set it runs against that corp
// instead and skips the out-of-band step, which only a person can do there.
//
// Where it runs: in the cdktf project of --dir or the current directory (a clone of this
// repository: its cdktf.json runs examples/project-groups). Elsewhere, e.g. `npx cdktf-wecom demo`
// in an empty folder, it brings its own: ./cdktf-wecom-demo/ with a cdktf.json that runs the
// compiled example shipped in the package (dist/examples, no ts-node needed), so every file it
// writes is in that one folder, which it lists at the end.
import * as fs from 'node:fs';
import * as path from 'node:path';
import pc from 'picocolors';
import type { Command } from 'commander';
import { applyPlan } from '../../engine/apply';
import { readStackConfig, StackConfig } from '../../engine/config';
import { savePlan } from '../../engine/plan/file';
import { signPlan } from '../../engine/plan/verify';
import { hasChanges, Plan, summaryLine } from '../../engine/plan/model';
import { makePlan } from '../../engine/planner';
import { ledgerFileName } from '../../engine/ledger';
import { openRuntime } from '../../engine/runtime';
import { acquireLock, emptyState, readState } from '../../engine/state';
import { ProjectError, readProject, synth } from '../../engine/synth';
import { DEFAULT_ORG, RunningSimulator, startSimulator } from '../../simulator';
import { packageRoot } from '../../package-root';
import { renderMarkdown } from '../../render/markdown';
import { progressReporter } from '../../render/progress';
import { renderText } from '../../render/text';
import { action, out, useColor } from '../context';
import { summarizeResult } from './apply';

const step = (n: number, title: string) => out(`\n${pc.bold(pc.cyan(`== ${n}. ${title}`))}\n`);

async function planStack(stack: StackConfig, opts: { refreshOnly?: boolean } = {}): Promise<Plan> {
  const rt = await openRuntime(stack);
  try {
    return signPlan(await makePlan(rt, stack, readState(stack.statePath), { configText: fs.readFileSync(stack.file, 'utf8'), ...opts }), rt.planSigningKey);
  } finally {
    await rt.close();
  }
}

async function applyStack(stack: StackConfig, plan: Plan): Promise<void> {
  const lock = acquireLock(stack.statePath, 'apply');
  const rt = await openRuntime(stack);
  try {
    const result = await applyPlan(rt, stack, readState(stack.statePath) ?? emptyState(), plan, { onEvent: progressReporter() });
    out(summarizeResult(result));
    if (result.failed.length) throw new Error('the demo apply failed (see above)');
  } finally {
    await rt.close();
    lock.release();
  }
}

/** The folder demo writes its own project into when run outside a cdktf project. */
export const DEMO_DIR = 'cdktf-wecom-demo';
const DEMO_MARKER = 'written by cdktf-wecom demo';

/** ./cdktf-wecom-demo/ with a cdktf.json running the packaged example; reused when demo wrote it. */
function ownDemoProject(): string {
  const dir = path.resolve(DEMO_DIR);
  const config = path.join(dir, 'cdktf.json');
  if (fs.existsSync(dir)) {
    const ours = fs.existsSync(config) && fs.readFileSync(config, 'utf8').includes(DEMO_MARKER);
    if (!ours) throw new ProjectError(`${DEMO_DIR}/ exists and was not written by demo; remove it, or run demo elsewhere or with --dir PROJECT`);
  }
  const app = path.join(packageRoot(), 'dist', 'examples', 'project-groups', 'main.js');
  if (!fs.existsSync(app)) throw new ProjectError(`${app}: not found (build the package: npm run build)`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(config, JSON.stringify({ '//': `${DEMO_MARKER}; remove the folder when done`, language: 'typescript', app: `node ${JSON.stringify(app)}`, output: 'cdktf.out' }, null, 2) + '\n');
  return dir;
}

async function runDemo(flags: { dir?: string }): Promise<number> {
  const own = flags.dir === undefined && !fs.existsSync(path.join(process.cwd(), 'cdktf.json'));
  const project = readProject(own ? ownDemoProject() : flags.dir ?? process.cwd());
  const color = useColor();
  let sim: RunningSimulator | undefined;
  if (!process.env.WECOM_API_BASE) {
    sim = await startSimulator();
    Object.assign(process.env, {
      WECOM_API_BASE: sim.url,
      WECOM_CORP_ID: DEFAULT_ORG.corpId,
      WECOM_CORP_SECRET: process.env.WECOM_CORP_SECRET || DEFAULT_ORG.agents.main.secret,
      WECOM_ROBOT_OPS_KEY: process.env.WECOM_ROBOT_OPS_KEY || DEFAULT_ORG.robots.ops.key,
    });
  }
  try {
    step(1, sim ? `Embedded WeCom simulator at ${sim.url}` : `Using the WeCom API at ${process.env.WECOM_API_BASE}`);
    if (sim) out(`Default org ${DEFAULT_ORG.corpId}: ${sim.sim.inspect.users().length} users, ${sim.sim.inspect.departments().length} departments, customer groups and robots (see docs/simulator.md).`);

    step(2, `Synthesize (${project.app})`);
    const stacks = await synth(project);
    for (const s of stacks) out(`stack ${s.name}: ${path.relative(process.cwd(), s.file)}`);
    const stack = readStackConfig(stacks[0].file, project.dir);
    if (sim) for (const f of [stack.statePath, `${stack.statePath}.backup`]) fs.rmSync(f, { force: true }); // a fresh simulator: start from empty state

    step(3, 'Plan: what would change in WeCom');
    const plan = await planStack(stack);
    out(renderText(plan, { color }));
    const mdFile = path.join(path.dirname(stack.file), 'plan.md');
    const planFile = path.join(path.dirname(stack.file), 'plan.json');
    fs.writeFileSync(mdFile, renderMarkdown(plan));
    savePlan(planFile, plan);
    out(`Pull-request comment: ${path.relative(process.cwd(), mdFile)}\nSaved plan: ${path.relative(process.cwd(), planFile)}`);

    step(4, 'Apply the saved plan');
    await applyStack(stack, plan);

    step(5, 'Plan again');
    out(summaryLine(await planStack(stack)));

    if (sim) {
      const chats = sim.sim.inspect.chats().filter((c) => stack.blocks.some((b) => b.type === 'wecom_app_chat' && b.config.chat_id === c.chatid));
      const chat = chats[0];
      const victim = chat?.userlist.find((u) => u.toLowerCase() !== chat.owner.toLowerCase());
      if (chat && victim) {
        const name = sim.sim.inspect.users().find((u) => u.userid === victim)?.name;
        step(6, `Out of band: a person removes ${victim}${name ? ` (${name})` : ''} from "${chat.name}" in the WeCom client`);
        sim.sim.oob.appChat({ chatid: chat.chatid, del_user_list: [victim] });
        const drift = await planStack(stack, { refreshOnly: true });
        out(renderText(drift, { color }));
        step(7, 'Repair the drift');
        const repair = await planStack(stack);
        out(renderText(repair, { color }));
        if (hasChanges(repair)) await applyStack(stack, repair);
        out(summaryLine(await planStack(stack)));
      }
    } else {
      step(6, 'Drift');
      out('Change a managed chat in the WeCom client, then run `npx cdktf-wecom drift` to see it and `npx cdktf-wecom apply` to repair it.');
    }

    step(sim ? 8 : 7, 'Done');
    out([
      'Artifacts:',
      `  synthesized stack   ${path.relative(process.cwd(), stack.file)}`,
      `  state (Terraform v4) ${path.relative(process.cwd(), stack.statePath)}`,
      `  PR comment          ${path.relative(process.cwd(), mdFile)}`,
      `  saved plan          ${path.relative(process.cwd(), planFile)}`,
      `  corp ledger         ${path.relative(process.cwd(), path.join(path.dirname(stack.statePath), ledgerFileName(process.env.WECOM_CORP_ID || DEFAULT_ORG.corpId)))} (quota use and applied stacks)`,
      ...(own ? [`  demo project        ${DEMO_DIR}/ (cdktf.json; everything above is inside it: rm -r ${DEMO_DIR} when done)`] : []),
      'Try next:',
      '  npx cdktf-wecom simulator --port 8080          # a simulator you can point WECOM_API_BASE at',
      ...(own ? [
        '  npx cdktf-wecom init my-wecom                  # a repository of your own; its README.md says what next',
      ] : [
        '  edit examples/project-groups/ and run npx cdktf-wecom plan',
        '  npm test                                      # the whole suite',
      ]),
    ].join('\n'));
    return 0;
  } finally {
    await sim?.close();
  }
}

export function registerDemo(program: Command): void {
  program.command('demo')
    .description('Run the whole workflow (synth, plan, PR comment, apply, drift, repair) on the embedded simulator')
    .option('--dir <path>', 'project directory holding cdktf.json')
    .action(action(runDemo));
}
