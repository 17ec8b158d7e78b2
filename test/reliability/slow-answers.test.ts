// Issue 9, item 7, the slow-answer row: one answer per faulted path comes after the client's
// timeout (10 s, fixed: neither the CLI nor the provider can set it), so these cells wait for
// real; they run concurrently to keep the file near one timeout long.
import { COMMANDS, runCase, SLOW } from '../helpers/fault-matrix';
import { buildWorld, World } from '../helpers/failure-world';

let world: World;
beforeAll(async () => { world = await buildWorld(); }, 120_000);

describe(SLOW.name, () => {
  for (const cmd of COMMANDS) test.concurrent(cmd.name, () => runCase(world, SLOW, cmd), 120_000);
});
