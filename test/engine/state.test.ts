import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import {
  acquireLock, emptyState, lockFileOf, readState, StateFormatError, StateLockedError, writeState,
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

describe('state journal', () => {
  const { StateWriter, journalFileOf, recoverState } = jest.requireActual('../../src/engine/state');

  test('operations are durable before compaction; a crash leaves a journal that readers replay and recovery compacts', () => {
    const file = path.join(tmp(), 'terraform.proj.tfstate');
    const base = writeState(file, emptyState());
    const w = new StateWriter(file, base, { flushEvery: 100 });
    w.record('managed', 'wecom_tag', 'a', { id: '1', tag_name: 'a' });
    w.record('managed', 'wecom_tag', 'b', { id: '2', tag_name: 'b' });
    w.record('managed', 'wecom_tag', 'a', null);
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

  test('a journal of another state (lineage or serial) is not replayed', () => {
    const file = path.join(tmp(), 'terraform.proj.tfstate');
    const base = writeState(file, emptyState());
    const w = new StateWriter(file, base, { flushEvery: 100 });
    w.record('managed', 'wecom_tag', 'a', { id: '1' });
    writeState(file, base); // someone else moved the state on
    expect(readState(file)!.resources).toEqual([]);
  });

  test('flush writes everything and removes the journal', () => {
    const file = path.join(tmp(), 'terraform.proj.tfstate');
    const w = new StateWriter(file, undefined, { flushEvery: 100 });
    w.record('managed', 'wecom_tag', 'a', { id: '1' });
    const s = w.flush();
    expect(s.resources).toHaveLength(1);
    expect(fs.existsSync(journalFileOf(file))).toBe(false);
    expect(readState(file)!.resources).toHaveLength(1);
  });
});
