// Process-wide registries the CLI's commands and the engine's locks use: cleanups that must run
// however the process ends (state locks), and who handles SIGINT/SIGTERM (apply stops gracefully;
// a server stops). src/cli/process.ts installs the guard that drives them.

type Cleanup = () => void;
type InterruptHandler = (signal: NodeJS.Signals) => void;

const cleanups = new Set<Cleanup>();
const interruptHandlers: InterruptHandler[] = [];
/** False when the CLI runs in-process (tests call main()): handlers then attach to the signals directly. */
let guardInstalled = false;

/** Called once by the process guard (bin/cdktf-wecom): signals then go to the registered handlers. */
export function installGuard(): void { guardInstalled = true; }

/** Runs `fn` when the process exits for any reason short of SIGKILL; returns the unregister. */
export function onProcessExit(fn: Cleanup): () => void {
  cleanups.add(fn);
  return () => { cleanups.delete(fn); };
}

/** While registered, SIGINT/SIGTERM call `fn` instead of exiting; a second signal exits at once. */
export function onInterrupt(fn: InterruptHandler): () => void {
  if (!guardInstalled) {
    process.on('SIGINT', fn);
    process.on('SIGTERM', fn);
    return () => { process.off('SIGINT', fn); process.off('SIGTERM', fn); };
  }
  interruptHandlers.push(fn);
  return () => {
    const i = interruptHandlers.indexOf(fn);
    if (i >= 0) interruptHandlers.splice(i, 1);
  };
}

export const signalExitCode = (s: NodeJS.Signals): number => (s === 'SIGTERM' ? 143 : 130);

export function runCleanups(): void {
  for (const fn of [...cleanups]) {
    try { fn(); } catch { /* best effort: the process is ending */ }
  }
  cleanups.clear();
}

/** The handler registered last, if any (the running command's). */
export function currentInterruptHandler(): InterruptHandler | undefined {
  return interruptHandlers[interruptHandlers.length - 1];
}
