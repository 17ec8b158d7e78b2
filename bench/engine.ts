// npm run bench:engine — the engine against the simulator on loopback: for 1,000 and 10,000 app
// chats (50 explicit members each), apply from empty, plan with no changes, and the same plan
// with a naive sequential refresh (concurrency 1), each in a child process of its own; the
// simulator runs in another. Prints wall time, peak memory and API calls vs the minimum.
// Target (2-core machine): a 10,000-chat plan under 15 s making N appchat/get + a constant.
//
//   npm run bench:engine                                    # 1,000 and 10,000, users variant
//   node dist/bench/engine.js --chats 2000 --source departments --no-naive
//   node dist/bench/engine.js --write-docs                  # also rewrite docs/benchmarks.md's section
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { tableOf, writeFigures } from './engine/report';
import { BenchRow, runEngineBench } from './engine/run';
import type { MemberSource } from './engine/scenario';

interface Args { chats: number[]; sources: MemberSource[]; naive: boolean; writeDocs: boolean; json: boolean }

function parseArgs(argv: string[]): Args {
  const val = (flag: string): string | undefined => { const i = argv.indexOf(flag); return i >= 0 ? argv[i + 1] : undefined; };
  return {
    chats: (val('--chats') ?? '1000,10000').split(',').map(Number),
    sources: (val('--source') ?? 'users').split(',') as MemberSource[],
    naive: !argv.includes('--no-naive'),
    writeDocs: argv.includes('--write-docs'),
    json: argv.includes('--json'),
  };
}

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} cores (nproc), ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}, ${new Date().toISOString().slice(0, 10)}`;
}

/** The repository root (this file runs as bench/engine.ts or dist/bench/engine.js). */
function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

const load = (): string => os.loadavg().map((l) => l.toFixed(1)).join(' ');

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const rows: BenchRow[] = [];
  const loadBefore = load();
  for (const source of args.sources) {
    for (const chats of args.chats) {
      await runEngineBench({
        chats, source, mode: 'process', skipNaive: !args.naive,
        onPhase: (r) => {
          rows.push(r);
          if (!args.json) process.stderr.write(`${chats} ${source} ${r.phase}: ${(r.result.planMs + r.result.applyMs) / 1000} s, ${r.perChat.calls} ${r.perChat.endpoint} + ${r.otherCalls} other\n`);
        },
      });
    }
  }
  if (args.json) {
    process.stdout.write(`${JSON.stringify({ machine: machine(), rows }, null, 2)}\n`);
    return;
  }
  const table = tableOf(rows);
  const command = `node dist/bench/engine.js ${process.argv.slice(2).join(' ')}`.trim();
  const figures = `Machine: ${machine()}; load average ${loadBefore} before, ${load()} after (1/5/15 min). Command: \`${command}\`.\n\n${table}`;
  process.stdout.write(`${figures}\n`);
  if (args.writeDocs) writeFigures(path.join(repoRoot(), 'docs', 'benchmarks.md'), figures);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
