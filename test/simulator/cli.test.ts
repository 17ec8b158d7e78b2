import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { buildDefaultOrg } from '../../src/simulator';
import { ORG } from './helpers';

const ROOT = path.resolve(__dirname, '../..');
/** The launcher package.json names (bin/cdktf-wecom.js, or whatever it is renamed to). */
const BIN = path.join(ROOT, (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin['cdktf-wecom']);
const MAIN_JS = path.join(ROOT, 'dist/src/cli/main.js');

function newestMtime(dir: string): number {
  return fs.readdirSync(dir, { withFileTypes: true }).reduce((max, e) => {
    const p = path.join(dir, e.name);
    return Math.max(max, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }, 0);
}

/** `npm test` builds first (pretest); when run alone with stale output, build once (type errors elsewhere do not block emit). */
function ensureBuilt(): void {
  const src = Math.max(newestMtime(path.join(ROOT, 'src/simulator')), newestMtime(path.join(ROOT, 'src/cli')));
  if (fs.existsSync(MAIN_JS) && fs.statSync(MAIN_JS).mtimeMs >= src && fs.existsSync(path.join(ROOT, 'dist/src/simulator/index.js'))) return;
  try {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', ROOT], { cwd: ROOT, stdio: 'ignore' });
  } catch {
    // emitted anyway unless the errors are fatal; the spawn below tells
  }
}

interface Started { child: ChildProcessWithoutNullStreams; lines: string[]; firstLine: string }

function startCli(args: string[]): Promise<Started> {
  const child = spawn(process.execPath, [BIN, 'simulator', ...args], { cwd: ROOT });
  const lines: string[] = [];
  const rl = readline.createInterface({ input: child.stdout });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += String(d)));
  return new Promise((resolve, reject) => {
    rl.on('line', (line) => {
      lines.push(line);
      if (line.startsWith('inspect: ')) resolve({ child, lines, firstLine: lines[0] });
    });
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}: ${stderr}`)));
  });
}

function stop(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

describe('cdktf-wecom simulator (CLI)', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  it('prints the API base URL as its first line, serves, and exits cleanly on SIGTERM', async () => {
    const { child, lines, firstLine } = await startCli(['--port', '0']);
    try {
      expect(firstLine).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/cgi-bin\/$/);
      expect(lines).toContain(`corp id: ${ORG.corpId}`);
      expect(lines.join('\n')).toContain(ORG.agents.main.secret); // the built-in org's public fake
      const res = await fetch(`${firstLine}gettoken?corpid=${ORG.corpId}&corpsecret=${ORG.agents.main.secret}`);
      const json = (await res.json()) as { errcode: number; access_token: string };
      expect(json.errcode).toBe(0);
      const dept = await fetch(`${firstLine}department/get?id=1&access_token=${json.access_token}`);
      expect(((await dept.json()) as { department: { name: string } }).department.name).toBe('模拟科技');
    } finally {
      expect(await stop(child)).toBe(0);
    }
  });

  it('never prints secrets from a seed file; persists with --data', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wecom-cli-'));
    try {
      const seed = buildDefaultOrg();
      seed.corp.agents[0].secret = 'seed-file-secret-do-not-print';
      fs.writeFileSync(path.join(dir, 'seed.json'), JSON.stringify(seed));
      const data = path.join(dir, 'state.json');
      const { child, lines, firstLine } = await startCli(['--port', '0', '--seed', path.join(dir, 'seed.json'), '--data', data, '--token-ttl', '60']);
      try {
        expect(lines.join('\n')).not.toContain('seed-file-secret-do-not-print');
        const tok = await fetch(`${firstLine}gettoken?corpid=${ORG.corpId}&corpsecret=seed-file-secret-do-not-print`);
        expect(((await tok.json()) as { expires_in: number }).expires_in).toBe(60);
      } finally {
        expect(await stop(child)).toBe(0);
      }
      expect(JSON.parse(fs.readFileSync(data, 'utf8')).corp.id).toBe(ORG.corpId);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails with a message naming the field for an invalid seed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wecom-cli-'));
    try {
      const seed = buildDefaultOrg();
      seed.users[0].department = [999];
      fs.writeFileSync(path.join(dir, 'seed.json'), JSON.stringify(seed));
      await expect(startCli(['--port', '0', '--seed', path.join(dir, 'seed.json')])).rejects.toThrow(/users\[0\]\.department\[0\]: department 999 does not exist/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--limit overrides any limit; an unknown name is refused', async () => {
    const { child, firstLine } = await startCli(['--port', '0', '--limit', 'chatCreatesPerDay=1']);
    try {
      const tok = (await (await fetch(`${firstLine}gettoken?corpid=${ORG.corpId}&corpsecret=${ORG.agents.main.secret}`)).json()) as { access_token: string };
      const create = async (chatid: string) => ((await (await fetch(`${firstLine}appchat/create?access_token=${tok.access_token}`, {
        method: 'POST', body: JSON.stringify({ chatid, name: 'x', owner: 'zhangsan', userlist: ['zhangsan', 'lisi'] }),
      })).json()) as { errcode: number }).errcode;
      expect(await create('limitone')).toBe(0);
      expect(await create('limittwo')).toBe(45009);
    } finally {
      expect(await stop(child)).toBe(0);
    }
    await expect(startCli(['--port', '0', '--limit', 'nonsense=3'])).rejects.toThrow(/NAME=VALUE with NAME one of .*chatCreatesPerDay/);
  });
});
