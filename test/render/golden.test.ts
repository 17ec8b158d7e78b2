// Golden files of the three renderings of one plan with every kind of change. Regenerate with
// UPDATE_GOLDEN=1 npx jest test/render (a missing file fails), and review the diff like any code change.
import * as path from 'node:path';
import { renderJson } from '../../src/render/json';
import { cutMiddle, renderMarkdown } from '../../src/render/markdown';
import { renderText } from '../../src/render/text';
import { expectGolden } from '../helpers/golden';
import { everyKindPlan, whyPlan } from './fixture';

const dir = path.join(__dirname, 'golden');

function golden(name: string, actual: string): void {
  expectGolden(path.join(dir, name), actual);
}

describe('plan renderings (golden)', () => {
  test('terminal', () => golden('plan.txt', renderText(everyKindPlan())));
  test('terminal with colour differs only by ANSI codes', () => {
    const colored = renderText(everyKindPlan(), { color: true });
    // eslint-disable-next-line no-control-regex -- ANSI colour codes start with ESC
    const ansi = /\x1b\[[0-9;]*m/g;
    expect(colored).toMatch(ansi);
    expect(colored.replace(ansi, '')).toBe(renderText(everyKindPlan()));
  });
  test('terraform JSON', () => golden('plan.json', renderJson(everyKindPlan())));
  test('markdown', () => golden('plan.md', renderMarkdown(everyKindPlan())));

  test('the JSON has the fields terraform show -json readers use', () => {
    const doc = JSON.parse(renderJson(everyKindPlan()));
    expect(doc.format_version).toBe('1.2');
    const replace = doc.resource_changes.find((r: { address: string }) => r.address === 'wecom_join_way.service');
    expect(replace.change.actions).toEqual(['delete', 'create']);
    expect(replace.change.replace_paths).toEqual([['scene']]);
    expect(replace.change.after_unknown).toEqual({ id: true, config_id: true, qr_code: true });
    expect(doc.resource_drift).toHaveLength(1);
  });

  test('markdown keeps the summary, destructive and security sections outside the fold', () => {
    const md = renderMarkdown(everyKindPlan());
    const fold = md.indexOf('<details>');
    for (const s of ['Plan: 3 to add, 2 to change, 2 to destroy. 1 to forget.', 'Destructive changes', 'Security-relevant changes', 'owner zhangsan -> lisi', 'words no longer intercepted: 私下交易', 'no longer covers departments 12', 'a robot webhook will post', 'whole departments added as members: 9']) {
      expect(md.indexOf(s)).toBeGreaterThan(-1);
      expect(md.indexOf(s)).toBeLessThan(fold);
    }
  });

  test('markdown never exceeds 65,536 characters and says it truncated', () => {
    const plan = everyKindPlan();
    const big = plan.changes[0];
    plan.changes = Array.from({ length: 3000 }, (_, i) => ({ ...big, address: `wecom_app_chat.c${i}`, name: `c${i}` }));
    const md = renderMarkdown(plan);
    expect(md.length).toBeLessThanOrEqual(65536);
    expect(md).toContain('characters of the plan truncated');
    expect(md).toContain('Plan: 3000 to add');
    expect(md.trimEnd().endsWith('</details>')).toBe(true);
  });

  test('cutMiddle keeps head and tail', () => {
    const s = 'a'.repeat(500) + 'b'.repeat(500);
    const cut = cutMiddle(s, 300);
    expect(cut.length).toBeLessThanOrEqual(300);
    expect(cut.startsWith('a')).toBe(true);
    expect(cut.endsWith('b')).toBe(true);
  });
});

describe('reasons and names (golden)', () => {
  test('terminal', () => golden('why.txt', renderText(whyPlan())));
  test('terraform JSON', () => golden('why.json', renderJson(whyPlan())));
  test('markdown', () => golden('why.md', renderMarkdown(whyPlan())));
  test('refresh-only drift report', () => golden('why-drift.md', renderMarkdown({ ...whyPlan(), refreshOnly: true, changes: [] })));
});
