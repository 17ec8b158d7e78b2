// Dependency order of a stack's blocks from references and depends_on. Independent blocks share
// a level, so the applier can run them in parallel and dependent ones in order.
import { ConfigBlock, StackConfig, StackConfigError } from './stack';

export function dependenciesOf(block: ConfigBlock, stack: StackConfig): string[] {
  const deps = new Set<string>();
  for (const ref of block.references) {
    if (ref.address === 'terraform') continue; // terraform.workspace: a constant, not a block
    if (!stack.byAddress.has(ref.address)) {
      throw new StackConfigError(stack.file, `${block.address} refers to ${ref.address} (in \${${ref.text}}), which is not in the stack`);
    }
    deps.add(ref.address);
  }
  for (const d of block.dependsOn) {
    if (!stack.byAddress.has(d)) throw new StackConfigError(stack.file, `${block.address} depends_on ${d}, which is not in the stack`);
    deps.add(d);
  }
  deps.delete(block.address);
  return [...deps].sort();
}

/** Kahn's algorithm; levels[i] depend only on levels < i. A cycle is an error naming its members. */
export function dependencyLevels(stack: StackConfig): string[][] {
  const deps = new Map(stack.blocks.map((b) => [b.address, new Set(dependenciesOf(b, stack))]));
  const levels: string[][] = [];
  const done = new Set<string>();
  while (done.size < deps.size) {
    const ready = [...deps.keys()].filter((a) => !done.has(a) && [...deps.get(a)!].every((d) => done.has(d))).sort();
    if (!ready.length) {
      const cycle = [...deps.keys()].filter((a) => !done.has(a));
      throw new StackConfigError(stack.file, `dependency cycle between ${cycle.join(', ')}`);
    }
    ready.forEach((a) => done.add(a));
    levels.push(ready);
  }
  return levels;
}
