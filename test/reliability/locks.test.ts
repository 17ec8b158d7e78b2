// Issue 9, item 7, races: several `apply` runs start at once on one state, for a fresh lock and
// for a stale one (a lock file whose pid is dead). Exactly one may do the work; the others fail
// naming the holder; nothing is created twice. test/helpers/preempt.js deschedules each run for
// a while between creating the lock file and writing its holder, and before unlinking a lock
// (as a loaded machine may), so the windows are open on every run, not by luck. A gate in front of
// the simulator holds every appchat/create until each racer has either exited or reached its own
// create, so the winner cannot finish before its rivals tried the lock (and a broken lock shows
// up as more than one create), with no timing involved.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CliResult } from '../helpers/cli-project';
import { buildWorld, observe, openCase, stateMatchesLive, World } from '../helpers/failure-world';
import { startGate, waitFor } from '../helpers/sim-http';

const PREEMPT = path.resolve(__dirname, '..', 'helpers', 'preempt.js');
const RACERS = 4;

let world: World;
beforeAll(async () => { world = await buildWorld(); }, 120_000);

function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

async function race(stale: boolean): Promise<void> {
  const c = await openCase(world);
  try {
    const lockFile = `${c.statePath}.lock.info`;
    if (stale) {
      fs.writeFileSync(lockFile, JSON.stringify({
        ID: 'dead-run', Operation: 'apply', Who: `${os.userInfo().username}@${os.hostname()}`, Version: '0',
        Created: new Date(0).toISOString(), Path: c.statePath, Host: os.hostname(), Pid: deadPid(),
      }));
    }
    c.env.NODE_OPTIONS = `--require ${PREEMPT}`;
    c.env.WECOM_TEST_PREEMPT_MS = '400';
    const gate = await startGate(c.sim, (p) => p === 'appchat/create');
    c.env.WECOM_API_BASE = gate.url;
    let results: CliResult[];
    try {
      let exited = 0;
      const runs = Array.from({ length: RACERS }, () => c.run(['apply', '--auto-approve', '--no-synth']).finally(() => { exited++; }));
      await waitFor('every racer to exit or reach its create', () => exited + gate.held('appchat/create') >= RACERS, 2400);
      gate.open();
      results = await Promise.all(runs);
    } finally {
      await gate.close();
    }
    const report = results.map((r, i) => `#${i} exit ${r.code ?? r.signal}: ${`${r.stdout}\n${r.stderr}`.trim().split('\n').filter((l) => /created|updated|Error|Apply/.test(l)).join(' / ')}`).join('\n');
    // Exactly one run did the work; every other one stopped at the lock, naming the holder.
    const workers = results.filter((r) => /: (created|updated)$/m.test(r.stdout + r.stderr));
    const locked = results.filter((r) => r.code === 1 && /is locked by/.test(r.stderr));
    expect({ workers: workers.length, locked: locked.length, report }).toEqual({ workers: 1, locked: RACERS - 1, report });
    expect(workers[0].code).toBe(0);
    // Nothing created twice: one appchat/create call for c3 (a second would have met 86215).
    const calls = await c.http.calls();
    expect({ creates: calls.counts['appchat/create']?.calls, report }).toEqual({ creates: 1, report });
    const o = await observe(c);
    expect({ lockLeft: o.lockLeft, journalLeft: o.journalLeft, problems: stateMatchesLive(world, o) }).toEqual({ lockLeft: false, journalLeft: false, problems: [] });
  } finally {
    await c.close();
  }
}

test(`${RACERS} applies racing for a fresh lock: exactly one proceeds, no duplicate creates`, () => race(false), 120_000);
test(`${RACERS} applies racing to take over a stale lock (dead pid): exactly one proceeds, no duplicate creates`, () => race(true), 120_000);

// Terraform's local backend locks the state file itself with fcntl(F_SETLK) and names its holder in
// `.<state>.lock.info`. perl stands in for Terraform here (the same fcntl call; perl ships with
// every Debian/Ubuntu base system): it takes, or tries, the lock exactly as Terraform would.
const FLOCK = 'pack("s s x4 q q l x4", F_WRLCK, SEEK_SET, 0, 0, 0)';
const TRY_LOCK = `use Fcntl; open(my $fh, "+<", $ARGV[0]) or die "open: $!"; print fcntl($fh, F_SETLK, ${FLOCK}) ? "free" : "busy";`;
const HOLD_LOCK = `use Fcntl; $|=1; open(my $fh, "+<", $ARGV[0]) or die "open: $!"; fcntl($fh, F_SETLK, ${FLOCK}) or die "lock: $!"; print "held\\n"; <STDIN>;`;

const terraformWouldGet = (stateFile: string) => spawnSync('perl', ['-e', TRY_LOCK, stateFile], { encoding: 'utf8' }).stdout;

test("Terraform holding the state's lock (fcntl + its lock info): apply refuses, naming Terraform's holder, and writes nothing", async () => {
  const c = await openCase(world);
  const holder = spawn('perl', ['-e', HOLD_LOCK, c.statePath], { stdio: ['pipe', 'pipe', 'inherit'] });
  try {
    await new Promise<void>((resolve, reject) => { holder.stdout.once('data', () => resolve()); holder.once('exit', (code) => reject(new Error(`perl exited ${code}`))); });
    const tfInfo = path.join(c.dir, '.terraform.proj.tfstate.lock.info');
    fs.writeFileSync(tfInfo, JSON.stringify({ ID: 'tf-lock-1', Operation: 'OperationTypeApply', Info: '', Who: 'terraform-user@ci', Version: '1.11.4', Created: new Date().toISOString(), Path: 'terraform.proj.tfstate' }));
    const r = await c.run(['apply', '--auto-approve', '--no-synth']);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 1, stderr: expect.stringMatching(/lock[^\n]*terraform-user@ci|terraform-user@ci[^\n]*lock/i) });
    const calls = await c.http.calls();
    expect(Object.keys(calls.counts).filter((p) => /appchat\/(create|update)/.test(p))).toEqual([]);
    expect(fs.existsSync(`${c.statePath}.lock.info`)).toBe(false);
    // Terraform is done: its fcntl lock goes with it (the info file it would remove too).
    holder.stdin.end();
    await new Promise((resolve) => holder.once('exit', resolve));
    fs.rmSync(tfInfo);
    expect((await c.run(['apply', '--auto-approve', '--no-synth'])).code).toBe(0);
  } finally {
    holder.kill();
    await c.close();
  }
}, 120_000);

test('while apply holds our lock, Terraform cannot take its own on the same state; it can once apply is done', async () => {
  const c = await openCase(world);
  const gate = await startGate(c.sim, (p) => p === 'appchat/create');
  try {
    c.env.WECOM_API_BASE = gate.url;
    let exited = false;
    const running = c.run(['apply', '--auto-approve', '--no-synth']).finally(() => { exited = true; });
    await waitFor('apply to reach its create', () => exited || gate.held('appchat/create') > 0, 2400);
    expect(exited).toBe(false);
    expect(terraformWouldGet(c.statePath)).toBe('busy');
    const tfInfo = path.join(c.dir, '.terraform.proj.tfstate.lock.info');
    expect(fs.existsSync(tfInfo)).toBe(true); // Terraform's error would name this run
    gate.open();
    expect((await running).code).toBe(0);
    expect(terraformWouldGet(c.statePath)).toBe('free');
    expect(fs.existsSync(tfInfo)).toBe(false);
  } finally {
    gate.open();
    await gate.close();
    await c.close();
  }
}, 120_000);
