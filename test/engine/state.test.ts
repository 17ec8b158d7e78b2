import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import {
  acquireLock, emptyState, lockFileOf, readState, recoverState, StateFormatError, StateLockedError, StateWriter, writeState,
} from '../../src/engine/state';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'wecom-state-'));

describe('state file', () => {
  test('writeState bumps the serial, keeps lineage, and round-trips', () => {
    const file = path.join(tmp(), 'terraform.proj.tfstate');
    const s0 = emptyState();
    const s1 = writeState(file, s0);
    expect(s1.serial).toBe(1);
    const back = readState(file)!;
    expect(back.lineage).toBe(s0.lineage);
    expect(back.serial).toBe(1);
    writeState(file, back);
    expect(readState(file)!.serial).toBe(2);
    expect(JSON.parse(fs.readFileSync(`${file}.backup`, 'utf8')).serial).toBe(1);
  });

  test('a missing file reads as undefined', () => {
    expect(readState(path.join(tmp(), 'none.tfstate'))).toBeUndefined();
  });

  test.each([
    ['truncated', (t: string) => t.slice(0, t.length / 2)],
    ['wrong version', (t: string) => t.replace('"version": 4', '"version": 3')],
    ['no lineage', (t: string) => t.replace(/"lineage": "[^"]+"/, '"lineage": ""')],
    ['resources not a list', (t: string) => t.replace('"resources": []', '"resources": {}')],
  ])('a %s state file is refused and left untouched', (_name, mangle) => {
    const file = path.join(tmp(), 'terraform.proj.tfstate');
    writeState(file, emptyState());
    const broken = mangle(fs.readFileSync(file, 'utf8'));
    fs.writeFileSync(file, broken);
    expect(() => readState(file)).toThrow(StateFormatError);
    expect(() => readState(file)).toThrow(/not a valid Terraform state/);
    expect(fs.readFileSync(file, 'utf8')).toBe(broken);
  });
});

describe('state lock', () => {
  test('a second holder fails fast and names the first', () => {
    const file = path.join(tmp(), 'terraform.proj.tfstate');
    const lock = acquireLock(file, 'apply');
    try {
      // Simulate another live process holding it: rewrite the pid to our parent's (alive).
      const info = JSON.parse(fs.readFileSync(lockFileOf(file), 'utf8'));
      fs.writeFileSync(lockFileOf(file), JSON.stringify({ ...info, Pid: process.ppid }));
      let err: unknown;
      try { acquireLock(file, 'plan'); } catch (e) { err = e; }
      expect(err).toBeInstanceOf(StateLockedError);
      expect((err as Error).message).toContain(`pid ${process.ppid}`);
      expect((err as Error).message).toContain('apply since');
    } finally {
      fs.unlinkSync(lockFileOf(file));
    }
    lock.release();
  });

  test('release removes only our own lock', () => {
    const file = path.join(tmp(), 'terraform.proj.tfstate');
    const lock = acquireLock(file, 'apply');
    expect(fs.existsSync(lockFileOf(file))).toBe(true);
    lock.release();
    expect(fs.existsSync(lockFileOf(file))).toBe(false);
  });

  test('a lock left by a dead process is taken over', async () => {
    const file = path.join(tmp(), 'terraform.proj.tfstate');
    const child = spawn(process.execPath, ['-e', '0']);
    const deadPid = child.pid!;
    await new Promise((r) => child.on('exit', r));
    const lock = acquireLock(file, 'apply');
    const info = JSON.parse(fs.readFileSync(lockFileOf(file), 'utf8'));
    fs.writeFileSync(lockFileOf(file), JSON.stringify({ ...info, ID: 'old', Pid: deadPid }));
    const second = acquireLock(file, 'apply');
    expect(second.tookOver?.Pid).toBe(deadPid);
    second.release();
    lock.release();
  });
});

describe('state lock beside Terraform', () => {
  /** Holds an fcntl lock on `file` and writes Terraform's lock info, as `terraform apply` does while it runs. */
  const terraformHolds = async (file: string, info: Record<string, string>) => {
    fs.writeFileSync(path.join(path.dirname(file), `.${path.basename(file)}.lock.info`), JSON.stringify(info));
    const child = spawn('perl', ['-e', 'use Fcntl; $|=1; open(my $f, "+<", $ARGV[0]) or exit 2; fcntl($f, F_SETLK, pack("s s x4 q q l x4", F_WRLCK, SEEK_SET, 0, 0, 0)) or exit 3; print "ok\n"; <STDIN>;', file], { stdio: ['pipe', 'pipe', 'inherit'] });
    await new Promise((r) => child.stdout.once('data', r));
    return () => new Promise((r) => { child.on('exit', r); child.stdin.end(); });
  };
  const tfInfo = { ID: 'tf-lock-1', Operation: 'OperationTypeApply', Info: '', Who: 'ci@runner', Version: '1.11.4', Created: '2026-11-30T04:26:13.87Z', Path: 'terraform.proj.tfstate' };

  test('a state Terraform holds is refused, naming Terraform and its holder', async () => {
    const file = path.join(tmp(), 'terraform.proj.tfstate');
    writeState(file, emptyState());
    const release = await terraformHolds(file, tfInfo);
    try {
      expect(() => acquireLock(file, 'apply')).toThrow(/locked by Terraform: ci@runner \(OperationTypeApply since 2026-11-30T04:26:13.87Z, lock id tf-lock-1\)/);
      expect(fs.existsSync(lockFileOf(file))).toBe(false);
    } finally {
      await release();
    }
  });

  test('Terraform lock info with no fcntl lock behind it (a crashed Terraform) is ignored, as Terraform does', () => {
    const file = path.join(tmp(), 'terraform.proj.tfstate');
    writeState(file, emptyState());
    fs.writeFileSync(path.join(path.dirname(file), '.terraform.proj.tfstate.lock.info'), JSON.stringify(tfInfo));
    const lock = acquireLock(file, 'apply');
    lock.release();
  });

  test('while we hold the lock, the state file carries an fcntl lock Terraform sees, and our lock info for it', async () => {
    const file = path.join(tmp(), 'terraform.proj.tfstate');
    writeState(file, emptyState());
    const { posixLockOn } = jest.requireActual('../../src/engine/state/terraform-lock');
    const lock = acquireLock(file, 'apply');
    try {
      for (let i = 0; i < 100 && posixLockOn(file) !== 'held'; i++) await new Promise((r) => setTimeout(r, 20));
      expect(posixLockOn(file)).toBe('held');
      const info = JSON.parse(fs.readFileSync(path.join(path.dirname(file), '.terraform.proj.tfstate.lock.info'), 'utf8'));
      expect(info).toMatchObject({ ID: lock.info.ID, Operation: 'OperationTypeApply' });
      // The state is rewritten (a new inode): the lock follows it.
      writeState(file, readState(file)!);
      for (let i = 0; i < 100 && posixLockOn(file) !== 'held'; i++) await new Promise((r) => setTimeout(r, 20));
      expect(posixLockOn(file)).toBe('held');
    } finally {
      lock.release();
    }
    for (let i = 0; i < 100 && posixLockOn(file) === 'held'; i++) await new Promise((r) => setTimeout(r, 20));
    expect(posixLockOn(file)).toBe('free');
    expect(fs.existsSync(path.join(path.dirname(file), '.terraform.proj.tfstate.lock.info'))).toBe(false);
  });

  test('the lock file is never visible without its holder: no empty file, no temp files left', () => {
    const file = path.join(tmp(), 'terraform.proj.tfstate');
    const lock = acquireLock(file, 'plan');
    expect(JSON.parse(fs.readFileSync(lockFileOf(file), 'utf8')).ID).toBe(lock.info.ID);
    lock.release();
    expect(fs.readdirSync(path.dirname(file)).filter((f) => f.includes('.tmp') || f.includes('lock'))).toEqual([]);
  });
});

describe('state journal', () => {
  test('growing from empty, the state file is rewritten at 1, 2, 4, 8, ... resources (O(log n)), never only at the end', async () => {
    const file = path.join(tmp(), 'terraform.proj.tfstate');
    const w = new StateWriter(file, undefined);
    const serials: number[] = [];
    for (let i = 0; i < 100; i++) {
      await w.record('managed', 'wecom_tag', `t${i}`, { id: String(i) });
      serials.push(JSON.parse(fs.readFileSync(file, 'utf8')).resources.length);
    }
    // What is on disk in the state file itself (Terraform reads only that) after each create.
    expect([...new Set(serials)]).toEqual([1, 2, 4, 8, 16, 32, 64]);
    expect(w.flush().resources).toHaveLength(100);
  });

  test('a temp file left by a killed writer is removed by the next run under the lock', () => {
    const file = path.join(tmp(), 'terraform.proj.tfstate');
    writeState(file, emptyState());
    const child = require('node:child_process').spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const deadPid = Number(String(child.stdout));
    const leftover = path.join(path.dirname(file), `.terraform.proj.tfstate.${deadPid}.1764470000000.tmp`);
    fs.writeFileSync(leftover, '{"half');
    const { journalFileOf } = jest.requireActual('../../src/engine/state');
    fs.writeFileSync(journalFileOf(file), '');
    recoverState(file);
    expect(fs.existsSync(leftover)).toBe(false);
  });

  const { journalFileOf } = jest.requireActual('../../src/engine/state');

  test('operations are durable before compaction; a crash leaves a journal that readers replay and recovery compacts', async () => {
    const file = path.join(tmp(), 'terraform.proj.tfstate');
    const base = writeState(file, emptyState());
    const w = new StateWriter(file, base, { flushEvery: 100 });
    await w.record('managed', 'wecom_tag', 'a', { id: '1', tag_name: 'a' });
    await w.record('managed', 'wecom_tag', 'b', { id: '2', tag_name: 'b' });
    await w.record('managed', 'wecom_tag', 'a', null);
    // "Crash": never flushed. The file still holds the old state; the journal holds the ops.
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).resources).toEqual([]);
    expect(readState(file)!.resources.map((r) => r.name)).toEqual(['b']);
    // A torn last line (crash mid-append) is ignored.
    fs.appendFileSync(journalFileOf(file), '{"mode":"managed","type":"wecom_tag","name":"c","att');
    expect(readState(file)!.resources.map((r) => r.name)).toEqual(['b']);
    expect(recoverState(file)).toBe(true);
    expect(fs.existsSync(journalFileOf(file))).toBe(false);
    const after = readState(file)!;
    expect(after.resources.map((r) => r.name)).toEqual(['b']);
    expect(after.serial).toBe(base.serial + 1);
  });

  test('a journal of another state (lineage or serial) is not replayed', async () => {
    const file = path.join(tmp(), 'terraform.proj.tfstate');
    const base = writeState(file, emptyState());
    const w = new StateWriter(file, base, { flushEvery: 100 });
    await w.record('managed', 'wecom_tag', 'a', { id: '1' });
    writeState(file, base); // someone else moved the state on
    expect(readState(file)!.resources).toEqual([]);
  });

  test('flush writes everything and removes the journal', async () => {
    const file = path.join(tmp(), 'terraform.proj.tfstate');
    const w = new StateWriter(file, undefined, { flushEvery: 100 });
    await w.record('managed', 'wecom_tag', 'a', { id: '1' });
    const s = w.flush();
    expect(s.resources).toHaveLength(1);
    expect(fs.existsSync(journalFileOf(file))).toBe(false);
    expect(readState(file)!.resources).toHaveLength(1);
  });
});
