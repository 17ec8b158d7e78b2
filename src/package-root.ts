// The installed package's root (the folder with our package.json), whether code runs compiled
// from dist/ or as TypeScript from src/ under ts-jest.
import * as fs from 'node:fs';
import * as path from 'node:path';

let cached: string | undefined;

export function packageRoot(): string {
  if (cached) return cached;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const pj = path.join(dir, 'package.json');
    if (fs.existsSync(pj) && JSON.parse(fs.readFileSync(pj, 'utf8')).name === 'cdktf-wecom') return (cached = dir);
    if (path.dirname(dir) === dir) throw new Error('cdktf-wecom: cannot find the package root');
  }
}
