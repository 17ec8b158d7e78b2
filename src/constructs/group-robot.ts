// GroupRobot: a robot a person added to a chat (`wecom_group_robot`), and its announcements:
// messages posted when their content changes, as null_resources whose local-exec provisioner
// runs `cdktf-wecom robot send`. The webhook key is read from the named env var at apply time;
// it is never an attribute, never synthesized. Contract: docs/constructs.md#announcements.

import { createHash } from 'crypto';
import { Construct } from 'constructs';
import { NullProvider } from '@cdktf/provider-null/lib/provider';
import { Resource as NullResource } from '@cdktf/provider-null/lib/resource';
import { WecomGroupRobot, WecomGroupRobotConfig } from '../../generated/group-robot';
import { TerraformStack } from '../cdktf';
import { ProblemDetail, groupRobotSchema } from '../schema';
import { LIMITS, USER_ID_PATTERN, utf8Bytes } from '../wecom/limits';
import type { RobotMessage } from '../wecom/types';
import { AppChat } from './app-chat';
import { UserLike, userIdOf } from './user';
import { addWecomValidation, assertEnvVarName, attributesOf, isToken } from './validation';

/** Environment variable of the provisioner that carries the message (base64 of its JSON). */
export const MESSAGE_ENV = 'WECOM_MESSAGE_B64';
/** Id of the null provider added to a stack that has none. */
export const NULL_PROVIDER_ID = 'wecom-null-provider';
export const MENTION_ALL = '@all';

export interface GroupRobotProps {
  /** NAME of the environment variable holding the webhook key at apply time, e.g. `ENG_ROBOT_KEY`. */
  readonly webhookKeyEnv: string;
  /**
   * The chat the robot was added to (documentation and policy; the key decides where messages go).
   * @default - unknown
   */
  readonly chat?: AppChat | string;
  /**
   * Display name of the robot.
   * @default - none
   */
  readonly name?: string;
}

export interface AnnounceProps {
  /**
   * Markdown content (at most 4096 bytes). Exactly one of markdown and text.
   * @default - none
   */
  readonly markdown?: string;
  /**
   * Text content (at most 2048 bytes). Exactly one of markdown and text.
   * @default - none
   */
  readonly text?: string;
  /**
   * Userids to mention, or "@all" (text messages only; markdown mentions are written `<@userid>`).
   * @default - nobody
   */
  readonly mentions?: UserLike[];
}

/** An announcement as rule packs see it. */
export interface Announcement {
  readonly id: string;
  readonly msgtype: 'markdown' | 'text';
  readonly content: string;
  /** Mentioned userids, and "@all" when everyone is mentioned. */
  readonly mentions: readonly string[];
  readonly mentionsAll: boolean;
  /** The webhook/send body posted. */
  readonly message: RobotMessage;
  /** sha256 (hex) of the JSON body: the null_resource trigger. */
  readonly sha256: string;
  readonly resource: NullResource;
}

export class GroupRobot extends Construct {
  public readonly resource: WecomGroupRobot;
  public readonly webhookKeyEnv: string;
  public readonly chatId?: string;
  public readonly name?: string;
  private readonly _announcements: Announcement[] = [];
  private readonly problems: ProblemDetail[] = [];

  public constructor(scope: Construct, id: string, props: GroupRobotProps) {
    super(scope, id);
    this.webhookKeyEnv = props.webhookKeyEnv;
    assertEnvVarName(this, 'GroupRobot', 'webhookKeyEnv', props.webhookKeyEnv, groupRobotSchema.attributes.webhook_key_env.constraints!);
    this.chatId = props.chat instanceof AppChat ? props.chat.chatId : props.chat;
    this.name = props.name;
    const config: WecomGroupRobotConfig = {
      webhookKeyEnv: props.webhookKeyEnv,
      chatId: props.chat instanceof AppChat ? props.chat.chatIdRef : props.chat,
      name: props.name,
    };
    this.resource = new WecomGroupRobot(this, 'Resource', config);
    this.node.defaultChild = this.resource;
    addWecomValidation(this, 'GroupRobot', groupRobotSchema, () => ({ ...attributesOf(groupRobotSchema, config), chat_id: this.chatId }), {
      fieldNames: { webhook_key_env: 'webhookKeyEnv', chat_id: 'chat' },
      checks: () => this.problems,
    });
  }

