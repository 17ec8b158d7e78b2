#!/usr/bin/env node
// Renders a `cdktf-wecom graph` diagram to a PNG for the README (docs/img/graph.png), the way
// GitHub shows it: Mermaid from node_modules in an HTML page, shot by headless Chromium. A
// dev-time tool only (Debian: `apt-get install -y chromium fonts-wqy-microhei`, the font for the
// Chinese names); nothing in the package needs it.
//
//   npm run build && node scripts/graph-screenshot.mjs [--mermaid FILE] [--out docs/img/graph.png]
//
// Without --mermaid it runs the quick-start demo in a temporary folder (the embedded simulator,
// no network) and draws the plan it saved: `cdktf-wecom graph <plan.json>`.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const out = path.resolve(flag('--out') ?? path.join(root, 'docs', 'img', 'graph.png'));
const chromium = ['chromium', 'chromium-browser', 'google-chrome'].find((b) => {
  try { execFileSync('which', [b], { stdio: 'ignore' }); return true; } catch { return false; }
});
if (!chromium) throw new Error('headless Chromium not found on PATH (Debian: apt-get install -y chromium)');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wecom-graph-shot-'));
const cli = (argv, cwd) => execFileSync(process.execPath, [path.join(root, 'bin', 'cdktf-wecom'), ...argv], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
let mermaid = flag('--mermaid') && fs.readFileSync(flag('--mermaid'), 'utf8');
if (!mermaid) {
  cli(['demo'], tmp); // writes ./cdktf-wecom-demo with the saved plan of its first apply
  const demo = path.join(tmp, 'cdktf-wecom-demo');
  mermaid = cli(['graph', path.join(demo, 'cdktf.out', 'stacks', 'demo-shop', 'plan.json')], demo);
}

const page = path.join(tmp, 'graph.html');
const script = pathToFileURL(path.join(root, 'node_modules', 'mermaid', 'dist', 'mermaid.min.js')).href;
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
fs.writeFileSync(page, `<!doctype html><meta charset="utf-8">
<style>body{margin:0;background:#fff;font-family:sans-serif} #g{display:inline-block;padding:16px}</style>
<div id="g"><pre class="mermaid">${esc(mermaid)}</pre></div>
<script src="${script}"></script>
<script>
  mermaid.initialize({ startOnLoad: false, theme: 'default', flowchart: { useMaxWidth: false } });
  mermaid.run().then(() => { const r = document.getElementById('g').getBoundingClientRect(); document.title = Math.ceil(r.width) + 'x' + Math.ceil(r.height); });
</script>`);

const shoot = (extra) => execFileSync(chromium, ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--virtual-time-budget=10000', ...extra, pathToFileURL(page).href],
  { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
// First pass: the rendered size (the page puts it in its title); second: a window exactly that size.
const size = /<title>(\d+)x(\d+)<\/title>/.exec(shoot(['--dump-dom']));
if (!size) throw new Error('Mermaid did not render the diagram (no size in the page title)');
fs.mkdirSync(path.dirname(out), { recursive: true });
shoot([`--screenshot=${out}`, `--window-size=${size[1]},${size[2]}`]);
fs.rmSync(tmp, { recursive: true, force: true });
process.stdout.write(`${path.relative(process.cwd(), out)}: ${size[1]}x${size[2]}, ${fs.statSync(out).size} bytes\n`);
