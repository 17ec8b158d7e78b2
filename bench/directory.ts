// npm run bench:directory — department resolution at the scale of a real corp: a plan (empty
// state) of 500 app chats drawing members from departments of a generated 100,000-person org,
// with the contacts-sync secret (user/list_id, 10,000 rows a call) and without it
// (user/simplelist per department of the referenced subtrees). The simulator runs in a process
// of its own (`--org-size`), each plan in another. Prints plan time, peak RSS and calls per endpoint.
//
//   npm run bench:directory
//   node dist/bench/directory.js --org-size 20000 --chats 100 --json
import * as os from 'node:os';
import { DirectoryBenchRow, runDirectoryBench } from './directory/run';

function parseArgs(argv: string[]): { orgSize: number; chats: number; json: boolean } {
  const val = (flag: string): string | undefined => { const i = argv.indexOf(flag); return i >= 0 ? argv[i + 1] : undefined; };
  return { orgSize: Number(val('--org-size') ?? 100000), chats: Number(val('--chats') ?? 500), json: argv.includes('--json') };
}

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} cores (nproc), ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}, ${new Date().toISOString().slice(0, 10)}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`;
}

function table(rows: DirectoryBenchRow[]): string {
  const head = ['variant', 'people', 'chats', 'plan wall s', 'engine peak RSS MB', 'engine CPU s', 'sim CPU s', 'sim peak RSS MB', 'calls by endpoint', 'total calls', 'result'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of rows) {
    const x = r.result;
    const calls = Object.entries(r.calls).sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k} ${v}${r.errors[k] ? ` (${Object.entries(r.errors[k]).map(([c, n]) => `${n}× ${c}`).join(', ')})` : ''}`).join(', ');
    const total = Object.values(r.calls).reduce((a, b) => a + b, 0);
    const changes = Object.entries(x.changes).map(([k, v]) => `${v} ${k}`).join(', ') || 'no changes';
    lines.push(`| ${[r.variant, r.orgSize.toLocaleString('en-US'), r.chats, (x.planMs / 1000).toFixed(2), x.maxRssMb, (x.cpuUserS + x.cpuSystemS).toFixed(1),
      r.sim ? (r.sim.cpuUserS + r.sim.cpuSystemS).toFixed(1) : '-', r.sim?.peakRssMb ?? '-', calls, total, changes].join(' | ')} |`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const a = parseArgs(process.argv.slice(2));
  const rows = await runDirectoryBench({ orgSize: a.orgSize, chats: a.chats });
  if (a.json) return void process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  const f = rows[0].facts;
  process.stdout.write(`Machine: ${machine()}\n`);
  process.stdout.write(`Org: ${f.users.toLocaleString('en-US')} people, ${f.departments} departments, ${f.listedPairs.toLocaleString('en-US')} list_id rows; ` +
    `stack names ${f.referenced.length} departments (${f.subtreeDepartments.length} in their subtrees). ` +
    `Simulator start-up ${rows[0].simStartMs} ms (process start included), peak RSS ${rows[0].simStartRssMb ?? '-'} MB.\n\n`);
  process.stdout.write(`${table(rows)}\n`);
}

main().catch((err: unknown) => { process.stderr.write(`${(err as Error).stack ?? String(err)}\n`); process.exitCode = 1; });
