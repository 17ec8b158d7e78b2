import * as fs from 'fs';
import * as path from 'path';
import { generateAll } from '../../scripts/generate-all';
import { GENERATED_HEADER } from '../../scripts/generate-l1';

const root = path.join(__dirname, '..', '..');

describe('npm run generate', () => {
  const files = generateAll(root);

  test('generated/ and the generated docs sections match the schema (run `npm run generate`)', () => {
    const stale = [...files].filter(([rel, content]) => {
      const file = path.join(root, rel);
      return !fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== content;
    }).map(([rel]) => rel);
    expect(stale).toEqual([]);
  });

  test('no stray files in generated/', () => {
    const expected = [...files.keys()].filter((f) => f.startsWith('generated/')).map((f) => f.slice('generated/'.length)).sort();
    expect(fs.readdirSync(path.join(root, 'generated')).sort()).toEqual(expected);
  });

  test('is deterministic, and every TypeScript file carries the do-not-edit header', () => {
    const again = generateAll(root);
    expect([...again]).toEqual([...files]);
    for (const [rel, content] of files) {
      if (rel.endsWith('.ts')) expect(content.startsWith(`${GENERATED_HEADER}\n`)).toBe(true);
    }
  });

  test('generated code imports cdktf only through src/cdktf', () => {
    for (const [rel, content] of files) {
      if (!rel.endsWith('.ts')) continue;
      expect(content).not.toMatch(/from 'cdktf'/);
      if (rel !== 'generated/index.ts') expect(content).toContain(`import * as cdktf from '../src/cdktf';`);
    }
  });

  test('the docs sections are generated too', () => {
    expect([...files.keys()]).toContain('docs/constructs.md');
  });
});
