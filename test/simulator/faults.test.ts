import { harness, ORG } from './helpers';
import type { Harness } from './helpers';

async function outcomes(h: Harness, n: number): Promise<Array<number | string>> {
  const token = await h.api.token();
  const out: Array<number | string> = [];
  for (let i = 0; i < n; i++) {
    try {
      const res = await fetch(h.api.url('department/get', { id: 1, access_token: token }));
      out.push(((await res.json()) as { errcode: number }).errcode);
    } catch {
      out.push('reset');
    }
  }
  return out;
}

const MIX = { busyRate: 0.2, freqRate: 0.15, concurrencyRate: 0.1, resetRate: 0.1 };

describe('fault injection', () => {
  it('is reproducible: the same seed gives the same sequence, another seed another one', async () => {
    const runs: Array<Array<number | string>> = [];
    for (const seed of [7, 7, 8]) {
      const h = await harness({ faults: { seed, ...MIX } });
      try {
        runs.push(await outcomes(h, 60));
      } finally {
        await h.running.close();
      }
    }
    expect(runs[0]).toEqual(runs[1]);
    expect(runs[0]).not.toEqual(runs[2]);
    for (const kind of [0, -1, 45009, 45033, 'reset']) expect(runs[0]).toContain(kind);
  });

  it('answers the transient errcodes with their real errmsg', async () => {
    const h = await harness();
    try {
      h.running.sim.injectFault('busy', 'department/');
      h.running.sim.injectFault('freq', 'department/');
      h.running.sim.injectFault('concurrency', 'department/');
      const r = await Promise.all([0, 1, 2].map(() => h.api.get('department/get', { id: 1 }).then((x) => x)));
      expect(r.map((x) => x.errcode).sort()).toEqual([-1, 45009, 45033]);
      expect(r.find((x) => x.errcode === 45009)?.errmsg).toMatch(/^api freq out of limit, hint:/);
      expect((await h.api.get('department/get', { id: 1 })).errcode).toBe(0);
    } finally {
      await h.running.close();
    }
  });

  it('a reset destroys the socket mid-request; the call log records it without an errcode', async () => {
    const h = await harness();
    try {
      const token = await h.api.token();
      h.running.sim.injectFault('reset', 'department/get');
      await expect(fetch(h.api.url('department/get', { id: 1, access_token: token }))).rejects.toThrow();
      const log = h.running.sim.inspect.calls().log;
      expect(log[log.length - 1]).toMatchObject({ path: 'department/get', errcode: null, fault: 'reset' });
      expect((await h.api.get('department/get', { id: 1 })).errcode).toBe(0);
    } finally {
      await h.running.close();
    }
  });

  it('reset before apply: the create did not happen, a retry succeeds', async () => {
    const h = await harness();
    try {
      const token = await h.api.token();
      h.running.sim.injectFault('reset', 'appchat/create');
      const body = JSON.stringify({ chatid: 'lost1', owner: 'lisi', userlist: ['lisi', 'wangwu'] });
      await expect(fetch(h.api.url('appchat/create', { access_token: token }), { method: 'POST', body })).rejects.toThrow();
      expect(h.running.sim.inspect.chat('lost1')).toBeUndefined();
      expect((await h.api.post('appchat/create', body)).errcode).toBe(0);
    } finally {
      await h.running.close();
    }
  });

  it('reset after apply (resetAfterApply 1): the create happened, the retried create answers 86215', async () => {
    const h = await harness({ faults: { seed: 3, resetRate: 1, resetAfterApply: 1, paths: ['appchat/create'] } });
    try {
      const token = await h.api.token();
      const body = JSON.stringify({ chatid: 'lost2', owner: 'lisi', userlist: ['lisi', 'wangwu'] });
      await expect(fetch(h.api.url('appchat/create', { access_token: token }), { method: 'POST', body })).rejects.toThrow();
      expect(h.running.sim.inspect.chat('lost2')?.owner).toBe('lisi');
      h.running.sim.setFaults(null);
      expect((await h.api.post('appchat/create', body)).errcode).toBe(86215);
    } finally {
      await h.running.close();
    }
  });

  it('never hits gettoken (unless a path names it) or the inspection interface', async () => {
    const h = await harness({ faults: { busyRate: 1 } });
    try {
      expect((await h.api.getRaw('gettoken', { corpid: ORG.corpId, corpsecret: ORG.agents.main.secret })).errcode).toBe(0);
      expect((await h.api.get('department/get', { id: 1 })).errcode).toBe(-1);
      expect((await h.api.inspect('corp')).status).toBe(200);
      h.running.sim.setFaults({ busyRate: 1, paths: ['gettoken'] });
      expect((await h.api.getRaw('gettoken', { corpid: ORG.corpId, corpsecret: ORG.agents.main.secret })).errcode).toBe(-1);
      expect((await h.api.get('department/get', { id: 1 })).errcode).toBe(0);
    } finally {
      await h.running.close();
    }
  });

  it('is changed at runtime over POST /_sim/faults (rates, latency, named one-shot faults)', async () => {
    const h = await harness();
    try {
      await h.api.token();
      let r = await h.api.inspect('faults', { seed: 1, freqRate: 1, paths: ['department/'] });
      expect(r.body.options).toMatchObject({ freqRate: 1, paths: ['department/'] });
      expect((await h.api.get('department/get', { id: 1 })).errcode).toBe(45009);
      expect((await h.api.get('user/get', { userid: 'lisi' })).errcode).toBe(0);
      r = await h.api.inspect('faults', { latencyMs: [1, 3] });
      expect((await h.api.get('department/get', { id: 1 })).errcode).toBe(0);
      r = await h.api.inspect('faults', { queue: [{ mode: 'busy', path: '/cgi-bin/user/get', count: 2 }] });
      expect(r.body.pending).toEqual([{ mode: 'busy', path: 'user/get', count: 2 }]);
      expect((await h.api.get('user/get', { userid: 'lisi' })).errcode).toBe(-1);
      expect((await h.api.get('user/get', { userid: 'lisi' })).errcode).toBe(-1);
      expect((await h.api.get('user/get', { userid: 'lisi' })).errcode).toBe(0);
      expect((await h.api.inspect('faults', {})).body.options).toEqual({});
      expect((await h.api.inspect('faults', { queue: [{ mode: 'explode' }] })).status).toBe(400);
    } finally {
      await h.running.close();
    }
  });
});
