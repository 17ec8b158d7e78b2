// Issue 9, item 7: every command, spawned as a real process as CI runs it, against every fault
// (the table is test/helpers/fault-matrix.ts; the slow-answer row is in slow-answers.test.ts).
// Each cell checks the exit code, the error line (resource, attempts, errcode), the lock
// released, no journal left, and the state file against the live state read over /_sim/.
import { COMMANDS, FAULTS, runCase } from '../helpers/fault-matrix';
import { buildWorld, World } from '../helpers/failure-world';

let world: World;
beforeAll(async () => { world = await buildWorld(); }, 120_000);

for (const fault of FAULTS) {
  describe(fault.name, () => {
    for (const cmd of COMMANDS) {
      if (fault.expect(cmd) === 'n/a') continue;
      test.concurrent(cmd.name, () => runCase(world, fault, cmd), 120_000);
    }
  });
}
