// A plan with every kind of change, built through the same helpers the planner uses.
import { change } from '../../src/engine/planner';
import { reviewDetails } from '../../src/engine/plan/diff';
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
