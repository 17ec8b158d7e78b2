// `cdktf-wecom graph [PLANFILE]`: the topology as Mermaid or DOT (src/render/graph.ts). Without a
// plan: from the synthesized stacks' config. With one of our saved plans (one stack or several):
// what it adds, changes and removes. No API calls either way.
import * as fs from 'node:fs';
import type { Command } from 'commander';
import { loadPlans } from '../../engine/plan/file';
import { globToRegExp, noSuchStack } from '../../engine/stacks/select';
import { renderDot, renderMermaid, Topology, topologyOfPlans, topologyOfStacks } from '../../render/graph';
import { action, loadStacks, out, StackFlags } from '../context';
import { stackOptions } from './plan';

interface GraphFlags extends StackFlags { format?: string; out?: string }

async function topology(file: string | undefined, flags: GraphFlags): Promise<Topology> {
  if (!file) {
    const { all, stacks, unmatched } = await loadStacks(flags);
    if (unmatched.length) throw noSuchStack(unmatched, all);
    return topologyOfStacks(stacks.map((s) => s.stack));
  }
  let plans = loadPlans(file);
  if (flags.stack?.length) {
    const res = flags.stack.map(globToRegExp);
    const unmatched = flags.stack.filter((_, i) => !plans.some((p) => res[i].test(p.stack)));
    if (unmatched.length) throw new Error(`${file} has no plan for stack ${unmatched.join(', ')} (it has ${plans.map((p) => p.stack).join(', ')})`);
    plans = plans.filter((p) => res.some((re) => re.test(p.stack)));
  }
  return topologyOfPlans(plans);
}

export function registerGraph(program: Command): void {
  stackOptions(program.command('graph [planfile]'))
    .description('Draw the topology (departments, tags, chats, robots, join ways, intercept rules) as Mermaid or DOT; with a saved plan, mark what it adds, changes and removes')
    .option('--format <format>', 'mermaid or dot', 'mermaid')
    .option('--out <file>', 'write the diagram to FILE instead of stdout')
    .action(action(async (file: string | undefined, flags: GraphFlags) => {
      if (flags.format !== 'mermaid' && flags.format !== 'dot') throw new Error(`--format must be mermaid or dot, not ${flags.format}`);
      const t = await topology(file, flags);
      const text = flags.format === 'dot' ? renderDot(t) : renderMermaid(t);
      if (flags.out) fs.writeFileSync(flags.out, text); else out(text);
    }));
}
