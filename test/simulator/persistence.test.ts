import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildDefaultOrg } from '../../src/simulator';
import { Api, harness, ORG } from './helpers';

describe('persistence (dataFile)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wecom-sim-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a restarted simulator continues where it left off; old tokens answer 40014', async () => {
    const dataFile = path.join(dir, 'state.json');
    const first = await harness({ dataFile });
    const token = await first.api.token();
    expect((await first.api.post('appchat/create', { chatid: 'persisted', owner: 'lisi', userlist: ['lisi', 'wangwu'] })).errcode).toBe(0);
    const rule = await first.api.post('externalcontact/add_intercept_rule', {
      rule_name: 'keep', word_list: ['x'], intercept_type: 1, applicable_range: { user_list: ['lisi'] },
    });
    const tag = await first.api.post('tag/create', { tagname: 'kept' });
    expect((await first.api.robot(ORG.robots.ops.key, { msgtype: 'text', text: { content: 'before restart' } })).errcode).toBe(0);
    first.running.sim.oob.user({ userid: 'wangwu', status: 5 });
    await first.running.close();
    expect(fs.readdirSync(dir)).toEqual(['state.json']); // no temp files left behind

    const second = await harness({ dataFile, seed: { corp: { id: 'ignored', agents: [] }, departments: [], users: [] } as never });
    try {
      expect((await second.api.getRaw('department/get', { id: 1, access_token: token })).errcode).toBe(40014);
      const api = new Api(second.running);
      expect((await api.get('appchat/get', { chatid: 'persisted' })).chat_info.userlist).toEqual(['lisi', 'wangwu']);
      expect((await api.post('externalcontact/get_intercept_rule', { rule_id: rule.rule_id })).rule.rule_name).toBe('keep');
      expect((await api.get('tag/get', { tagid: tag.tagid })).tagname).toBe('kept');
      expect((await api.get('user/get', { userid: 'wangwu' })).status).toBe(5);
      expect(second.running.sim.inspect.messages({ robot: ORG.robots.ops.name })).toHaveLength(1);
      expect((await api.post('appchat/create', { chatid: 'persisted', owner: 'lisi', userlist: ['lisi', 'zhangsan'] })).errcode).toBe(86215);
    } finally {
      await second.running.close();
    }
  });

  it('writes the file at start and after every change (atomically, valid JSON each time)', async () => {
    const dataFile = path.join(dir, 'nested', 'state.json');
    const h = await harness({ dataFile, seed: buildDefaultOrg() });
    try {
      expect(JSON.parse(fs.readFileSync(dataFile, 'utf8')).corp.id).toBe(ORG.corpId);
      await h.api.post('tag/create', { tagname: 'written' });
      expect(JSON.parse(fs.readFileSync(dataFile, 'utf8')).tags.map((t: { tagname: string }) => t.tagname)).toContain('written');
      await h.api.post('tag/create', { tagname: '值班' }); // fails: no change expected
      expect(JSON.parse(fs.readFileSync(dataFile, 'utf8')).tags).toHaveLength(5);
    } finally {
      await h.running.close();
    }
  });

  it('rejects a data file that is not simulator state', async () => {
    const dataFile = path.join(dir, 'state.json');
    fs.writeFileSync(dataFile, JSON.stringify({ hello: 1 }));
    await expect(harness({ dataFile })).rejects.toThrow(/not a simulator state/);
  });
});
