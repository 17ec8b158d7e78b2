// `cdktf-wecom synth`: runs the app named in cdktf.json and writes cdktf.out/.
import type { Command } from 'commander';
import { readProject, synth } from '../../engine/synth';
import { action, out } from '../context';

export function registerSynth(program: Command): void {
  program.command('synth')
    .description('Run the cdktf app named in cdktf.json and write cdktf.out/')
    .option('--dir <path>', 'project directory holding cdktf.json')
    .action(action(async (flags: { dir?: string }) => {
      const project = readProject(flags.dir ?? process.cwd());
      const stacks = await synth(project);
      for (const s of stacks) out(`Synthesized stack ${s.name}: ${s.file}`);
    }));
}
