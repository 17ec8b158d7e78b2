// The quick start's main job (`npm start` = `cdktf-wecom demo`) end to end, in a scratch
// directory whose cdktf.json runs the compiled per-project example.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT, runCli } from '../helpers/cli-project';
import { SLOW_SUITE_TIMEOUT_MS } from '../helpers/timeouts';

jest.setTimeout(SLOW_SUITE_TIMEOUT_MS);

test('demo: synth, plan, PR comment, apply, no changes, drift detected and repaired', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wecom-demo-'));
  const app = path.join(ROOT, 'dist', 'examples', 'project-groups', 'main.js');
  fs.writeFileSync(path.join(dir, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: `node ${JSON.stringify(app)}`, output: 'cdktf.out' }));
  const r = await runCli(['demo'], { cwd: dir, env: { PATH: process.env.PATH, HOME: process.env.HOME } });
  expect(r.stderr).not.toMatch(/Error/);
  expect(r.code).toBe(0);
  const o = r.stdout + r.stderr;
  expect(o).toContain('Embedded WeCom simulator at http://127.0.0.1:');
  expect(o).toMatch(/Plan: \d+ to add, 0 to change, 0 to destroy\./);
  expect(o).toMatch(/Apply complete: \d+ done, 0 failed, 0 not started\./);
  expect(o).toContain('Sent a markdown message through the robot');
  expect(o.match(/No changes\. Your infrastructure matches the configuration\./g)).toHaveLength(2);
  expect(o).toContain('Drift: 1 object changed outside cdktf-wecom.');
  expect(o).toContain('Plan: 0 to add, 1 to change, 0 to destroy.');
  const stackDir = path.join(dir, 'cdktf.out', 'stacks', 'demo-shop');
  for (const f of ['cdk.tf.json', 'plan.md', 'plan.json']) expect(fs.existsSync(path.join(stackDir, f))).toBe(true);
  expect(fs.existsSync(path.join(dir, 'terraform.demo-shop.tfstate'))).toBe(true);
  expect(fs.readFileSync(path.join(stackDir, 'plan.md'), 'utf8')).toContain('<!-- cdktf-wecom-plan stack=demo-shop -->');
});
