import * as fs from 'fs';
import * as path from 'path';
import { generateAll } from '../../scripts/generate-all';
import { rulesTable } from '../../scripts/generate-policy-docs';
import { WecomBaseline } from '../../src/policy';

const root = path.join(__dirname, '..', '..');

describe('docs/policy.md rules table', () => {
  test('is generated from the rule objects and up to date (run `npm run generate`)', () => {
    const files = generateAll(root);
    expect(files.get('docs/policy.md')).toBe(fs.readFileSync(path.join(root, 'docs/policy.md'), 'utf8'));
  });

  test('has one row per rule carrying its id, level, name and info', () => {
    const table = rulesTable(WecomBaseline.rules());
    for (const r of WecomBaseline.rules()) {
      expect(table).toContain(`| \`${r.id}\` | ${r.level} | ${r.name} | ${r.info.replace(/\|/g, '\\|')} |`);
    }
  });
});
