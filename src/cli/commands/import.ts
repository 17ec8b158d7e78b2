// `cdktf-wecom import ADDRESS ID`: bring an existing WeCom object under management. The
// address must be declared in the stack; the object is read and written to state, and the
// next plan shows how it differs from the code.
import type { Command } from 'commander';
import { handlerContext } from '../../engine/planner';
import { forResource } from '../../engine/resources';
import { resourceHandler } from '../../engine/resources';
import { emptyState } from '../../engine/state';
import { StateWriter } from '../../engine/state/writer';
import { action, loadStack, out, StackFlags, withLock, withRuntime } from '../context';
import { stackOptions } from './plan';

export function registerImport(program: Command): void {
  stackOptions(program.command('import <address> <id>'))
    .description('Import an existing object (chat id, rule id, tag id, ...) into the state at ADDRESS')
    .action(action(async (address: string, id: string, flags: StackFlags) => {
      const loaded = await loadStack(flags);
      const block = loaded.stack.byAddress.get(address);
      if (!block || block.mode !== 'managed') {
        const known = loaded.stack.blocks.filter((b) => b.mode === 'managed').map((b) => b.address);
        throw new Error(`${address} is not a resource in stack ${loaded.stack.stackName}; declare it in code first. Resources: ${known.join(', ') || '(none)'}`);
      }
      const h = resourceHandler(block.type);
      if (!h) throw new Error(`resource type ${block.type} cannot be imported`);
      await withLock(loaded.stack, 'import', async (state) => {
        if (state?.resources.some((r) => r.mode === 'managed' && `${r.type}.${r.name}` === address)) {
          throw new Error(`${address} is already in the state; remove it from the code and apply first, or import under another address`);
        }
        const attrs = await withRuntime(loaded.stack, (rt) => forResource(address, 'import', () => h.import(handlerContext(rt, address), id)));
        const writer = new StateWriter(loaded.stack.statePath, state ?? emptyState());
        await writer.record('managed', block.type, block.name, attrs);
        writer.flush();
      });
      out(`Imported ${address} (${id}). Run \`cdktf-wecom plan\` to see how it differs from the code.`);
    }));
}
