// A 200-chat stack applied while WeCom misbehaves: 20% of calls fail transiently (busy,
// frequency limit, connection resets, half of them after the change was applied), the access
// token is revoked mid-run, and answers are delayed. The end state must be exactly as declared.
import { DEFAULT_ORG } from '../../src/simulator';
import { readState } from '../../src/engine/state';
import { startSandbox } from '../helpers/engine-sandbox';
import { createRuntime } from '../../src/engine/runtime';
import { applyPlan } from '../../src/engine/apply';
import { makePlan } from '../../src/engine/planner';
import * as fs from 'node:fs';
import { SLOW_SUITE_TIMEOUT_MS } from '../helpers/timeouts';

jest.setTimeout(SLOW_SUITE_TIMEOUT_MS);

const USERS = ['zhangsan', 'lisi', 'wangwu', 'zhaoliu', 'sunqi', 'zhouba', 'wujiu', 'zhengshi'];

function stackOf(n: number) {
  const chats: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) {
    const members = [USERS[i % USERS.length], USERS[(i + 1) % USERS.length], USERS[(i + 3) % USERS.length]];
    chats[`c${i}`] = { chat_id: `fault${i}`, name: `故障演练-${i}`, owner: members[0], members };
  }
  return { resource: { wecom_app_chat: chats } };
}

test('200 chats with 20% transient faults, token revocation and latency converge exactly', async () => {
  let creates = 0;
  let revoked = false;
  const sb = await startSandbox({
    faults: { seed: 20261125, busyRate: 0.08, freqRate: 0.05, concurrencyRate: 0.02, resetRate: 0.05, resetAfterApply: 0.5, latencyMs: [0, 15] },
    log: (line) => {
      if (!line.includes('appchat/create')) return;
      if (++creates === 60 && !revoked) { revoked = true; sb.sim.sim.revokeTokens(); }
    },
  });
  try {
    const stack = sb.writeStack(stackOf(200));
    const rt = createRuntime(stack, { env: sb.env, client: { retry: { maxAttempts: 8, baseDelayMs: 1, maxDelayMs: 20 } } });
    const plan = await makePlan(rt, stack, undefined, { configText: fs.readFileSync(stack.file, 'utf8') });
    const t0 = Date.now();
    const result = await applyPlan(rt, stack, (await import('../../src/engine/state')).emptyState(), plan);
    const stats = rt.client.stats();
    await rt.close();
    expect(result.failed).toEqual([]);
    expect(result.done).toHaveLength(200);
    expect(revoked).toBe(true);

    // Live state exactly as declared, each chat once.
    sb.sim.sim.setFaults(null);
    const live = sb.sim.sim.inspect.chats().filter((c) => c.chatid.startsWith('fault'));
    expect(live).toHaveLength(200);
    const decl = stackOf(200).resource.wecom_app_chat as Record<string, { chat_id: string; name: string; owner: string; members: string[] }>;
    for (const c of Object.values(decl)) {
      const l = live.find((x) => x.chatid === c.chat_id)!;
      expect({ name: l.name, owner: l.owner, members: [...l.userlist].sort() }).toEqual({ name: c.name, owner: c.owner, members: [...c.members].sort() });
    }
    // The state file matches it, and a fresh plan finds nothing to do.
    const state = readState(stack.statePath)!;
    expect(state.resources).toHaveLength(200);
    const again = await sb.plan(stack);
    expect(again.drift).toEqual([]);
    expect(again.changes).toEqual([]);
    const counts = sb.sim.sim.inspect.calls().counts;
    const faults = Object.values(counts).reduce((n, c) => n + Object.values(c.errors).reduce((a, b) => a + b, 0), 0);
    expect(faults).toBeGreaterThan(40); // the faults really happened
    if (process.env.RELIABILITY_REPORT) {
      // Figures for docs/reliability.md (not assertions: wall time depends on the machine).
      console.log(JSON.stringify({ applyMs: Date.now() - t0, errorsBySimulator: Object.fromEntries(Object.entries(counts).map(([k, c]) => [k, c.errors])), client: stats }, null, 1));
    }
    expect(DEFAULT_ORG.corpId).toBe('wwsimcorp0001');
  } finally {
    await sb.close();
  }
});
