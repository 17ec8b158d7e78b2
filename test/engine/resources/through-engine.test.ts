// The handlers through the real planner and applier: references between them, unknowns at
// plan time, apply's re-plan of values that became known, then no changes, then destroy.
import { summaryLine } from '../../../src/engine/plan/model';
import { resourceHandler } from '../../../src/engine/resources';
import { readState } from '../../../src/engine/state';
import { DEFAULT_ORG } from '../../../src/simulator';
import { startSandbox, Sandbox } from '../../helpers/engine-sandbox';

const U = DEFAULT_ORG.users;

const stackDoc = (words: string[]) => ({
  data: { wecom_department: { backend: { name_path: '技术部/后端组' } }, wecom_user: { lead: { userid: U.zhangsan } } },
  resource: {
    wecom_tag: { oncall: { tag_name: '值班-后端', users: ['${data.wecom_user.lead.id}'], departments: ['${data.wecom_department.backend.department_id}'] } },
    wecom_intercept_rule: { words: { rule_name: '后端敏感词', word_list: words, intercept_type: 1, applicable_departments: ['${data.wecom_department.backend.department_id}'] } },
    wecom_join_way: { vip: { scene: 2, chat_id_list: [DEFAULT_ORG.customerGroups[0]], state: '${wecom_tag.oncall.id}' } },
    wecom_group_welcome_template: { hello: { text: { content: '欢迎 %NICKNAME%' }, link: { title: '指南', url: 'https://example.com' } } },
    wecom_group_robot: { ops: { webhook_key_env: 'OPS_ROBOT_KEY', chat_id: DEFAULT_ORG.robots.ops.chatid } },
  },
});

describe('resource handlers through plan and apply', () => {
  let sb: Sandbox;
  beforeEach(async () => { sb = await startSandbox(); });
  afterEach(async () => { await sb.close(); });

  test('create all -> no changes -> update -> destroy', async () => {
    sb.env.OPS_ROBOT_KEY = DEFAULT_ORG.robots.ops.key;
    const stack = sb.writeStack(stackDoc(['加微信']));
    const p1 = await sb.plan(stack);
    expect(summaryLine(p1)).toBe('Plan: 5 to add, 0 to change, 0 to destroy.');
    const r1 = await sb.apply(stack, p1);
    expect(r1.failed).toEqual([]);
    // Every state entry carries exactly the schema's attributes, all known.
    for (const r of readState(stack.statePath)!.resources.filter((x) => x.mode === 'managed')) {
      const attrs = r.instances[0].attributes;
      expect(Object.keys(attrs).sort()).toEqual(Object.keys(resourceHandler(r.type)!.schema.attributes).sort());
      expect(typeof attrs.id).toBe('string');
    }
    const tagId = sb.sim.sim.inspect.tags().find((t) => t.tagname === '值班-后端')!.tagid;
    expect((sb.sim.sim.inspect.joinWays() as Array<Record<string, unknown>>)[0].state).toBe(String(tagId));

    const p2 = await sb.plan(stack);
    expect(summaryLine(p2)).toMatch(/^No changes/);
    expect(p2.drift).toEqual([]);

    const stack2 = sb.writeStack(stackDoc(['加微信', '转账']));
    const p3 = await sb.plan(stack2);
    expect(p3.changes.map((c) => [c.address, c.kind])).toEqual([['wecom_intercept_rule.words', 'update']]);
    expect(p3.changes[0].details.wordsAdded).toEqual(['转账']);
    expect((await sb.apply(stack2, p3)).failed).toEqual([]);
    expect(summaryLine(await sb.plan(stack2))).toMatch(/^No changes/);

    const p4 = await sb.plan(stack2, { destroy: true });
    const r4 = await sb.apply(stack2, p4);
    expect(r4.failed).toEqual([]);
    expect(sb.sim.sim.inspect.rules().filter((r) => !r.deleted)).toEqual([]);
    expect(sb.sim.sim.inspect.joinWays()).toEqual([]);
    expect(sb.sim.sim.inspect.tags().some((t) => t.tagid === tagId)).toBe(false);
    expect(readState(stack2.statePath)!.resources.filter((r) => r.mode === 'managed')).toEqual([]);
  });

  test('a robot whose key variable is missing fails at apply, not at plan', async () => {
    const stack = sb.writeStack({ resource: { wecom_group_robot: { ops: { webhook_key_env: 'MISSING_ROBOT_KEY' } } } });
    const p = await sb.plan(stack);
    const r = await sb.apply(stack, p);
    expect(r.failed[0].error.message).toContain('MISSING_ROBOT_KEY');
  });
});
