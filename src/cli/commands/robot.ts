// `cdktf-wecom robot send`: posts one message through a group robot's webhook. Announcements
// (GroupRobot.announce) run it from a local-exec provisioner:
//   cdktf-wecom robot send --key-env NAME --message-env WECOM_MESSAGE_B64
// The key is read from the environment variable NAME and never printed, not even in errors.
// Exit 0 only when WeCom accepted the message (errcode 0). A robot takes 20 messages a minute,
// shared by every process posting through it: over that WeCom answers 45009 and this command
// waits for the window (asking again after growing pauses) for at most --max-wait seconds.
// -1 (busy) is retried with backoff; anything permanent (93000 bad key, 93004 disabled, ...)
// fails at once. A failure is one line naming the key's variable, the errcode, what it means
// and the number of attempts, and exit code 1.
import * as fs from 'node:fs';
import { InvalidArgumentError } from 'commander';
import type { Command } from 'commander';
import { RobotClient, WecomError } from '../../client';
import type { RobotMessage } from '../../wecom/types';
import { clientTuning } from '../../engine/runtime';
import { action, out } from '../context';

interface SendFlags {
  keyEnv: string; messageEnv?: string; messageFile?: string; text?: string; markdown?: string; mention?: string[]; apiBase?: string;
  maxWait: number;
}

/** Default --max-wait: two of WeCom's minutes, so a message queued behind a full window gets through. */
export const DEFAULT_MAX_WAIT_S = 120;

function seconds(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected a number of seconds >= 0');
  return n;
}

/** The one error line: which robot (by variable), what WeCom said and meant, how many attempts. */
export function sendFailure(keyEnv: string, err: unknown): Error {
  const what = err instanceof Error ? err.message : String(err);
  const attempts = err instanceof WecomError && err.attempts !== undefined && !/\[after \d+ attempts?\]/.test(what)
    ? ` [after ${err.attempts} attempt${err.attempts === 1 ? '' : 's'}]` : '';
  const lost = err instanceof WecomError && err.code === 'WECOM_OUTCOME_UNKNOWN' ? ' (it may or may not have been posted)' : '';
  return new Error(`robot ${keyEnv}: message not sent${lost}: ${what}${attempts}`);
}

export function readMessage(flags: SendFlags, env: NodeJS.ProcessEnv): RobotMessage {
  const given = [flags.messageEnv, flags.messageFile, flags.text, flags.markdown].filter((x) => x !== undefined).length;
  if (given !== 1) throw new Error('give exactly one of --message-env, --message-file, --text, --markdown');
  if (flags.text !== undefined) return { msgtype: 'text', text: { content: flags.text, ...(flags.mention?.length ? { mentioned_list: flags.mention } : {}) } };
  if (flags.markdown !== undefined) return { msgtype: 'markdown', markdown: { content: flags.markdown } };
  let raw: string;
  if (flags.messageEnv !== undefined) {
    const b64 = env[flags.messageEnv];
    if (!b64) throw new Error(`environment variable ${flags.messageEnv} (the message, base64 JSON) is not set`);
    raw = Buffer.from(b64, 'base64').toString('utf8');
  } else {
    raw = fs.readFileSync(flags.messageFile!, 'utf8');
  }
  try {
    const msg = JSON.parse(raw) as RobotMessage;
    if (!msg || typeof msg.msgtype !== 'string') throw new Error('no msgtype');
    return msg;
  } catch (e) {
    throw new Error(`the message is not webhook/send JSON with a msgtype (${(e as Error).message})`);
  }
}

export function registerRobot(program: Command): void {
  const robot = program.command('robot').description('Group robot (webhook) operations');
  robot.command('send')
    .description('Post a message through a group robot; the webhook key comes from an environment variable')
    .requiredOption('--key-env <name>', 'NAME of the environment variable holding the webhook key')
    .option('--message-env <name>', 'environment variable holding the message as base64 JSON (webhook/send body)')
    .option('--message-file <file>', 'file holding the message as JSON (webhook/send body)')
    .option('--text <content>', 'send a text message')
    .option('--markdown <content>', 'send a markdown message')
    .option('--mention <userid>', 'mention a userid (or @all) in a text message (repeatable)', (v: string, p: string[] = []) => [...p, v])
    .option('--api-base <url>', 'API base (default: $WECOM_API_BASE or the real WeCom)')
    .option('--max-wait <seconds>', 'longest wait for the robot\'s 20-messages-a-minute window before failing', seconds, DEFAULT_MAX_WAIT_S)
    .action(action(async (flags: SendFlags) => {
      const key = process.env[flags.keyEnv];
      if (!key) throw new Error(`environment variable ${flags.keyEnv} (the robot's webhook key) is not set`);
      const message = readMessage(flags, process.env);
      const client = new RobotClient({ baseUrl: flags.apiBase ?? process.env.WECOM_API_BASE ?? undefined, ...clientTuning(process.env) });
      let sent;
      try {
        sent = await client.send(key, message, { maxWaitMs: flags.maxWait * 1000 });
      } catch (err) {
        throw sendFailure(flags.keyEnv, err);
      } finally {
        await client.close();
      }
      const waited = sent.rateWaitedMs > 0 ? `, after waiting ${(sent.rateWaitedMs / 1000).toFixed(1)} s for the robot's window` : '';
      const tries = sent.attempts > 1 ? ` (${sent.attempts} attempts${waited})` : '';
      out(`Sent a ${message.msgtype} message through the robot in ${flags.keyEnv}${tries}.`);
    }));
}
