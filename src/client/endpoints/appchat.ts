// App group chats (appchat/*, wecom-api.md §3). Two of the four calls are non-idempotent and
// check their own outcome after a lost answer:
// - create WITH a chatid is repeated; a later attempt answering 86215 (chatid exists) may mean our
//   first attempt landed, so the chat is read back and adopted if it is visibly ours and matches
//   the request (name, owner, members); otherwise WECOM_CHAT_CONFLICT. Without a chatid the
//   outcome cannot be checked: WECOM_OUTCOME_UNKNOWN.
// - update is a DELTA (repeating a delete answers 86216), so after a lost answer the chat is
//   re-read and only what is still missing is sent again; nothing missing means it was applied.

import { ENDPOINTS } from '../../wecom/endpoints';
import { LIMITS } from '../../wecom/limits';
import {
  AppChatCreateRequest, AppChatCreateResponse, AppChatGetResponse, AppChatInfo, AppChatSendRequest,
  AppChatUpdateRequest, WecomEnvelope,
} from '../../wecom/types';
import { Caller, ClientStats } from '../caller';
import { WecomApiError, WecomError } from '../errors';
import { Check, sameUserIds } from '../validate';

export interface AppChatCreateResult {
  readonly chatid: string;
  /** The chat was found after a lost answer and matched the request (see module comment). */
  readonly adopted: boolean;
}

export class AppChats {
  constructor(private readonly c: Caller, private readonly stats: ClientStats) {}

  async create(req: AppChatCreateRequest): Promise<AppChatCreateResult> {
    validateCreate(req);
    try {
      const r = await this.c.call<AppChatCreateResponse>(ENDPOINTS.appChatCreate, {
        json: req, onUnknown: req.chatid ? 'retry' : 'throw',
      });
      return { chatid: r.data.chatid, adopted: false };
    } catch (err) {
      if (req.chatid && err instanceof WecomApiError && err.errcode === 86215 && err.attempts > 1) {
        return this.adopt(req as AppChatCreateRequest & { chatid: string }, err);
      }
      throw err;
    }
  }

  async update(req: AppChatUpdateRequest): Promise<void> {
    validateUpdate(req);
    await this.c.call<WecomEnvelope>(ENDPOINTS.appChatUpdate, {
      json: req,
      onUnknown: async () => {
        const rest = remainingDelta(req, await this.get(req.chatid));
        return rest ? { done: false, json: rest } : { done: true, value: { errcode: 0, errmsg: 'ok' } };
      },
    });
  }

  async get(chatid: string): Promise<AppChatInfo> {
    new Check(ENDPOINTS.appChatGet.path).nonEmpty('chatid', chatid).chatId(chatid);
    const r = await this.c.call<AppChatGetResponse>(ENDPOINTS.appChatGet, { query: { chatid } });
    return r.data.chat_info;
  }

  /** Not idempotent and not checkable: a lost answer raises WECOM_OUTCOME_UNKNOWN. */
  async send(msg: AppChatSendRequest): Promise<void> {
    const check = new Check(ENDPOINTS.appChatSend.path).nonEmpty('chatid', msg.chatid).chatId(msg.chatid);
    check.that((msg as unknown as Record<string, unknown>)[msg.msgtype] !== undefined, `msgtype '${msg.msgtype}' needs a '${msg.msgtype}' field`);
    if (msg.msgtype === 'text') check.bytes('text.content', msg.text?.content, LIMITS.TEXT_CONTENT_MAX_BYTES);
    await this.c.call<WecomEnvelope>(ENDPOINTS.appChatSend, { json: msg });
  }

