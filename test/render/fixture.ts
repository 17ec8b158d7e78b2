// A plan with every kind of change, built through the same helpers the planner uses.
import { change } from '../../src/engine/planner';
import { reviewDetails } from '../../src/engine/plan/diff';
import { labelRobotChats, restoreNote } from '../../src/engine/plan/drift';
import type { Attrs, Plan } from '../../src/engine/plan/model';

const chat = (over: Attrs): Attrs => withId({
  id: 'cproj0eng', chat_id: 'cproj0eng', name: 'shop-工程', owner: 'zhangsan', members: ['zhangsan', 'lisi'],
  member_departments: [], member_tags: [], exclude_members: [], membership: 'authoritative', on_destroy: 'retain',
  archive_prefix: '[archived] ', resolved_members: ['lisi', 'zhangsan'], added_members: [], ...over,
});

function withId(a: Attrs): Attrs {
  return { ...a, id: a.chat_id };
}

function c(type: string, name: string, kind: Parameters<typeof change>[3], before: Attrs | null, after: Attrs | null, extra: Parameters<typeof change>[7] = {}, unknown: string[] = []) {
  return change(type, name, `${type}.${name}`, kind, before, after, new Set(unknown), { ...reviewDetails(type, before, after), ...extra }, `shop/${name}`);
}

export function everyKindPlan(): Plan {
  const created = chat({ chat_id: 'cproj0ops', id: 'cproj0ops', name: 'shop-告警', resolved_members: ['wangwu', 'zhangsan'], members: ['zhangsan', 'wangwu'] });
  const before = chat({});
  const after = chat({ owner: 'lisi', resolved_members: ['lisi', 'wangwu', 'zhaoliu'], members: ['lisi', 'wangwu', 'zhaoliu'], member_departments: [9] });
  const rule = { id: 'r1', rule_id: 'r1', rule_name: '敏感词-基线', word_list: ['转账', '私下交易', '加微信'], semantics_list: [1], intercept_type: 1, applicable_users: [], applicable_departments: [2, 12] };
  return {
    planFormat: 1, stack: 'shop', configFile: 'cdktf.out/stacks/shop/cdk.tf.json', configHash: 'x', statePath: 'terraform.shop.tfstate',
    prior: { lineage: '00000000-0000-4000-8000-000000000000', serial: 7 }, createdAt: '2026-11-25T00:00:00.000Z', refreshOnly: false,
    changes: [
      c('wecom_app_chat', 'ops', 'create', null, created, { names: { wangwu: '王五', zhangsan: '张三' } }, ['added_members']),
      c('wecom_app_chat', 'eng', 'update', before, after, { names: { wangwu: '王五', zhaoliu: '赵六', zhangsan: '张三' }, departedMembers: ['qianyi'] }),
      c('wecom_join_way', 'service', 'replace', { id: 'cfg1', config_id: 'cfg1', scene: 1, chat_id_list: ['wrA'] }, { id: null, config_id: null, scene: 2, chat_id_list: ['wrA'] }, { replacePaths: ['scene'] }, ['id', 'config_id', 'qr_code']),
      c('wecom_app_chat', 'old', 'delete', chat({ chat_id: 'cold', name: 'shop-旧群', on_destroy: 'archive' }), null, { notes: ['archive: renamed with prefix "[archived] " and everyone but the owner removed (WeCom cannot delete app chats)'] }),
      c('wecom_app_chat', 'legacy', 'forget', chat({ chat_id: 'clegacy', name: 'shop-遗留' }), null, { notes: ['retain: the chat stays in WeCom as it is and is no longer managed (WeCom cannot delete app chats)'] }),
      c('wecom_intercept_rule', 'baseline', 'update', rule, { ...rule, word_list: ['转账', '加微信', '返利'], applicable_departments: [2] }),
      c('wecom_group_robot', 'alerts', 'create', null, { id: null, webhook_key_env: 'OPS_ROBOT_KEY', chat_id: 'cproj0ops', name: '告警机器人' }, {}, ['id']),
    ],
    drift: [
      c('wecom_app_chat', 'eng', 'update', chat({ resolved_members: ['lisi', 'zhangsan', 'sunqi'] }), before, {}),
    ],
    quotas: [{ name: 'app chat creates per day', needed: 1, remaining: 0, limit: 1000, ok: false }],
    warnings: ['userid qianyi has left the company (status 5) and was left out of wecom_app_chat.eng'],
  };
}

