// The child processes every benchmark runs: the simulator (sim-process) and a plan or apply
// (phase), each in a process of its own so its time and memory are its own.
import { ChildProcess, fork, spawn } from 'node:child_process';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import type { PhaseResult, PhaseSpec } from './phase';
import type { SimStats } from './sim-process';

/** A simulator handle: its URL, HTTP inspection, and (process mode) its own stats. */
export interface SimHandle { url: string; origin: string; stats(): Promise<SimStats | undefined>; close(): Promise<void> }

/** Child processes run this folder's files; BENCH_NODE_ARGS adds node flags (e.g. `--cpu-prof`). */
function childArgs(file: string): { script: string; execArgv: string[] } {
  const ext = path.extname(__filename);
  const extra = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  return { script: path.join(__dirname, `${file}${ext}`), execArgv: [...(ext === '.ts' ? ['-r', 'ts-node/register/transpile-only'] : []), ...extra] };
}

/** sim-process with its arguments (limits JSON, org size); resolves once it prints its URL. */
export async function startSimProcess(args: string[]): Promise<SimHandle> {
  const { script, execArgv } = childArgs('sim-process');
  const child = fork(script, args, { execArgv, stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`simulator process exited (${code}) before printing its URL`)));
    createInterface({ input: child.stdout! }).once('line', resolve);
  });
  const stats = () => new Promise<SimStats>((resolve) => {
    const on = (m: { type?: string; stats?: SimStats }) => { if (m?.type === 'stats') { child.off('message', on); resolve(m.stats!); } };
    child.on('message', on);
    child.send({ type: 'stats' });
  });
  return { url, origin: new URL(url).origin, stats, close: () => stopChild(child) };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => { child.once('exit', () => resolve()); child.kill('SIGTERM'); });
}

/** One phase (plan or apply) in a process of its own; its result is the last line it prints. */
export function phaseProcess(spec: PhaseSpec): Promise<PhaseResult> {
  const { script, execArgv } = childArgs('phase');
  const child = spawn(process.execPath, [...execArgv, script, JSON.stringify(spec)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`${spec.kind} (concurrency ${spec.concurrency}) exited with ${code}`));
      resolve(JSON.parse(out.trim().split('\n').pop()!) as PhaseResult);
    });
  });
}
