// AppChat: an app group chat (`wecom_app_chat`) with a required owner and members drawn from
// users, departments (with sub-departments) and tags.

import { Construct } from 'constructs';
import { WecomAppChat, WecomAppChatConfig } from '../../generated/app-chat';
import { DEFAULT_ARCHIVE_PREFIX, ProblemDetail, appChatSchema } from '../schema';
import { LIMITS, charCount } from '../wecom/limits';
import { defaultChatId } from './chat-id';
import { DepartmentLike, departmentIdOf } from './department';
import { WecomProvider } from './provider';
import { TagLike, tagIdOf } from './tag';
import { eachOnce, unorderedForSynth } from './lists';
import { UserLike, userIdOf } from './user';
import { addWecomValidation, attributesOf, duplicatesInStack, isToken, registerInStack, userKey } from './validation';

export type Membership = 'authoritative' | 'additive';
export type OnDestroy = 'retain' | 'archive';

export interface AppChatMembers {
  /**
   * Members by userid (or looked-up users).
   * @default - none
   */
  readonly users?: UserLike[];
  /**
   * Departments whose people are members, sub-departments included (resolved at plan time).
   * @default - none
   */
  readonly departments?: DepartmentLike[];
  /**
   * Tags whose people are members (resolved at plan time).
   * @default - none
   */
  readonly tags?: TagLike[];
  /**
   * Userids never made members, even when a department or tag includes them.
   * @default - none
   */
  readonly exclude?: UserLike[];
}

export interface AppChatProps {
  /** Chat name, 1..50 characters (WeCom would truncate longer names silently). */
  readonly name: string;
  /** Owner userid; must be a member. Required: WeCom picks a random owner otherwise. */
  readonly owner: UserLike;
  /**
   * Who takes over, in order, when the owner has left the company (WeCom's 离职继承 for groups):
   * the plan proposes the first active one as the new owner and says why, instead of failing.
   * @default - none: a departed owner fails the plan, naming the chat
   */
  readonly ownerSuccessors?: UserLike[];
  readonly members: AppChatMembers;
  /**
   * "authoritative" removes members not declared; "additive" only adds.
   * @default 'authoritative'
   */
  readonly membership?: Membership;
  /**
   * WeCom cannot dissolve a chat: "retain" forgets it on destroy; "archive" renames it with
   * archivePrefix and removes everyone but the owner.
   * @default 'retain'
   */
  readonly onDestroy?: OnDestroy;
  /**
   * Name prefix used when onDestroy is "archive".
   * @default '[archived] '
   */
  readonly archivePrefix?: string;
  /**
   * The chatid (at most 32 characters of [0-9a-zA-Z]). Changing it makes a new chat.
   * @default - "c" + first 31 hex digits of sha256(construct path); see docs/constructs.md
   */
  readonly chatId?: string;
  /**
   * Provider (corp) to use.
   * @default - the stack's default wecom provider
   */
  readonly provider?: WecomProvider;
}

export class AppChat extends Construct {
  public readonly resource: WecomAppChat;
  /** The chatid: given or derived from the construct path; known at synth time. */
  public readonly chatId: string;
  public readonly name: string;
  /** Owner userid as written. */
  public readonly owner: string;
  /** Member userids as written (tokens stay tokens). */
  public readonly users: readonly string[];
  public readonly departments: readonly number[];
  public readonly tags: readonly number[];
  public readonly exclude: readonly string[];
  public readonly membership: Membership;
  public readonly onDestroy: OnDestroy;
  public readonly archivePrefix: string;
  private readonly providerOverride?: WecomProvider;
  private _knownMembers: readonly string[] | undefined | null = null;