/**
 * A plan whose reasons come from the directory, the code and the client (issue 11): a chat losing
 * people moved out of its department, people of a department dropped from the code and someone
 * added in the client; an intercept rule narrowed out of band and restored; a tag; a join way
 * opened to a named customer group; a robot added to the chat. Notes and the robot's chat label
 * are made by the planner's own helpers.
 */
export function whyPlan(): Plan {
  const dept = { 'department:9': '技术部/测试组 (9), 12 people', 'department:6': '技术部/前端组 (6)', 'department:3': '技术部/后端组 (3), 31 people' };
  const chatBefore = chat({ member_departments: [9, 6], resolved_members: ['lisi', 'wangwu', 'zhangsan', 'zhaoliu', 'zhouba'] });
  const chatAfter = chat({ member_departments: [9], resolved_members: ['lisi', 'zhangsan'] });
  const chatDrift = c('wecom_app_chat', 'eng', 'update', chat({ member_departments: [9, 6], resolved_members: ['lisi', 'wangwu', 'zhangsan', 'zhaoliu'] }), chatBefore,
    { names: { zhouba: '周八' }, provenance: { zhouba: ['added in the client'] } });
  const rule = { id: 'r1', rule_id: 'r1', rule_name: '敏感词-基线', word_list: ['转账', '私下交易'], semantics_list: null, intercept_type: 1, applicable_users: ['zhangsan', 'lisi'], applicable_departments: [9, 3] };
  const ruleLive = { ...rule, word_list: ['转账', '返利'], applicable_users: ['zhangsan', 'wangwu'], applicable_departments: [9] };
  const ruleDrift = c('wecom_intercept_rule', 'baseline', 'update', rule, ruleLive, { names: { lisi: '李四' }, labels: { 'department:3': dept['department:3'] } });
  const ruleChange = c('wecom_intercept_rule', 'baseline', 'update', ruleLive, rule, {
    names: { lisi: '李四', zhangsan: '张三' }, labels: { 'department:3': dept['department:3'] },
    provenance: { lisi: ['removed in the client', 'named in the code'], wangwu: ['added in the client'] },
  });
  const tagBefore = { id: '7', tag_id: 7, tag_name: '值班', users: ['zhangsan', 'lisi', 'sunqi'], departments: [9] };
  const join = { id: 'cfg1', config_id: 'cfg1', scene: 2, chat_id_list: ['wrA'], remark: null, auto_create_room: true, room_base_name: null, room_base_id: null, state: null, qr_code: 'https://qr/1' };
  const changes = [
    c('wecom_app_chat', 'eng', 'update', chatBefore, chatAfter, {
      names: { wangwu: '王五', zhaoliu: '赵六', zhouba: '周八' }, labels: dept,
      provenance: {
        wangwu: ['no longer declared: 技术部/前端组 (6) removed from the code'],
        zhaoliu: ['no longer in 技术部/测试组 (9) in the directory (now in 运营部 (12))'],
        zhouba: ['added in the client'],
      },
    }),
    ruleChange,
    c('wecom_tag', 'duty', 'update', tagBefore, { ...tagBefore, users: ['zhangsan', 'wangwu'] }, {
      names: { wangwu: '王五', lisi: '李四', sunqi: '孙七' },
      provenance: { wangwu: ['named in the code'], lisi: ['no longer named in the code'], sunqi: ['added in the client'] },
    }),
    c('wecom_join_way', 'service', 'update', join, { ...join, chat_id_list: ['wrA', 'wrB'] }, { labels: { 'chat:wrA': '客服1群 (wrA)', 'chat:wrB': 'VIP客户2群 (wrB)' } }),
    c('wecom_group_robot', 'alerts', 'create', null, { id: null, webhook_key_env: 'ENG_ROBOT_KEY', chat_id: 'cproj0eng', name: '工程机器人' }, {}, ['id']),
  ];
  const note = restoreNote(ruleDrift, ruleChange);
  if (note) ruleChange.details.notes = [note];
  labelRobotChats(changes);
  return {
    planFormat: 1, stack: 'shop', configFile: 'cdktf.out/stacks/shop/cdk.tf.json', configHash: 'x', statePath: 'terraform.shop.tfstate',
    prior: { lineage: '00000000-0000-4000-8000-000000000000', serial: 8 }, createdAt: '2026-11-30T00:00:00.000Z', refreshOnly: false,
    changes, drift: [chatDrift, ruleDrift], quotas: [], warnings: [],
  };
}