  /** Announcements declared so far, in order. */
  public get announcements(): readonly Announcement[] {
    return this._announcements;
  }

  /**
   * Declares a message posted by this robot on the first apply and again whenever its content
   * (msgtype, content or mentions) changes.
   */
  public announce(id: string, props: AnnounceProps): Announcement {
    const mentions = (props.mentions ?? []).map((m) => userIdOf(m).literal);
    const msgtype = props.markdown !== undefined ? 'markdown' : 'text';
    const content = props.markdown ?? props.text ?? '';
    this.problems.push(...announceProblems(id, props, mentions));
    const message: RobotMessage = msgtype === 'markdown'
      ? { msgtype, markdown: { content } }
      : { msgtype, text: mentions.length ? { content, mentioned_list: mentions } : { content } };
    const json = JSON.stringify(message);
    const sha256 = createHash('sha256').update(json, 'utf8').digest('hex');
    ensureNullProvider(this);
    const resource = new NullResource(this, id, {
      triggers: { message_sha256: sha256 },
      dependsOn: [this.resource],
      provisioners: [{
        type: 'local-exec',
        command: `cdktf-wecom robot send --key-env ${this.webhookKeyEnv} --message-env ${MESSAGE_ENV}`,
        environment: { [MESSAGE_ENV]: Buffer.from(json, 'utf8').toString('base64') },
      }],
    });
    const a: Announcement = { id, msgtype, content, mentions, mentionsAll: mentions.includes(MENTION_ALL), message, sha256, resource };
    this._announcements.push(a);
    return a;
  }
}

function announceProblems(id: string, props: AnnounceProps, mentions: string[]): ProblemDetail[] {
  const out: ProblemDetail[] = [];
  const field = `announce('${id}')`;
  const both = props.markdown !== undefined && props.text !== undefined;
  const none = props.markdown === undefined && props.text === undefined;
  if (both || none) {
    out.push({ id: 'WECOM_ROBOT_MESSAGE', field, value: both ? 'markdown and text' : 'nothing', limit: 'exactly one of markdown and text', what: `has ${both ? 'both markdown and text' : 'neither markdown nor text'}` });
    return out;
  }
  const [kind, content, max] = props.markdown !== undefined
    ? ['markdown', props.markdown, LIMITS.ROBOT_MARKDOWN_MAX_BYTES] as const
    : ['text', props.text!, LIMITS.TEXT_CONTENT_MAX_BYTES] as const;
  if (isToken(content)) {
    out.push({ id: 'WECOM_ROBOT_MESSAGE', field: `${field}.${kind}`, value: content, limit: 'content known at synth time', what: 'is a reference' });
  } else if (utf8Bytes(content) > max || content.length === 0) {
    out.push({ id: 'WECOM_ROBOT_MESSAGE', field: `${field}.${kind}`, value: content, limit: `1..${max} bytes`, what: `has ${utf8Bytes(content)} bytes` });
  }
  if (mentions.length && kind === 'markdown') {
    out.push({ id: 'WECOM_ROBOT_MENTIONS', field: `${field}.mentions`, value: mentions.join(','), limit: 'mentions on text messages only (write <@userid> in markdown)', what: 'are given for a markdown message' });
  }
  mentions.forEach((m, i) => {
    if (m !== MENTION_ALL && !isToken(m) && !USER_ID_PATTERN.test(m)) {
      out.push({ id: 'WECOM_ROBOT_MENTIONS', field: `${field}.mentions[${i}]`, value: m, limit: 'userids or "@all"', what: `${JSON.stringify(m)} is not a userid` });
    }
  });
  return out;
}

/** Adds a null provider to the stack unless one exists: announcements need it. */
function ensureNullProvider(scope: Construct): void {
  const stack = TerraformStack.of(scope);
  if (stack.node.tryFindChild(NULL_PROVIDER_ID)) return;
  if (stack.node.findAll().some((c) => c instanceof NullProvider)) return;
  new NullProvider(stack, NULL_PROVIDER_ID);
}
