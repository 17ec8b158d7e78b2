// Department resolution on a 100,000-person org (issue 12 item 4): call counts, not times.
// A plan of a stack naming two departments — with the contacts-sync secret, the whole directory
// in ceil(rows / 10,000) user/list_id calls and nothing per department; without it, one
// user/simplelist per department of the two referenced subtrees, each once, and nothing else.
import { Users } from '../../src/client/endpoints/directory';
import { runDirectoryBench, DirectoryBenchRow } from '../../bench/directory/run';
import { SLOW_SUITE_TIMEOUT_MS } from '../helpers/timeouts';

jest.setTimeout(SLOW_SUITE_TIMEOUT_MS);

describe('a plan against a generated org of 100,000 people, two departments named', () => {
  let rows: DirectoryBenchRow[];
  const simplelistDepts: number[][] = [];
  beforeAll(async () => {
    const spy = jest.spyOn(Users.prototype, 'simpleList');
    rows = [];
    for (const variant of ['contacts secret', 'app secret only'] as const) {
      spy.mockClear();
      rows.push(...await runDirectoryBench({ orgSize: 100000, chats: 6, twoDepartments: true, mode: 'in-process', variants: [variant] }));
      simplelistDepts.push(spy.mock.calls.map(([d]) => d));
    }
    spy.mockRestore();
  });

  test('the stack plans: every chat resolved, none failed', () => {
    for (const r of rows) {
      expect(r.result.changes).toEqual({ create: 6 });
      expect(r.facts.referenced).toHaveLength(2);
      expect(r.facts.users).toBe(100000);
    }
  });

  test('with the contacts secret: user/list_id pages of 10,000 rows, nothing per department or user', () => {
    const r = rows[0];
    expect(r.facts.listedPairs).toBeGreaterThan(100000);
    expect(r.calls['user/list_id']).toBe(Math.ceil(r.facts.listedPairs / 10000));
    expect(r.calls['user/list_id']).toBeLessThanOrEqual(15);
    expect(r.calls['user/simplelist']).toBeUndefined();
    expect(r.calls['user/get']).toBeUndefined();
    expect(r.calls['department/list']).toBe(1);
    expect(r.errors).toEqual({});
    expect(simplelistDepts[0]).toEqual([]);
  });

  test('without it: one user/simplelist per department of the referenced subtrees, each once', () => {
    const r = rows[1];
    const read = simplelistDepts[1];
    expect(new Set(read).size).toBe(read.length);
    expect([...read].sort((a, b) => a - b)).toEqual(r.facts.subtreeDepartments);
    expect(r.facts.subtreeDepartments.length).toBeLessThan(r.facts.departments / 10);
    expect(r.calls['user/simplelist']).toBe(r.facts.subtreeDepartments.length);
    expect(r.calls['user/get']).toBeUndefined();
    expect(r.calls['department/list']).toBe(1);
    // The app secret may not call list_id: one try, answered 48002, then per department.
    expect(r.calls['user/list_id']).toBe(1);
    expect(r.errors).toEqual({ 'user/list_id': { 48002: 1 } });
  });
});
