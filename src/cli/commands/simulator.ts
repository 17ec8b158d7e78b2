// Placeholder until the simulator lands: replaced by the simulator implementation.
import type { Command } from 'commander';

export function registerSimulator(program: Command): void {
  program.command('simulator').description('Run the local WeCom simulator').action(() => {
    throw new Error('simulator: not implemented yet');
  });
}