  private async adopt(req: AppChatCreateRequest & { chatid: string }, exists: WecomApiError): Promise<AppChatCreateResult> {
    const path = ENDPOINTS.appChatCreate.path;
    let info: AppChatInfo;
    try {
      info = await this.get(req.chatid);
    } catch (err) {
      if (err instanceof WecomApiError && err.errcode === 86008) {
        throw new WecomError('WECOM_CHAT_CONFLICT',
          `${path}: chatid '${req.chatid}' already exists and belongs to another app (86008); choose another chatid`,
          { endpoint: path, cause: err, attempts: exists.attempts });
      }
      throw err;
    }
    const diffs = createDiffs(req, info);
    if (diffs.length > 0) {
      throw new WecomError('WECOM_CHAT_CONFLICT',
        `${path}: chatid '${req.chatid}' already exists but is not the chat requested (${diffs.join('; ')}); ` +
        'it was not created by this call', { endpoint: path, cause: exists, attempts: exists.attempts });
    }
    this.stats.adoptions++;
    return { chatid: info.chatid, adopted: true };
  }
}

function validateCreate(req: AppChatCreateRequest): void {
  const c = new Check(ENDPOINTS.appChatCreate.path)
    .chatId(req.chatid)
    .chars('name', req.name, 1, LIMITS.CHAT_NAME_MAX)
    .count('userlist', req.userlist, LIMITS.CHAT_MEMBERS_MIN, LIMITS.CHAT_MEMBERS_MAX)
    .userIds('userlist', req.userlist);
  if (req.owner !== undefined) {
    c.that(req.userlist.some((u) => u.toLowerCase() === req.owner!.toLowerCase()), `owner '${req.owner}' must be one of userlist (86207)`);
  }
}

function validateUpdate(req: AppChatUpdateRequest): void {
  const c = new Check(ENDPOINTS.appChatUpdate.path).nonEmpty('chatid', req.chatid).chatId(req.chatid)
    .chars('name', req.name, 1, LIMITS.CHAT_NAME_MAX)
    .userIds('add_user_list', req.add_user_list).userIds('del_user_list', req.del_user_list);
  const adds = new Set((req.add_user_list ?? []).map((u) => u.toLowerCase()));
  c.that(!(req.del_user_list ?? []).some((u) => adds.has(u.toLowerCase())), 'a userid is both added and deleted');
  c.that(req.name !== undefined || req.owner !== undefined || adds.size > 0 || (req.del_user_list?.length ?? 0) > 0,
    'nothing to change: give name, owner, add_user_list or del_user_list');
}

/** Why an existing chat is not the one a create asked for (empty: it is). */
export function createDiffs(req: AppChatCreateRequest, info: AppChatInfo): string[] {
  const out: string[] = [];
  if (req.name !== undefined && info.name !== req.name) out.push(`name is '${info.name}', requested '${req.name}'`);
  if (req.owner !== undefined && info.owner.toLowerCase() !== req.owner.toLowerCase()) out.push(`owner is '${info.owner}', requested '${req.owner}'`);
  if (!sameUserIds(info.userlist, req.userlist)) out.push(`members differ (${info.userlist.length} present, ${req.userlist.length} requested)`);
  return out;
}

/** The part of an update delta the chat does not reflect yet; undefined if it all landed. */
export function remainingDelta(req: AppChatUpdateRequest, info: AppChatInfo): AppChatUpdateRequest | undefined {
  const members = new Set(info.userlist.map((u) => u.toLowerCase()));
  const add = (req.add_user_list ?? []).filter((u) => !members.has(u.toLowerCase()));
  const del = (req.del_user_list ?? []).filter((u) => members.has(u.toLowerCase()));
  const name = req.name !== undefined && req.name !== info.name ? req.name : undefined;
  const owner = req.owner !== undefined && req.owner.toLowerCase() !== info.owner.toLowerCase() ? req.owner : undefined;
  if (!add.length && !del.length && name === undefined && owner === undefined) return undefined;
  return {
    chatid: req.chatid,
    ...(name === undefined ? {} : { name }),
    ...(owner === undefined ? {} : { owner }),
    ...(add.length ? { add_user_list: add } : {}),
    ...(del.length ? { del_user_list: del } : {}),
  };
}
