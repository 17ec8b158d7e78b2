// Which stacks a command works on, and in what order. `--stack` is repeatable and takes globs
// (`proj-*`, `*`) as cdktf's does; without it, commands that read or converge work on every
// stack, and `destroy` insists on names. Stacks that reference each other (cdktf cross-stack
// references, recorded in the manifest's `dependencies`) come after what they reference.
import { ProjectError, SynthesizedStack } from '../synth';

/** `*` any run of characters, `?` one; everything else literal. */
export function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

export interface Selection {
  stacks: SynthesizedStack[];
  /** Patterns that matched no synthesized stack (maybe stacks that only have state left). */
  unmatched: string[];
}

/**
 * The stacks matching `patterns` (all when none are given), in dependency order. A pattern that
 * matches nothing is returned in `unmatched` for the caller to resolve (orphaned stacks) or refuse.
 */
export function selectStacks(all: SynthesizedStack[], patterns: string[] | undefined): Selection {
  const wanted = patterns?.length ? patterns : ['*'];
  const chosen = new Map<string, SynthesizedStack>();
  const unmatched: string[] = [];
  for (const p of wanted) {
    const re = globToRegExp(p);
    const hits = all.filter((s) => re.test(s.name));
    if (!hits.length) unmatched.push(p);
    for (const h of hits) chosen.set(h.name, h);
  }
  return { stacks: dependencyLevels([...chosen.values()]).flat(), unmatched };
}

/** Error for patterns that matched nothing, listing what exists. */
export function noSuchStack(unmatched: string[], all: Array<{ name: string }>, orphaned: string[] = []): ProjectError {
  const known = [...all.map((s) => s.name), ...orphaned.map((o) => `${o} (state only)`)];
  return new ProjectError(`no stack matches ${unmatched.map((u) => `"${u}"`).join(', ')}; stacks: ${known.join(', ') || '(none)'}`);
}

/**
 * Kahn's order over the selected stacks; a dependency outside the selection only orders, it is
 * not added (`--stack proj-a` plans proj-a against core's stored outputs). Levels of stacks that
 * do not depend on each other can run in parallel.
 */
export function dependencyLevels<T extends { name: string; dependencies: string[] }>(selected: T[]): T[][] {
  const names = new Set(selected.map((s) => s.name));
  const levels: T[][] = [];
  const done = new Set<string>();
  while (done.size < selected.length) {
    const ready = selected.filter((s) => !done.has(s.name) && s.dependencies.every((d) => !names.has(d) || done.has(d)));
    if (!ready.length) {
      throw new ProjectError(`stacks reference each other in a cycle: ${selected.filter((s) => !done.has(s.name)).map((s) => s.name).join(', ')}`);
    }
    ready.sort((a, b) => a.name.localeCompare(b.name)).forEach((s) => done.add(s.name));
    levels.push(ready);
  }
  return levels;
}
