// Request and response shapes of the WeCom server API (facts: ../shared/wecom-api.md §1, §3-§7).
// Shared by the client (typed methods) and the simulator (routes), so the two cannot drift.

export interface WecomEnvelope { errcode: number; errmsg: string }

// §1 tokens
export interface GetTokenResponse extends WecomEnvelope { access_token: string; expires_in: number }

// §3 app chats
export interface AppChatCreateRequest { name?: string; owner?: string; userlist: string[]; chatid?: string }
export interface AppChatCreateResponse extends WecomEnvelope { chatid: string }
export interface AppChatUpdateRequest {
  chatid: string; name?: string; owner?: string; add_user_list?: string[]; del_user_list?: string[];
}
export interface AppChatInfo { chatid: string; name: string; owner: string; userlist: string[]; chat_type: 0 | 1 }
export interface AppChatGetResponse extends WecomEnvelope { chat_info: AppChatInfo }
export type AppChatMsgType = 'text' | 'image' | 'voice' | 'file' | 'video' | 'textcard' | 'news' | 'mpnews' | 'markdown';
export interface AppChatSendRequest {
  chatid: string; msgtype: AppChatMsgType; safe?: 0 | 1;
  text?: { content: string }; markdown?: { content: string };
  image?: { media_id: string }; voice?: { media_id: string }; file?: { media_id: string };
  video?: { media_id: string; title?: string; description?: string };
  textcard?: { title: string; description: string; url: string; btntxt?: string };
  news?: { articles: Array<{ title: string; description?: string; url?: string; picurl?: string }> };
  mpnews?: { articles: Array<Record<string, unknown>> };
}

// §4 robots (webhook; no access token, the key is the credential)
export type RobotMessage =
  | { msgtype: 'text'; text: { content: string; mentioned_list?: string[]; mentioned_mobile_list?: string[] } }
  | { msgtype: 'markdown'; markdown: { content: string } }
  | { msgtype: 'markdown_v2'; markdown_v2: { content: string } }
  | { msgtype: 'image'; image: { base64: string; md5: string } }
  | { msgtype: 'news'; news: { articles: Array<{ title: string; description?: string; url: string; picurl?: string }> } }
  | { msgtype: 'file'; file: { media_id: string } }
  | { msgtype: 'voice'; voice: { media_id: string } }
  | { msgtype: 'template_card'; template_card: { card_type: 'text_notice' | 'news_notice'; [k: string]: unknown } };
export type RobotMediaType = 'file' | 'voice';
export interface RobotUploadResponse extends WecomEnvelope { type: RobotMediaType; media_id: string; created_at: string }

// §5 intercept rules
export type Semantics = 1 | 2 | 3; // phone, email, red packet
export type InterceptType = 1 | 2; // warn and block, warn only
export interface ApplicableRange { user_list?: string[]; department_list?: number[] }
export interface InterceptRuleAddRequest {
  rule_name: string; word_list: string[]; semantics_list?: Semantics[];
  intercept_type: InterceptType; applicable_range: ApplicableRange;
}
export interface InterceptRuleAddResponse extends WecomEnvelope { rule_id: string }
export interface InterceptRuleListResponse extends WecomEnvelope {
  rule_list: Array<{ rule_id: string; rule_name: string; create_time: number }>;
}
export interface InterceptRule {
  rule_id: string; rule_name: string; word_list: string[];
  extra_rule: { semantics_list: Semantics[] }; // nested here, top-level in add
  intercept_type: InterceptType; applicable_range: { user_list: string[]; department_list: number[] };
}
export interface InterceptRuleGetResponse extends WecomEnvelope { rule: InterceptRule }
export interface InterceptRuleUpdateRequest {
  rule_id: string; rule_name?: string; word_list?: string[]; extra_rule?: { semantics_list: Semantics[] };
  intercept_type?: InterceptType; add_applicable_range?: ApplicableRange; remove_applicable_range?: ApplicableRange;
}

