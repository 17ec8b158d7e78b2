// Apply progress: a bar redrawn in place on a TTY, plain lines otherwise (CI logs).
import pc from 'picocolors';
import type { ApplyEvent } from '../engine/apply';

const VERB: Record<string, [string, string]> = {
  create: ['Creating', 'Created'], update: ['Updating', 'Updated'], replace: ['Replacing', 'Replaced'],
  delete: ['Destroying', 'Destroyed'], forget: ['Forgetting', 'Forgot'], read: ['Reading', 'Read'], 'no-op': ['', ''],
};

/** `stack` prefixes every line, when several stacks are applied in one run. */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr, stack?: string): (e: ApplyEvent) => void {
  const prefix = stack ? `[${stack}] ` : '';
  const tty = !!stream.isTTY;
  let total = 0;
  let finished = 0;
  let current = '';
  const bar = () => {
    const width = 30;
    const filled = total ? Math.round((finished / total) * width) : width;
    stream.write(`\r\x1b[2K[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${finished}/${total} ${current}`.slice(0, (stream.columns ?? 120) + 8));
  };
  const line = (s: string) => {
    if (tty) stream.write('\r\x1b[2K');
    stream.write(prefix + s + '\n');
    if (tty) bar();
  };
  return (e) => {
    switch (e.type) {
      case 'begin': total = e.total; if (tty) bar(); break;
      case 'start': current = `${VERB[e.kind][0]} ${e.address}`; if (tty) bar(); else line(`${e.address}: ${VERB[e.kind][0].toLowerCase()}...`); break;
      case 'done': finished++; line(`${e.address}: ${VERB[e.kind][1].toLowerCase()}`); break;
      case 'failed': finished++; line((tty ? pc.red : String)(`FAILED: ${e.error.message.startsWith(e.address) ? '' : `${e.address}: `}${e.error.message}`)); break;
      case 'output': line(`${e.address} (local-exec): ${e.line}`); break;
    }
    if (tty && finished === total && e.type !== 'begin') stream.write('\r\x1b[2K');
  };
}
