// The CLI process's life: a command's exit code is the only thing CI reads, so it must never be
// 0 unless the command finished. Three guards make that hold by construction:
// - the event loop draining while the command is still pending (a promise nothing will settle)
//   exits 1 with an error line instead of Node's silent 0;
// - an unhandled rejection anywhere makes the final exit code 1, with an error line;
// - SIGINT/SIGTERM go to the running command's interrupt handler when it has one (apply stops
//   gracefully); otherwise the process releases what it holds (state locks) and exits 130/143.
// Resources that must not outlive the process (state locks) register a cleanup (src/cli/lifecycle.ts).
import { currentInterruptHandler, installGuard, runCleanups, signalExitCode } from '../lifecycle';
import { main } from './main';

const write = (s: string) => { try { process.stderr.write(s); } catch { /* stderr closed */ } };

/** Entry point of bin/cdktf-wecom: runs the CLI and owns the exit code. */
export function runProcess(argv: string[]): void {
  installGuard();
  let finished = false;
  let failed = false;
  let signals = 0;
  const command = argv.find((a) => !a.startsWith('-')) ?? '';

  process.on('unhandledRejection', (reason) => {
    failed = true;
    write(`Error: internal: an operation failed and nothing handled it: ${reason instanceof Error ? reason.message : String(reason)}\n`);
    if (process.env.CDKTF_WECOM_DEBUG && reason instanceof Error && reason.stack) write(reason.stack + '\n');
  });
  process.on('beforeExit', () => {
    if (finished) return;
    finished = true;
    write(`Error: cdktf-wecom ${command} stopped before it finished: it was left waiting on work that can never complete. ` +
      'This is a bug; nothing after this point was done. Re-run with CDKTF_WECOM_DEBUG=1 and report it.\n');
    process.exitCode = 1;
  });
  process.on('exit', runCleanups);
  const onSignal = (s: NodeJS.Signals) => {
    signals++;
    const handler = currentInterruptHandler();
    if (handler && signals === 1) { handler(s); return; }
    if (signals === 1) write(`\nReceived ${s}: stopping; nothing was changed by the part of the run that did not finish.\n`);
    process.exit(signalExitCode(s));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  main(argv).then(
    (code) => { finished = true; process.exitCode = failed && code === 0 ? 1 : code; },
    (err: unknown) => {
      finished = true;
      write(`Error: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
