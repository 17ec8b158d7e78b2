// The installed package's root (the folder with our package.json), whether code runs compiled
// from dist/ or as TypeScript from src/ under ts-jest.
import * as fs from 'node:fs';
import * as path from 'node:path';

let cached: string | undefined;

/** Our own version, from package.json (`cdktf-wecom --version`, the provider mirror, init's pins). */
export function packageVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

export function packageRoot(): string {
  if (cached) return cached;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const pj = path.join(dir, 'package.json');
    if (fs.existsSync(pj) && JSON.parse(fs.readFileSync(pj, 'utf8')).name === 'cdktf-wecom') return (cached = dir);
    if (path.dirname(dir) === dir) throw new Error('cdktf-wecom: cannot find the package root');
  }
}
