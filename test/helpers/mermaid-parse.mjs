// Validates Mermaid text with Mermaid's own parser (mermaid.parse in jsdom). Mermaid is ESM-only,
// so tests spawn this script: `node mermaid-parse.mjs FILE...`; prints one JSON line per file
// ({ file, ok, type } or { file, ok: false, error }) and exits 1 when any fails.
import * as fs from 'node:fs';
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
globalThis.DOMParser = dom.window.DOMParser;
globalThis.Element = dom.window.Element;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });
for (const file of process.argv.slice(2)) {
  try {
    const r = await mermaid.parse(fs.readFileSync(file, 'utf8'));
    process.stdout.write(JSON.stringify({ file, ok: true, type: r.diagramType }) + '\n');
  } catch (e) {
    process.stdout.write(JSON.stringify({ file, ok: false, error: String(e?.message ?? e) }) + '\n');
    process.exitCode = 1;
  }
}
