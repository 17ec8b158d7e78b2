// Risk where it is, once: what the security section and the destructive list of a plan say.
import { change } from '../../src/engine/planner';
import { destructiveChanges, securityNotes } from '../../src/engine/plan/security';
import type { Plan } from '../../src/engine/plan/model';

const plan = (changes: ReturnType<typeof change>[]): Plan => ({
  planFormat: 1, stack: 's', configFile: 'f', configHash: 'h', statePath: 'p', prior: null, createdAt: '', refreshOnly: false,
  changes, drift: [], quotas: [], warnings: [],
});

test('an intercept rule relaxed from block to warn and a join way opened to more groups are security-relevant', () => {
  const rule = change('wecom_intercept_rule', 'r', 'wecom_intercept_rule.r', 'update', { intercept_type: 1, word_list: ['a'] }, { intercept_type: 2, word_list: ['a'] }, new Set(), {});
  const join = change('wecom_join_way', 'j', 'wecom_join_way.j', 'update', { chat_id_list: ['g1'] }, { chat_id_list: ['g1', 'g2', 'g3'] }, new Set(), {});
  const same = change('wecom_join_way', 'k', 'wecom_join_way.k', 'update', { chat_id_list: ['g1', 'g2'] }, { chat_id_list: ['g1'] }, new Set(), {});
  const notes = securityNotes([rule, join, same]);
  expect(notes.map((n) => [n.kind, n.address])).toEqual([['intercept-relaxed', 'wecom_intercept_rule.r'], ['join-way-opened', 'wecom_join_way.j']]);
  expect(notes[1].message).toContain('2 more groups: g2, g3');
});

test('re-posting an announcement (a replaced null_resource) is not destructive; replacing a chat is', () => {
  const announce = change('null_resource', 'hello', 'null_resource.hello', 'replace', { id: '1', triggers: { message_sha256: 'a' } }, { triggers: { message_sha256: 'b' } }, new Set(['id']), {});
  const chat = change('wecom_app_chat', 'c', 'wecom_app_chat.c', 'replace', { chat_id: 'a' }, { chat_id: 'b' }, new Set(), {});
  expect(destructiveChanges(plan([announce, chat])).map((c) => c.address)).toEqual(['wecom_app_chat.c']);
});

test('whole departments and tags added to a chat are named with their path and head count', async () => {
  const { startSandbox } = await import('../helpers/engine-sandbox');
  const { DEFAULT_ORG } = await import('../../src/simulator');
  const sb = await startSandbox();
  try {
    const chat = (extra: Record<string, unknown>) => ({ resource: { wecom_app_chat: { c: { chat_id: 'secnames', name: '安全-名称', owner: 'zhangsan', members: ['zhangsan', 'lisi'], ...extra } } } });
    await sb.converge(sb.writeStack(chat({})));
    const p = await sb.plan(sb.writeStack(chat({ member_departments: [DEFAULT_ORG.departments.qa], member_tags: [DEFAULT_ORG.tags.duty] })));
    const notes = securityNotes(p.changes).map((n) => n.message);
    expect(notes.join('\n')).toMatch(new RegExp(`whole departments added as members: [^\\n]*/[^\\n]*\\(${DEFAULT_ORG.departments.qa}\\), \\d+ people`));
    expect(notes.join('\n')).toMatch(new RegExp(`whole tags added as members: tag \\S+ \\(${DEFAULT_ORG.tags.duty}\\), \\d+ people`));
  } finally {
    await sb.close();
  }
});
