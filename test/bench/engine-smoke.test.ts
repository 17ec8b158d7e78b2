// The engine benchmark's logic at a tiny size (in-process): the call counts it reports are the
// property the benchmark exists for. Apply from empty = exactly N appchat/create; a no-change
// plan = exactly N appchat/get (naive or concurrent); everything else (token, directory) is a
// constant that does not grow with N. No wall-clock assertions.
import { runEngineBench, BenchRow } from '../../bench/engine/run';
import type { MemberSource } from '../../bench/engine/scenario';
import { SLOW_SUITE_TIMEOUT_MS } from '../helpers/timeouts';

jest.setTimeout(SLOW_SUITE_TIMEOUT_MS);

const bySize = async (chats: number, source: MemberSource): Promise<BenchRow[]> => runEngineBench({ chats, source, mode: 'in-process' });

describe.each<MemberSource>(['users', 'departments'])('runEngineBench({ source: %s, mode: in-process })', (source) => {
  let small: BenchRow[];
  let large: BenchRow[];
  beforeAll(async () => {
    small = await bySize(20, source);
    large = await bySize(35, source);
  });

  test('apply from empty creates each chat with exactly one appchat/create and reads none', () => {
    for (const rows of [small, large]) {
      const apply = rows.find((r) => r.phase === 'apply')!;
      expect(apply.result.failed).toEqual([]);
      expect(apply.result.changes).toEqual({ create: apply.chats });
      expect(apply.calls['appchat/create']).toBe(apply.chats);
      expect(apply.calls['appchat/get']).toBeUndefined();
    }
  });

  test('a no-change plan refreshes with exactly one appchat/get per chat, concurrent or naive', () => {
    for (const rows of [small, large]) {
      for (const plan of rows.filter((r) => r.phase !== 'apply')) {
        expect(plan.result.changes).toEqual({});
        expect(plan.result.drift).toBe(0);
        expect(plan.perChat).toEqual({ endpoint: 'appchat/get', calls: plan.chats });
        expect(plan.calls['appchat/create']).toBeUndefined();
      }
      expect(rows.map((r) => r.result.concurrency)).toEqual([16, 16, 1]);
    }
  });

  test('the other calls (token, directory) are a constant that does not grow with N', () => {
    // user/get: only until checkUsers switches to listing the directory (its bulk threshold, 40).
    const userGets = (r: BenchRow) => r.calls['user/get'] ?? 0;
    for (let i = 0; i < small.length; i++) {
      expect(large[i].otherCalls - userGets(large[i])).toBe(small[i].otherCalls - userGets(small[i]));
      expect(userGets(large[i])).toBeLessThanOrEqual(40);
      expect(small[i].calls.gettoken).toBe(1);
    }
  });
});
