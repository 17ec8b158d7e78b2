// npm run bench:stacks — many stacks, one corp: 50 stacks x 20 app chats (1,000 chats) already
// applied, then a no-change plan over all stacks in ONE `cdktf-wecom` run vs 50 separate
// `--stack` runs (as 50 CI jobs would), and the one-run plan and a small apply with state in
// local files vs PostgreSQL (cdktf's PgBackend, a schema per stack). The simulator runs in a
// process of its own, every CLI run in a fresh process; prints wall time, peak RSS and API calls
// by endpoint. Every run must exit 0, or there is no figure. Needs the PostgreSQL server
// binaries for the pg part (as the tests do; --no-pg skips it). The one-run phases run 3 times
// (--rounds), alternating local and pg; medians reported. About 2 minutes on 2 cores.
//
//   npm run bench:stacks
//   node dist/bench/stacks.js --stacks 10 --chats 5 --no-pg --rounds 1
//   node dist/bench/stacks.js --write-docs        # also rewrite docs/benchmarks.md's figures
import * as os from 'node:os';
import * as path from 'node:path';
import { backendTable, callsTable, writeFigures } from './stacks/report';
import { repoRoot, runStacksBench } from './stacks/run';

function parseArgs(argv: string[]) {
  const val = (flag: string): string | undefined => { const i = argv.indexOf(flag); return i >= 0 ? argv[i + 1] : undefined; };
  return {
    stacks: Number(val('--stacks') ?? 50),
    chats: Number(val('--chats') ?? 20),
    pg: !argv.includes('--no-pg'),
    separate: !argv.includes('--no-separate'),
    rounds: Number(val('--rounds') ?? 3),
    writeDocs: argv.includes('--write-docs'),
    json: argv.includes('--json'),
  };
}

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} cores (nproc), ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}, ${new Date().toISOString().slice(0, 10)}`;
}

const load = (): string => os.loadavg().map((l) => l.toFixed(1)).join(' ');

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const loadBefore = load();
  const result = await runStacksBench({
    stacks: args.stacks, chatsPerStack: args.chats, pg: args.pg, separate: args.separate, rounds: args.rounds, mode: 'process',
    log: (line) => process.stderr.write(`${line}\n`),
  });
  if (args.json) {
    process.stdout.write(`${JSON.stringify({ machine: machine(), ...result }, null, 2)}\n`);
    return;
  }
  const command = `node dist/bench/stacks.js ${process.argv.slice(2).join(' ')}`.trim();
  const setup = result.setup.map((x) => `${x.backend} ${(x.wallMs / 1000).toFixed(1)} s`).join(', ');
  const figures = [
    `Machine: ${machine()}; load average ${loadBefore} before, ${load()} after (1/5/15 min)${result.postgres ? `; ${result.postgres}` : ''}. ` +
    `Command: \`${command}\`. ${result.stacks} stacks × ${result.chatsPerStack} chats = ${(result.stacks * result.chatsPerStack).toLocaleString('en-US')} chats; setup (not measured): ${setup}.`,
    callsTable(result),
    backendTable(result),
  ].join('\n\n');
  process.stdout.write(`${figures}\n`);
  if (args.writeDocs) writeFigures(path.join(repoRoot(), 'docs', 'benchmarks.md'), figures);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
