// npm run generate: writes generated/ (L1 classes, provider-schema.json) and the generated
// sections of docs/constructs.md from src/schema. test/schema/generated-up-to-date.test.ts
// fails when the committed files differ from what this would write.

import * as fs from 'fs';
import * as path from 'path';
import { generateAll } from './generate-all';

const root = path.resolve(__dirname, '..');
let changed = 0;
for (const [rel, content] of generateAll(root)) {
  const file = path.join(root, rel);
  const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  if (old === content) continue;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  changed++;
  console.log(`wrote ${rel}`);
}
console.log(changed ? `${changed} file(s) updated` : 'generated files are up to date');
