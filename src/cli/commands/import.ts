// `cdktf-wecom import ADDRESS ID`: bring an existing WeCom object under management. The
// address must be declared in the stack; the object is read and written to state, and the
// next plan shows how it differs from the code.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { handlerContext } from '../../engine/planner';
import { forResource } from '../../engine/resources';
import { resourceHandler } from '../../engine/resources';
import { emptyState } from '../../engine/state';
import { StateWriter } from '../../engine/state/writer';
import { action, err, loadStack, out, StackFlags, withLock, withRuntime } from '../context';
import { importGenerate, readIdsFile } from './import-generate';
import { stackOptions } from './plan';

export function registerImport(program: Command): void {
  stackOptions(program.command('import [address] [id]'))
    .description('Import an existing object (chat id, rule id, tag id, ...) into the state at ADDRESS; '
      + 'or, with --generate, write construct code for everything the app can see and import it all')
    .option('--generate', 'write a module exporting addImported(scope) for the existing objects and import them into the state of --stack')
    .option('--out <file>', 'with --generate: the module to write (never overwritten); .js writes CommonJS', 'imported.ts')
    .option('--ids <file>', 'with --generate: JSON {"app_chats": [chatid...], "join_ways": [config_id...], "welcome_templates": [template_id...]} (WeCom cannot list these)')
    .action(action(async (address: string | undefined, id: string | undefined, flags: StackFlags & { generate?: boolean; out: string; ids?: string }) => {
      if (flags.generate) {
        if (address !== undefined) throw new Error('import --generate takes no ADDRESS or ID');
        if (!flags.stack?.length) throw new Error('import --generate needs --stack NAME: the stack whose state receives the imports');
        const outFile = path.resolve(flags.out);
        if (fs.existsSync(outFile)) throw new Error(`${flags.out} already exists; remove it or choose another --out`);
        const ids = flags.ids ? readIdsFile(flags.ids) : {};
        const loaded = await loadStack(flags);
        const r = await importGenerate(loaded, { out: outFile, ids });
        for (const s of r.skipped) err(`Skipped ${s}`);
        for (const o of r.objects) out(`Imported ${r.addresses.get(o)} (${o.importId})`);
        out(`Wrote ${flags.out}: ${r.objects.length} construct(s) in addImported(scope). Call addImported(stack) for stack ${loaded.stack.stackName} in the app, then run \`cdktf-wecom plan\`.`);
        return;
      }
      if (address === undefined || id === undefined) throw new Error('import needs ADDRESS and ID (or --generate)');
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
