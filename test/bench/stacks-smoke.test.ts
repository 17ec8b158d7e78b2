// The many-stacks benchmark's logic at a tiny size (3 stacks x 2 chats; simulator in-process, the
// CLI in child processes, PostgreSQL throwaway): every run exits 0, and the property the
// benchmark exists for holds: one run over all stacks fetches one token and reads the directory
// once, separate runs once each; both refresh each chat exactly once. No wall-clock assertions.
import { runStacksBench, StacksBenchResult } from '../../bench/stacks/run';
import { SLOW_SUITE_TIMEOUT_MS } from '../helpers/timeouts';

jest.setTimeout(SLOW_SUITE_TIMEOUT_MS);

describe('runStacksBench({ stacks: 3, chatsPerStack: 2, mode: in-process })', () => {
  let r: StacksBenchResult;
  const row = (phase: string, backend = 'local') => r.rows.find((x) => x.phase === phase && x.backend === backend)!;
  beforeAll(async () => {
    r = await runStacksBench({ stacks: 3, chatsPerStack: 2, rounds: 1, mode: 'in-process' });
  });

  test('every measured run exits 0', () => {
    expect(r.rows.map((x) => `${x.backend} ${x.phase}`).sort()).toEqual([
      'local apply rename, one run', 'local plan, one run', 'local plan, separate runs', 'pg apply rename, one run', 'pg plan, one run',
    ]);
    for (const x of r.rows) expect(x.exitCodes).toEqual(Array(x.runs).fill(0));
    expect(row('plan, separate runs').runs).toBe(3);
  });

  test('one run: one token, one directory read, one appchat/get per chat; separate runs: each its own', () => {
    const one = row('plan, one run').calls;
    expect(one).toMatchObject({ gettoken: 1, 'appchat/get': 6, 'department/list': 1 });
    const separate = row('plan, separate runs').calls;
    expect(separate).toMatchObject({ gettoken: 3, 'appchat/get': 6, 'department/list': 3 });
    expect(separate['user/list_id']).toBe(3 * one['user/list_id']);
  });

  test('PostgreSQL state changes no API call; the rename apply updates one chat per stack', () => {
    expect(row('plan, one run', 'pg').calls).toEqual(row('plan, one run').calls);
    for (const b of ['local', 'pg']) {
      expect(row('apply rename, one run', b).calls).toMatchObject({ gettoken: 1, 'appchat/update': 3 });
      expect(row('apply rename, one run', b).calls['appchat/create']).toBeUndefined();
    }
  });
});
