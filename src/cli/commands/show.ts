// `cdktf-wecom show [--json]`: the state as it is on disk (no API calls).
import type { Command } from 'commander';
import { readState } from '../../engine/state';
import { renderStateText, stateToJson } from '../../render/state';
import { action, loadStack, out, StackFlags } from '../context';
import { stackOptions } from './plan';

export function registerShow(program: Command): void {
  stackOptions(program.command('show'))
    .description('Print the state file of the stack (what cdktf-wecom manages)')
    .option('--json', 'print as `terraform show -json` does')
    .action(action(async (flags: StackFlags & { json?: boolean }) => {
      const { stack } = await loadStack(flags);
      const state = readState(stack.statePath);
      out(flags.json ? JSON.stringify(stateToJson(state), null, 2) : renderStateText(state));
    }));
}
