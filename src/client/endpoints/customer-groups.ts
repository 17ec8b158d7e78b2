// Customer group chats (externalcontact/groupchat/*, wecom-api.md §6): created by people, so the
// API only lists, reads and transfers them. Transfers are not idempotent (a repeat reports
// 90504/90507/90508 per chat) and raise WECOM_OUTCOME_UNKNOWN after a lost answer.

import { ENDPOINTS } from '../../wecom/endpoints';
import { LIMITS } from '../../wecom/limits';
import {
  GroupChat, GroupChatGetResponse, GroupChatListRequest, GroupChatListResponse, GroupChatTransferRequest,
  GroupChatTransferResponse,
} from '../../wecom/types';
import { Caller } from '../caller';
import { Check } from '../validate';
import { pages } from './shared';

export type GroupChatSummary = GroupChatListResponse['group_chat_list'][number];
export type TransferFailure = GroupChatTransferResponse['failed_chat_list'][number];

export class CustomerGroups {
  constructor(private readonly c: Caller) {}

  /** One page. */
  async list(req: GroupChatListRequest): Promise<GroupChatListResponse> {
    new Check(ENDPOINTS.groupChatList.path).that(Number.isInteger(req.limit) && req.limit >= 1 && req.limit <= LIMITS.GROUPCHAT_LIST_LIMIT_MAX,
      `limit is ${req.limit}; WeCom allows 1..${LIMITS.GROUPCHAT_LIST_LIMIT_MAX}`)
      .count('owner_filter.userid_list', req.owner_filter?.userid_list, 0, LIMITS.GROUPCHAT_OWNER_FILTER_MAX);
    const r = await this.c.call<GroupChatListResponse>(ENDPOINTS.groupChatList, { json: req });
    return { ...r.data, group_chat_list: r.data.group_chat_list ?? [], next_cursor: r.data.next_cursor ?? '' };
  }

  /** Every chat matching the filter, across all pages. */
  async *listAll(filter: Omit<GroupChatListRequest, 'cursor' | 'limit'> = {}, pageSize: number = LIMITS.GROUPCHAT_LIST_LIMIT_MAX): AsyncGenerator<GroupChatSummary> {
    for await (const page of pages((cursor) => this.list({ ...filter, cursor, limit: pageSize }))) yield* page.group_chat_list;
  }

  async get(chatId: string, needName = false): Promise<GroupChat> {
    new Check(ENDPOINTS.groupChatGet.path).nonEmpty('chat_id', chatId);
    const r = await this.c.call<GroupChatGetResponse>(ENDPOINTS.groupChatGet, { json: { chat_id: chatId, need_name: needName ? 1 : 0 } });
    return r.data.group_chat;
  }

  /** For chats whose owner left the company. Answers the chats that failed (errcode 0 overall). */
  async transfer(req: GroupChatTransferRequest): Promise<TransferFailure[]> {
    return this.doTransfer(ENDPOINTS.groupChatTransfer, req);
  }

  /** For chats whose owner is still employed. */
  async onjobTransfer(req: GroupChatTransferRequest): Promise<TransferFailure[]> {
    return this.doTransfer(ENDPOINTS.groupChatOnJobTransfer, req);
  }

  private async doTransfer(spec: typeof ENDPOINTS.groupChatTransfer | typeof ENDPOINTS.groupChatOnJobTransfer, req: GroupChatTransferRequest): Promise<TransferFailure[]> {
    new Check(spec.path).count('chat_id_list', req.chat_id_list, 1, LIMITS.TRANSFER_CHATS_MAX)
      .nonEmpty('new_owner', req.new_owner).userIds('new_owner', [req.new_owner]);
    const r = await this.c.call<GroupChatTransferResponse>(spec, { json: req });
    return r.data.failed_chat_list ?? [];
  }
}
