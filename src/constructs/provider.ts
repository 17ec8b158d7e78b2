// WecomProvider: the `wecom` provider of a stack. Secrets enter only as environment variable NAMES.

import { Construct, IConstruct } from 'constructs';
import { WecomTerraformProvider, WecomTerraformProviderConfig } from '../../generated/provider';
import { DEFAULT_API_BASE, DEFAULT_CORP_SECRET_ENV, camelCase, providerSchema } from '../schema';
import { DEFAULT_RATE_LIMITS, LIMITS } from '../wecom/limits';
import { addWecomValidation, assertEnvVarName, attributesOf, constructsInStack, registerInStack } from './validation';

export interface WecomProviderProps {
  /** The corp id (企业ID). */
  readonly corpId: string;
  /**
   * NAME of the environment variable holding the app secret (never the secret).
   * @default 'WECOM_CORP_SECRET'
   */
  readonly corpSecretEnv?: string;
  /**
   * NAME of the environment variable holding the contacts-sync secret; enables cheap department resolution.
   * @default - departments are resolved with one user/simplelist call per department
   */
  readonly contactsSecretEnv?: string;
  /**
   * Base URL of the WeCom API (the simulator's URL in tests).
   * @default 'https://qyapi.weixin.qq.com/cgi-bin/'
   */
  readonly apiBase?: string;
  /**
   * appchat/create calls per corp per day.
   * @default - DEFAULT_RATE_LIMITS.chatCreatesPerDay
   */
  readonly chatCreatesPerDay?: number;
  /**
   * appchat/update calls per corp per hour.
   * @default - DEFAULT_RATE_LIMITS.chatUpdatesPerHour
   */
  readonly chatUpdatesPerHour?: number;
  /**
   * Messages per robot per minute.
   * @default - DEFAULT_RATE_LIMITS.robotMessagesPerMinute
   */
  readonly robotMessagesPerMinute?: number;
  /**
   * Largest app chat the corp allows; AppChats in this stack are validated against it.
   * @default - LIMITS.CHAT_MEMBERS_MAX
   */
  readonly maxChatMembers?: number;
  /**
   * Provider alias, for several corps in one stack.
   * @default - the default wecom provider
   */
  readonly alias?: string;
}

export class WecomProvider extends Construct {
  /** The provider constructs use in the stack of `scope`: the one without alias, else the first. */
  public static of(scope: IConstruct): WecomProvider | undefined {
    const all = constructsInStack(scope, WecomProvider);
    return all.find((p) => p.alias === undefined) ?? all[0];
  }

  public readonly provider: WecomTerraformProvider;
  public readonly corpId: string;
  public readonly corpSecretEnv: string;
  public readonly contactsSecretEnv?: string;
  public readonly apiBase: string;
  public readonly chatCreatesPerDay: number;
  public readonly chatUpdatesPerHour: number;
  public readonly robotMessagesPerMinute: number;
  public readonly maxChatMembers: number;
  public readonly alias?: string;

  public constructor(scope: Construct, id: string, props: WecomProviderProps) {
    super(scope, id);
    registerInStack(this, WecomProvider);
    this.corpId = props.corpId;
    this.corpSecretEnv = props.corpSecretEnv ?? DEFAULT_CORP_SECRET_ENV;
    this.contactsSecretEnv = props.contactsSecretEnv;
    this.apiBase = props.apiBase ?? DEFAULT_API_BASE;
    this.chatCreatesPerDay = props.chatCreatesPerDay ?? DEFAULT_RATE_LIMITS.chatCreatesPerDay;
    this.chatUpdatesPerHour = props.chatUpdatesPerHour ?? DEFAULT_RATE_LIMITS.chatUpdatesPerHour;
    this.robotMessagesPerMinute = props.robotMessagesPerMinute ?? DEFAULT_RATE_LIMITS.robotMessagesPerMinute;
    this.maxChatMembers = props.maxChatMembers ?? LIMITS.CHAT_MEMBERS_MAX;
    this.alias = props.alias;
    const envName = providerSchema.attributes.corp_secret_env.constraints!;
    assertEnvVarName(this, 'WecomProvider', 'corpSecretEnv', this.corpSecretEnv, envName);
    if (this.contactsSecretEnv !== undefined) {
      assertEnvVarName(this, 'WecomProvider', 'contactsSecretEnv', this.contactsSecretEnv, envName);
    }
    const config: WecomTerraformProviderConfig = {
      corpId: this.corpId,
      corpSecretEnv: this.corpSecretEnv,
      contactsSecretEnv: this.contactsSecretEnv,
      apiBase: this.apiBase,
      chatCreatesPerDay: this.chatCreatesPerDay,
      chatUpdatesPerHour: this.chatUpdatesPerHour,
      robotMessagesPerMinute: this.robotMessagesPerMinute,
      maxChatMembers: this.maxChatMembers,
      alias: this.alias,
    };
    this.provider = new WecomTerraformProvider(this, 'Resource', config);
    this.node.defaultChild = this.provider;
    addWecomValidation(this, 'WecomProvider', providerSchema, () => attributesOf(providerSchema, config), {
      fieldNames: Object.fromEntries(Object.keys(providerSchema.attributes).map((n) => [n, camelCase(n)])),
    });
  }
}
