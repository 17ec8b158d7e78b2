// Preloaded into a spawned CLI (NODE_OPTIONS=--require <this file>) to make crash and race
// windows deterministic without touching src/: it wraps a few node:fs calls on the state's files.
//
// WECOM_TEST_PREEMPT_MS=N   the process is "descheduled" for N ms (a synchronous sleep)
//   - right after it exclusively creates a `*.lock.info` file (before writing into it), and
//   - right before it unlinks a `*.lock.info` file (e.g. taking over a stale lock),
//   which is what a loaded machine may do between two syscalls.
// WECOM_TEST_PAUSE_AT=<point> and WECOM_TEST_PAUSE_DIR=<dir>: at the first <point> of a state
//   compaction the process writes <dir>/paused-<point> and blocks until killed:
//   - backup:         the state's `.backup` is about to be replaced (copyFileSync: after the
//                     destination was truncated, as the copy itself does first; renameSync onto it)
//   - state-rename:   the new state is written to its temp file, not yet renamed over the state
//   - journal-remove: the state is replaced, the journal it covers is not yet removed
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
const preemptMs = Number(process.env.WECOM_TEST_PREEMPT_MS || 0);
const pauseAt = process.env.WECOM_TEST_PAUSE_AT;
const pauseDir = process.env.WECOM_TEST_PAUSE_DIR;

const isLock = (p) => typeof p === 'string' && p.endsWith('.lock.info');
const isState = (p) => typeof p === 'string' && p.endsWith('.tfstate');
const isBackup = (p) => typeof p === 'string' && p.endsWith('.tfstate.backup');
const isJournal = (p) => typeof p === 'string' && p.endsWith('.tfstate.journal');

function pause(point) {
  if (pauseAt !== point || !pauseDir) return;
  fs.writeFileSync(path.join(pauseDir, `paused-${point}`), String(process.pid));
  for (;;) sleep(60_000); // until SIGKILL
}

const exclusive = (flags) => (typeof flags === 'string' ? flags.includes('x') : typeof flags === 'number' && (flags & fs.constants.O_EXCL) !== 0);

const { openSync, unlinkSync, copyFileSync, renameSync, rmSync } = fs;

fs.openSync = function (p, flags, ...rest) {
  const fd = openSync.call(this, p, flags, ...rest);
  if (preemptMs && isLock(String(p)) && exclusive(flags)) sleep(preemptMs);
  return fd;
};

fs.unlinkSync = function (p, ...rest) {
  if (preemptMs && isLock(String(p))) sleep(preemptMs);
  if (isJournal(String(p))) pause('journal-remove');
  return unlinkSync.call(this, p, ...rest);
};

fs.copyFileSync = function (src, dst, ...rest) {
  if (isBackup(String(dst)) && pauseAt === 'backup') {
    fs.closeSync(openSync(dst, 'w'));
    pause('backup');
  }
  return copyFileSync.call(this, src, dst, ...rest);
};

fs.renameSync = function (src, dst, ...rest) {
  if (isBackup(String(dst))) pause('backup');
  if (isState(String(dst))) pause('state-rename');
  return renameSync.call(this, src, dst, ...rest);
};

fs.rmSync = function (p, ...rest) {
  if (isJournal(String(p))) pause('journal-remove');
  return rmSync.call(this, p, ...rest);
};
