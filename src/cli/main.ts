// CLI entry: each subcommand lives in src/cli/commands/<verb>.ts and only parses arguments,
// calls the engine or simulator, and renders. Commands register themselves here.
import { Command, CommanderError } from 'commander';
import { packageVersion } from '../package-root';
import { registerApply } from './commands/apply';
import { registerDemo } from './commands/demo';
import { registerGraph } from './commands/graph';
import { registerImport } from './commands/import';
import { registerInit } from './commands/init';
import { registerPlan } from './commands/plan';
import { registerRender } from './commands/render';
import { registerRobot } from './commands/robot';
import { registerShow } from './commands/show';
import { registerSimulator } from './commands/simulator';
import { registerSynth } from './commands/synth';
import { registerTerraform } from './commands/terraform';

export type Register = (program: Command) => void;

const COMMANDS: Register[] = [registerInit, registerSynth, registerPlan, registerApply, registerImport, registerShow, registerRender, registerGraph, registerRobot, registerSimulator, registerDemo, registerTerraform];

export function buildProgram(): Command {
  const program = new Command('cdktf-wecom')
    .description('Infrastructure as code for WeCom group topology (cdktf)')
    .version(packageVersion(), '-V, --version', 'print the cdktf-wecom version')
    .exitOverride()
    .showHelpAfterError();
  for (const register of COMMANDS) register(program);
  return program;
}

/** Runs the CLI; resolves to the process exit code. Commands set `process.exitCode` for non-zero results. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    throw err;
  }
  return typeof process.exitCode === 'number' ? process.exitCode : 0;
}
