import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  containsUnknown, dependencyLevels, readStackConfig, resolveValue, splitTemplate, StackConfigError,
  UNKNOWN, UnsupportedExpressionError,
} from '../../src/engine/config';

function writeStack(doc: unknown): string {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wecom-cfg-')), 'stacks', 'proj');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'cdk.tf.json');
  fs.writeFileSync(file, typeof doc === 'string' ? doc : JSON.stringify(doc));
  return file;
}

describe('expressions', () => {
  test('splitTemplate finds whole, embedded and indexed references', () => {
    const parts = splitTemplate('pre-${wecom_app_chat.eng.chat_id}-${data.wecom_user.u.departments[0]}', 'x');
    expect(parts).toEqual([
      'pre-',
      expect.objectContaining({ address: 'wecom_app_chat.eng', attribute: 'chat_id' }),
      '-',
      expect.objectContaining({ address: 'data.wecom_user.u', attribute: 'departments', index: 0 }),
    ]);
  });

  test.each([
    ['${upper(wecom_app_chat.eng.name)}', /function calls/],
    ['${var.project}', /variables/],
    ['${wecom_app_chat.eng.name == "" ? "a" : "b"}', /operators/],
  ])('%s is refused with its text named', (expr, reason) => {
    expect(() => splitTemplate(expr, 'wecom_app_chat.x.name')).toThrow(UnsupportedExpressionError);
    expect(() => splitTemplate(expr, 'wecom_app_chat.x.name')).toThrow(reason);
    expect(() => splitTemplate(expr, 'wecom_app_chat.x.name')).toThrow(/wecom_app_chat\.x\.name/);
  });

  test('resolveValue keeps types for whole references and stringifies embedded ones', () => {
    const lookup = (r: { attribute: string }) => (r.attribute === 'ids' ? [1, 2] : r.attribute === 'later' ? UNKNOWN : 'v');
    expect(resolveValue('${a.b.ids}', lookup, 'x')).toEqual([1, 2]);
    expect(resolveValue('id=${a.b.c}', lookup, 'x')).toBe('id=v');
    expect(resolveValue(['${a.b.c}', 'lit', '$${escaped}'], lookup, 'x')).toEqual(['v', 'lit', '${escaped}']);
    expect(containsUnknown(resolveValue({ k: ['x-${a.b.later}'] }, lookup, 'x'))).toBe(true);
  });
});

describe('stack config', () => {
  const base = {
    terraform: { backend: { local: { path: '/tmp/x/terraform.proj.tfstate' } } },
    provider: { wecom: [{ corp_id: 'ww1', corp_secret_env: 'WECOM_SECRET' }] },
    resource: {
      wecom_tag: { t: { tag_name: 'oncall' } },
      wecom_app_chat: {
        eng: { name: 'eng', owner: 'u1', member_tags: ['${wecom_tag.t.tag_id}'], lifecycle: { prevent_destroy: true, ignore_changes: ['name'] }, '//': { metadata: { path: 'proj/eng/resource' } } },
      },
    },
    data: { wecom_department: { be: { name_path: '技术部/后端' } } },
  };

  test('reads blocks, lifecycle, backend path and orders by references', () => {
    const cfg = readStackConfig(writeStack({ ...base, resource: { ...base.resource, wecom_join_way: { j: { scene: 2, chat_id_list: ['x'], depends_on: ['wecom_app_chat.eng'] } } } }));
    expect(cfg.statePath).toBe('/tmp/x/terraform.proj.tfstate');
    const eng = cfg.byAddress.get('wecom_app_chat.eng')!;
    expect(eng.preventDestroy).toBe(true);
    expect(eng.ignoreChanges).toEqual(['name']);
    expect(eng.constructPath).toBe('proj/eng/resource');
    expect(eng.config).not.toHaveProperty('lifecycle');
    expect(dependencyLevels(cfg)).toEqual([
      ['data.wecom_department.be', 'wecom_tag.t'],
      ['wecom_app_chat.eng'],
      ['wecom_join_way.j'],
    ]);
  });

  test('malformed JSON, unknown references, cycles and count are clear errors', () => {
    expect(() => readStackConfig(writeStack('{"resource":'))).toThrow(/not valid JSON/);
    const dangling = readStackConfig(writeStack({ resource: { wecom_app_chat: { a: { owner: '${wecom_tag.nope.tag_id}' } } } }));
    expect(() => dependencyLevels(dangling)).toThrow(/refers to wecom_tag\.nope/);
    const cyclic = readStackConfig(writeStack({ resource: { wecom_tag: { a: { tag_name: '${wecom_tag.b.tag_name}' }, b: { tag_name: '${wecom_tag.a.tag_name}' } } } }));
    expect(() => dependencyLevels(cyclic)).toThrow(/cycle between wecom_tag\.a, wecom_tag\.b/);
    expect(() => readStackConfig(writeStack({ resource: { wecom_tag: { a: { count: 2 } } } }))).toThrow(StackConfigError);
    expect(() => readStackConfig(writeStack({ resource: { wecom_tag: { a: { tag_name: '${md5("x")}' } } } }))).toThrow(/function calls/);
  });
});
