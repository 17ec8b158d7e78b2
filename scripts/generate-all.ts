// Everything `npm run generate` writes, computed in memory (the up-to-date test compares it).

import { generateDocs } from './generate-docs';
import { generateL1 } from './generate-l1';
import { generatePolicyDocs } from './generate-policy-docs';

/** Path (relative to the repository root) -> content. `root` locates docs to update in place. */
export function generateAll(root: string): Map<string, string> {
  const files = generateL1();
  for (const [rel, content] of generateDocs(root)) files.set(rel, content);
  for (const [rel, content] of generatePolicyDocs(root)) files.set(rel, content);
  return files;
}
