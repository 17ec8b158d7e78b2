// Golden files: the rendering must equal the file. A missing file fails the test; it is written
// (or rewritten) only with UPDATE_GOLDEN=1, and the diff is reviewed like any code change.
import * as fs from 'node:fs';

export function expectGolden(file: string, actual: string): void {
  if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(file, actual);
  if (!fs.existsSync(file)) throw new Error(`golden file ${file} is missing; run UPDATE_GOLDEN=1 npx jest and review it`);
  expect(actual).toBe(fs.readFileSync(file, 'utf8'));
}