  public constructor(scope: Construct, id: string, props: AppChatProps) {
    super(scope, id);
    registerInStack(this, AppChat);
    const attr = appChatSchema.attributes;
    const users = eachOnce(attr.members, (props.members.users ?? []).map(userIdOf), (u) => u.literal);
    const exclude = eachOnce(attr.exclude_members, (props.members.exclude ?? []).map(userIdOf), (u) => u.literal);
    const owner = userIdOf(props.owner);
    this.chatId = props.chatId ?? defaultChatId(this.node.path);
    this.name = props.name;
    this.owner = owner.literal;
    this.users = users.map((u) => u.literal);
    this.departments = eachOnce(attr.member_departments, (props.members.departments ?? []).map(departmentIdOf));
    this.tags = eachOnce(attr.member_tags, (props.members.tags ?? []).map(tagIdOf));
    this.exclude = exclude.map((u) => u.literal);
    this.membership = props.membership ?? 'authoritative';
    this.onDestroy = props.onDestroy ?? 'retain';
    this.archivePrefix = props.archivePrefix ?? DEFAULT_ARCHIVE_PREFIX;
    this.providerOverride = props.provider;

    const config: WecomAppChatConfig = {
      chatId: this.chatId,
      name: this.name,
      owner: owner.synth,
      ownerSuccessors: props.ownerSuccessors?.length ? props.ownerSuccessors.map((u) => userIdOf(u).synth) : undefined,
      members: users.length ? unorderedForSynth(attr.members, users, (u) => u.literal).map((u) => u.synth) : undefined,
      memberDepartments: this.departments.length ? unorderedForSynth(attr.member_departments, this.departments) : undefined,
      memberTags: this.tags.length ? unorderedForSynth(attr.member_tags, this.tags) : undefined,
      excludeMembers: exclude.length ? unorderedForSynth(attr.exclude_members, exclude, (u) => u.literal).map((u) => u.synth) : undefined,
      membership: this.membership,
      onDestroy: this.onDestroy,
      archivePrefix: this.onDestroy === 'archive' ? this.archivePrefix : undefined,
      provider: props.provider?.provider,
    };
    this.resource = new WecomAppChat(this, 'Resource', config);
    this.node.defaultChild = this.resource;

    addWecomValidation(this, 'AppChat', appChatSchema, () => ({
      ...attributesOf(appChatSchema, config),
      // literal userids, so looked-up users are checked too, in the order written, so messages'
      // indexes point into the props (not copied: validation only reads them)
      owner: this.owner, members: this.users, exclude_members: config.excludeMembers && this.exclude,
      member_departments: config.memberDepartments && this.departments, member_tags: config.memberTags && this.tags,
    }), {
      fieldNames: {
        chat_id: 'chatId', members: 'members.users', member_departments: 'members.departments', member_tags: 'members.tags',
        exclude_members: 'members.exclude', on_destroy: 'onDestroy', archive_prefix: 'archivePrefix', owner_successors: 'ownerSuccessors',
      },
      skipIds: ['WECOM_CHAT_MEMBERS'], // counted below, where departments and tags are known
      checks: () => [...this.memberProblems(), ...this.archiveProblems(), ...duplicatesInStack<AppChat>(this, AppChat, (c) => c.chatId, {
        id: 'WECOM_CHAT_ID_DUPLICATE', field: 'chatId', limit: 'one app chat per chatid',
      })],
    });
  }

  /** A reference to the chatid attribute: using it makes Terraform create the chat first. */
  public get chatIdRef(): string {
    return this.resource.chatId;
  }

  /** True when members come only from explicit users, so the count is known at synth time. */
  public get membersKnownAtSynth(): boolean {
    return this.departments.length === 0 && this.tags.length === 0 && !this.users.some(isToken) && !this.exclude.some(isToken);
  }

  /** Member userids (lower-cased, excluded removed) when known at synth time. */
  public get knownMembers(): readonly string[] | undefined {
    // Computed once: the member fields are readonly, and validation and rule packs both ask.
    if (this._knownMembers === null) this._knownMembers = this.computeKnownMembers();
    return this._knownMembers;
  }

  private computeKnownMembers(): readonly string[] | undefined {
    if (!this.membersKnownAtSynth) return undefined;
    const excluded = new Set(this.exclude.map(userKey));
    return [...new Set(this.users.map(userKey))].filter((u) => !excluded.has(u));
  }

  private maxMembers(): number {
    return (this.providerOverride ?? WecomProvider.of(this))?.maxChatMembers ?? LIMITS.CHAT_MEMBERS_MAX;
  }

  private memberProblems(): ProblemDetail[] {
    const out: ProblemDetail[] = [];
    const max = this.maxMembers();
    const known = this.knownMembers;
    const count = known?.length ?? this.users.length;
    if (count > max || (known && count < LIMITS.CHAT_MEMBERS_MIN)) {
      const limit = known ? `${LIMITS.CHAT_MEMBERS_MIN}..${max} users` : `at most ${max} users`;
      out.push({ id: 'WECOM_CHAT_MEMBERS', field: 'members', value: count, limit, what: `has ${count} users` });
    }
    if (isToken(this.owner)) return out;
    const owner = userKey(this.owner);
    if (this.exclude.map(userKey).includes(owner)) {
      out.push({ id: 'WECOM_CHAT_OWNER', field: 'owner', value: this.owner, limit: 'an owner who is a member', what: `${JSON.stringify(this.owner)} is in members.exclude` });
    } else if (known && !known.includes(owner)) {
      out.push({ id: 'WECOM_CHAT_OWNER', field: 'owner', value: this.owner, limit: 'an owner who is one of members.users', what: `${JSON.stringify(this.owner)} is not among members.users` });
    }
    return out;
  }

  private archiveProblems(): ProblemDetail[] {
    if (this.onDestroy !== 'archive' || isToken(this.name) || isToken(this.archivePrefix)) return [];
    const n = charCount(this.archivePrefix + this.name);
    if (n <= LIMITS.CHAT_NAME_MAX) return [];
    return [{
      id: 'WECOM_CHAT_ARCHIVE_NAME', field: 'archivePrefix', value: this.archivePrefix,
      limit: `archivePrefix + name of at most ${LIMITS.CHAT_NAME_MAX} chars`, what: `${JSON.stringify(this.archivePrefix)} + name has ${n} chars`,
    }];
  }
}
