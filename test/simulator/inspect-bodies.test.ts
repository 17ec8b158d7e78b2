// /_sim/ POST bodies are checked as strictly as the API's: unknown fields, wrong types and
// out-of-range values answer 400 with a JSON error naming the field and what is allowed, and a
// refused body changes nothing.
import { startSimulator } from '../../src/simulator';
import { harness, ORG } from './helpers';
import type { Harness } from './helpers';

describe('/_sim/ POST bodies', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(() => h.running.close());

  const faultsNow = async () => (await h.api.inspect('faults')).body;

  describe('POST /_sim/faults', () => {
    it.each([
      ['a rate above 1', { busyRate: 5 }, 'busyRate', /number in \[0, 1\]/],
      ['a rate that is a string', { busyRate: 'lots' }, 'busyRate', /number in \[0, 1\]/],
      ['a negative rate', { freqRate: -0.1 }, 'freqRate', /number in \[0, 1\]/],
      ['a rate that is null', { resetRate: null }, 'resetRate', /number in \[0, 1\]/],
      ['resetAfterApply out of range', { resetAfterApply: 2 }, 'resetAfterApply', /number in \[0, 1\]/],
      ['rates adding up to more than 1', { busyRate: 0.6, freqRate: 0.6 }, 'busyRate+freqRate+concurrencyRate+resetRate', /at most 1 in total/],
      ['an unknown key (a typo)', { busyrate: 0.5 }, 'busyrate', /known fields: .*busyRate/],
      ['a seed that is not an integer', { seed: 1.5 }, 'seed', /integer/],
      ['applyAfterReset not a boolean', { applyAfterReset: 'yes' }, 'applyAfterReset', /true or false/],
      ['applyAfterReset together with resetAfterApply', { resetAfterApply: 1, applyAfterReset: false }, 'applyAfterReset', /absent when resetAfterApply/],
      ['negative latency', { latencyMs: -5 }, 'latencyMs', /\[min, max\]/],
      ['latency pair with min > max', { latencyMs: [10, 1] }, 'latencyMs', /min <= max/],
      ['latency pair of three', { latencyMs: [1, 2, 3] }, 'latencyMs', /pair/],
      ['paths not an array', { paths: 'appchat/' }, 'paths', /array/],
      ['a path that is not a string', { paths: ['appchat/', 7] }, 'paths[1]', /non-empty string/],
      ['an empty path', { paths: [''] }, 'paths[0]', /non-empty string/],
      ['queue not an array', { queue: { mode: 'busy' } }, 'queue', /array/],
      ['an unknown queue mode', { queue: [{ mode: 'explode' }] }, 'queue[0].mode', /"busy", "freq", "concurrency", "reset", "reset-after-apply"/],
      ['a queue entry without mode', { queue: [{ path: 'appchat/' }] }, 'queue[0].mode', /"busy"/],
      ['a queue count of 0', { queue: [{ mode: 'busy', count: 0 }] }, 'queue[0].count', /integer in \[1, /],
      ['a queue path that is a number', { queue: [{ mode: 'busy', path: 5 }] }, 'queue[0].path', /non-empty string/],
      ['an unknown field in a queue entry', { queue: [{ mode: 'busy', times: 2 }] }, 'queue[0].times', /known fields: mode, path\?, count\?/],
    ])('refuses %s with 400 naming the field, and keeps the previous settings', async (_name, body, field, allowed) => {
      const before = { seed: 3, freqRate: 0.25, paths: ['department/'] };
      expect((await h.api.inspect('faults', { ...before, queue: [{ mode: 'busy', path: 'user/get' }] })).status).toBe(200);
      const snapshot = await faultsNow();
      const r = await h.api.inspect('faults', body);
      expect(r.status).toBe(400);
      expect(r.body.field).toBe(field);
      expect(r.body.allowed).toMatch(allowed);
      expect(r.body.error).toContain(field);
      expect(await faultsNow()).toEqual(snapshot);
      expect(snapshot.options).toEqual(before);
    });

    it('a refused busyRate faults nothing: calls still succeed afterwards', async () => {
      expect((await h.api.inspect('faults', { busyRate: 5 })).status).toBe(400);
      expect((await h.api.inspect('faults', { busyRate: 'lots' })).status).toBe(400);
      for (let i = 0; i < 5; i++) expect((await h.api.get('department/get', { id: 1 })).errcode).toBe(0);
      expect(h.running.sim.inspect.calls().counts['department/get']).toEqual({ calls: 5, ok: 5, errors: {} });
    });

    it('a body whose queue is bad adds none of its entries, even the good ones before it', async () => {
      const r = await h.api.inspect('faults', { queue: [{ mode: 'busy' }, { mode: 'nope' }] });
      expect(r.status).toBe(400);
      expect((await faultsNow()).pending).toEqual([]);
    });

    it('accepts every valid setting', async () => {
      const body = { seed: 9, busyRate: 0.25, freqRate: 0.25, concurrencyRate: 0.25, resetRate: 0.25, resetAfterApply: 0.5, latencyMs: [0, 2], paths: ['department/'] };
      const r = await h.api.inspect('faults', body);
      expect(r.status).toBe(200);
      expect(r.body.options).toEqual(body);
      expect((await h.api.inspect('faults', { applyAfterReset: true, latencyMs: 0 })).status).toBe(200);
      expect((await h.api.inspect('faults', { queue: [{ mode: 'reset-after-apply', path: 'appchat/create', count: 2 }] })).body.pending)
        .toEqual([{ mode: 'reset-after-apply', path: 'appchat/create', count: 2 }]);
    });

    it('in-process: setFaults and startSimulator refuse the same settings', async () => {
      expect(() => h.running.sim.setFaults({ busyRate: 5 })).toThrow(/busyRate must be a number in \[0, 1\]/);
      expect(h.running.sim.faults.options).toEqual({});
      expect(() => h.running.sim.injectFault('explode' as never)).toThrow(/mode must be one of/);
      await expect(startSimulator({ faults: { freqRate: 2 } })).rejects.toThrow(/simulator: faults\.freqRate must be a number in \[0, 1\]/);
    });
  });

  describe('the other control routes', () => {
    it('revoke-tokens takes only a known agentid', async () => {
      const token = await h.api.token('main');
      for (const body of [{ agentid: String(ORG.agents.main.agentid) }, { agentid: 42 }, { agent: ORG.agents.main.agentid }]) {
        const r = await h.api.inspect('revoke-tokens', body);
        expect(r.status).toBe(400);
        expect(r.body.field).toBe(Object.keys(body)[0]);
      }
      // Nothing was revoked by the refused bodies (a string agentid used to revoke every token).
      expect((await h.api.getRaw('department/get', { id: 1, access_token: token })).errcode).toBe(0);
      expect((await h.api.inspect('revoke-tokens', { agentid: ORG.agents.main.agentid })).body).toEqual({ revoked: 1 });
      expect((await h.api.getRaw('department/get', { id: 1, access_token: token })).errcode).toBe(40014);
    });

    it('advance-clock takes exactly one of ms and seconds, a number >= 0', async () => {
      const start = (await h.api.inspect('clock')).body.now;
      for (const [body, field] of [[{ seconds: 'ten' }, 'seconds'], [{ ms: -1 }, 'ms'], [{}, 'ms|seconds'], [{ ms: 1, seconds: 1 }, 'ms|seconds'], [{ minutes: 1 }, 'minutes']] as const) {
        const r = await h.api.inspect('advance-clock', body);
        expect([field, r.status]).toEqual([field, 400]);
        expect(r.body.field).toBe(field);
      }
      expect((await h.api.inspect('clock')).body.now).toBe(start);
      expect((await h.api.inspect('advance-clock', { seconds: 1.5 })).body.now).toBe(start + 1500);
    });

    it('reset-counters takes no fields', async () => {
      const r = await h.api.inspect('reset-counters', { all: true });
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ field: 'all', allowed: expect.stringMatching(/takes no fields/) });
      expect((await h.api.inspect('reset-counters', {})).status).toBe(200);
    });
  });

  describe('out-of-band changes', () => {
    it.each([
      ['oob/appchat', { chatid: ORG.appChats.opsRoom, add_user_list: 'sunqi' }, 'add_user_list'],
      ['oob/appchat', { chatid: ORG.appChats.opsRoom, name: 7 }, 'name'],
      ['oob/appchat', { chatid: ORG.appChats.opsRoom, members: ['sunqi'] }, 'members'],
      ['oob/appchat', { name: 'x' }, 'chatid'],
      ['oob/intercept-rule', { rule_id: 'r', action: 'rename' }, 'action'],
      ['oob/intercept-rule', { rule_id: 'r', action: 'edit', semantics_list: [4] }, 'semantics_list[0]'],
      ['oob/robot', { robot: ORG.robots.release.name, action: 'destroy' }, 'action'],
      ['oob/robot', { robot: ORG.robots.release.name }, 'action'],
      ['oob/user', { userid: 'lisi', status: '5' }, 'status'],
      ['oob/user', { userid: 'lisi', department: [] }, 'department'],
      ['oob/user', { userid: 'lisi', department: [2.5] }, 'department[0]'],
      ['oob/join-way', { config_id: 'c', action: 'edit', chat_id_list: [1] }, 'chat_id_list[0]'],
      ['oob/tag', { tagid: '1', action: 'delete' }, 'tagid'],
      ['oob/customer-group', { chat_id: ORG.customerGroups[0], add_members: [null] }, 'add_members[0]'],
    ])('%s refuses %j (field %s) and changes nothing', async (route, body, field) => {
      const before = JSON.stringify(h.running.sim.state);
      const r = await h.api.inspect(route, body);
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ field, allowed: expect.any(String), error: expect.stringContaining(field) });
      expect(JSON.stringify(h.running.sim.state)).toBe(before);
    });

    it('valid out-of-band bodies still work', async () => {
      expect((await h.api.inspect('oob/user', { userid: 'lisi', status: 5, department: [2] })).status).toBe(200);
      expect((await h.api.inspect('oob/robot', { robot: ORG.robots.release.name, action: 'disable' })).status).toBe(200);
      expect((await h.api.inspect('oob/tag', { tagid: 1, action: 'rename', tagname: '值班2' })).status).toBe(200);
    });
  });
});
