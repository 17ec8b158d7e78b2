// `cdktf-wecom robot send`: posts one message through a group robot's webhook. Announcements
// (GroupRobot.announce) run it from a local-exec provisioner:
//   cdktf-wecom robot send --key-env NAME --message-env WECOM_MESSAGE_B64
// The key is read from the environment variable NAME and never printed, not even in errors.
import * as fs from 'node:fs';
import type { Command } from 'commander';
import { RobotClient } from '../../client';
import type { RobotMessage } from '../../wecom/types';
import { action, out } from '../context';

interface SendFlags { keyEnv: string; messageEnv?: string; messageFile?: string; text?: string; markdown?: string; mention?: string[]; apiBase?: string }

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
    .action(action(async (flags: SendFlags) => {
      const key = process.env[flags.keyEnv];
      if (!key) throw new Error(`environment variable ${flags.keyEnv} (the robot's webhook key) is not set`);
      const message = readMessage(flags, process.env);
      const client = new RobotClient({ baseUrl: flags.apiBase ?? process.env.WECOM_API_BASE ?? undefined });
      try {
        await client.send(key, message);
      } finally {
        await client.close();
      }
      out(`Sent a ${message.msgtype} message through the robot in ${flags.keyEnv}.`);
    }));
}
