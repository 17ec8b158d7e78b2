// `cdktf-wecom synth`: runs the app named in cdktf.json and writes cdktf.out/.
import type { Command } from 'commander';
import { policySummaryOf } from '../../engine/planner';
import { readProject, synth } from '../../engine/synth';
import { action, out } from '../context';

export function registerSynth(program: Command): void {
  program.command('synth')
    .description('Run the cdktf app named in cdktf.json and write cdktf.out/')
    .option('--dir <path>', 'project directory holding cdktf.json')
    .action(action(async (flags: { dir?: string }) => {
      const project = readProject(flags.dir ?? process.cwd());
      const stacks = await synth(project);
      for (const s of stacks) {
        // Policy packs write their report next to the stack; plan shows each finding in full.
        const p = policySummaryOf(s.file);
        const policy = p ? ` (policy: ${p.errors} errors, ${p.warnings} warnings, ${p.suppressed} suppressed${p.warnings ? '; `cdktf-wecom plan` lists them' : ''})` : '';
        out(`Synthesized stack ${s.name}: ${s.file}${policy}`);
        for (const f of p?.findings.filter((x) => !x.suppressed && x.level === 'warning') ?? []) out(`  policy warning: ${f.message}${f.fix ? ` — expected: ${f.fix}` : ''}`);
      }
    }));
}