// §6 customer groups
export interface GroupChatListRequest {
  status_filter?: 0 | 1 | 2 | 3; owner_filter?: { userid_list: string[] }; cursor?: string; limit: number;
}
export interface GroupChatListResponse extends WecomEnvelope {
  group_chat_list: Array<{ chat_id: string; status: number }>; next_cursor: string;
}
export interface GroupChatMember {
  userid: string; type: 1 | 2; join_time: number; join_scene: number; invitor?: { userid: string };
  group_nickname?: string; name?: string; unionid?: string;
}
export interface GroupChat {
  chat_id: string; name: string; owner: string; create_time: number; notice: string;
  member_list: GroupChatMember[]; admin_list: Array<{ userid: string }>;
}
export interface GroupChatGetResponse extends WecomEnvelope { group_chat: GroupChat }
export interface GroupChatTransferRequest { chat_id_list: string[]; new_owner: string }
export interface GroupChatTransferResponse extends WecomEnvelope {
  failed_chat_list: Array<{ chat_id: string; errcode: number; errmsg: string }>;
}

// §6 join ways (群活码)
export interface JoinWayConfig {
  scene: 1 | 2; remark?: string; auto_create_room?: 0 | 1; room_base_name?: string; room_base_id?: number;
  chat_id_list: string[]; state?: string;
}
export interface JoinWayAddResponse extends WecomEnvelope { config_id: string }
export interface JoinWay extends JoinWayConfig { config_id: string; qr_code?: string }
export interface JoinWayGetResponse extends WecomEnvelope { join_way: JoinWay }
export interface JoinWayUpdateRequest extends JoinWayConfig { config_id: string } // full overwrite

// §6 welcome templates
export interface WelcomeTemplateContent {
  text?: { content: string };
  image?: { media_id?: string; pic_url?: string };
  link?: { title: string; url: string; picurl?: string; desc?: string };
  miniprogram?: { title: string; pic_media_id: string; appid: string; page: string };
  file?: { media_id: string };
  video?: { media_id: string };
}
export interface WelcomeTemplateAddRequest extends WelcomeTemplateContent { agentid?: number; notify?: 0 | 1 }
export interface WelcomeTemplateAddResponse extends WecomEnvelope { template_id: string }
export interface WelcomeTemplateEditRequest extends WelcomeTemplateContent { template_id: string; agentid?: number }
export interface WelcomeTemplateGetResponse extends WecomEnvelope, WelcomeTemplateContent {}

// §7 directory
export interface Department { id: number; name: string; name_en?: string; parentid: number; order: number; department_leader?: string[] }
export interface DepartmentListResponse extends WecomEnvelope { department: Department[] }
export interface DepartmentSimpleListResponse extends WecomEnvelope { department_id: Array<{ id: number; parentid: number; order: number }> }
export interface DepartmentGetResponse extends WecomEnvelope { department: Department }
/** 1 active, 2 disabled, 4 not activated, 5 left the company. */
export type UserStatus = 1 | 2 | 4 | 5;
export interface User { userid: string; name: string; department: number[]; status: UserStatus; main_department?: number }
export interface UserGetResponse extends WecomEnvelope, User {}
export interface UserSimpleListResponse extends WecomEnvelope { userlist: Array<{ userid: string; name: string; department: number[] }> }
export interface UserListIdRequest { cursor?: string; limit?: number }
export interface UserListIdResponse extends WecomEnvelope { next_cursor: string; dept_user: Array<{ userid: string; department: number }> }
export interface TagCreateRequest { tagname: string; tagid?: number }
export interface TagCreateResponse extends WecomEnvelope { tagid: number }
export interface TagUpdateRequest { tagid: number; tagname: string }
export interface TagGetResponse extends WecomEnvelope { tagname: string; userlist: Array<{ userid: string; name: string }>; partylist: number[] }
export interface TagMembersRequest { tagid: number; userlist?: string[]; partylist?: number[] }
/** Partly invalid input still answers errcode 0 with these. */
export interface TagMembersResponse extends WecomEnvelope { invalidlist?: string; invalidparty?: number[] }
export interface TagListResponse extends WecomEnvelope { taglist: Array<{ tagid: number; tagname: string }> }
