// Every WeCom endpoint this project calls, as data: path (relative to the base URL), method,
// whether it needs an access token, and whether repeating it is safe. The client's typed
// methods and the simulator's routes both key on these paths.

export type HttpMethod = 'GET' | 'POST';

export interface EndpointSpec {
  readonly path: string;
  readonly method: HttpMethod;
  /** false only for gettoken and the robot webhook (which authenticate otherwise). */
  readonly token: boolean;
  /** Safe to repeat blindly after a lost answer (reads, full overwrites, deletes). */
  readonly idempotent: boolean;
}

const ep = (path: string, method: HttpMethod, idempotent: boolean, token = true): EndpointSpec =>
  ({ path, method, token, idempotent });

export const ENDPOINTS = {
  getToken: ep('gettoken', 'GET', true, false),
  // §3 app chats
  appChatCreate: ep('appchat/create', 'POST', false),
  appChatUpdate: ep('appchat/update', 'POST', false), // deltas: repeating may fail with 86216
  appChatGet: ep('appchat/get', 'GET', true),
  appChatSend: ep('appchat/send', 'POST', false),
  // §4 robots
  webhookSend: ep('webhook/send', 'POST', false, false),
  webhookUploadMedia: ep('webhook/upload_media', 'POST', true, false),
  // §5 intercept rules
  interceptRuleAdd: ep('externalcontact/add_intercept_rule', 'POST', false),
  interceptRuleList: ep('externalcontact/get_intercept_rule_list', 'GET', true),
  interceptRuleGet: ep('externalcontact/get_intercept_rule', 'POST', true),
  interceptRuleUpdate: ep('externalcontact/update_intercept_rule', 'POST', false),
  interceptRuleDelete: ep('externalcontact/del_intercept_rule', 'POST', true),
  // §6 customer groups, join ways, welcome templates, transfer
  groupChatList: ep('externalcontact/groupchat/list', 'POST', true),
  groupChatGet: ep('externalcontact/groupchat/get', 'POST', true),
  joinWayAdd: ep('externalcontact/groupchat/add_join_way', 'POST', false),
  joinWayGet: ep('externalcontact/groupchat/get_join_way', 'POST', true),
  joinWayUpdate: ep('externalcontact/groupchat/update_join_way', 'POST', true), // full overwrite
  joinWayDelete: ep('externalcontact/groupchat/del_join_way', 'POST', true),
  welcomeTemplateAdd: ep('externalcontact/group_welcome_template/add', 'POST', false),
  welcomeTemplateEdit: ep('externalcontact/group_welcome_template/edit', 'POST', true),
  welcomeTemplateGet: ep('externalcontact/group_welcome_template/get', 'POST', true),
  welcomeTemplateDelete: ep('externalcontact/group_welcome_template/del', 'POST', true),
  groupChatTransfer: ep('externalcontact/groupchat/transfer', 'POST', false),
  groupChatOnJobTransfer: ep('externalcontact/groupchat/onjob_transfer', 'POST', false),
  // §7 directory
  departmentList: ep('department/list', 'GET', true),
  departmentSimpleList: ep('department/simplelist', 'GET', true),
  departmentGet: ep('department/get', 'GET', true),
  userGet: ep('user/get', 'GET', true),
  userSimpleList: ep('user/simplelist', 'GET', true),
  userListId: ep('user/list_id', 'POST', true),
  tagCreate: ep('tag/create', 'POST', false),
  tagUpdate: ep('tag/update', 'POST', true),
  tagDelete: ep('tag/delete', 'GET', true),
  tagGet: ep('tag/get', 'GET', true),
  tagAddUsers: ep('tag/addtagusers', 'POST', true),
  tagDelUsers: ep('tag/deltagusers', 'POST', true),
  tagList: ep('tag/list', 'GET', true),
} as const satisfies Record<string, EndpointSpec>;

export type EndpointName = keyof typeof ENDPOINTS;

/** Paths whose calls count against special quotas (§2), beyond the per-API limits. */
export const QUOTA_PATHS = {
  chatCreate: ENDPOINTS.appChatCreate.path,
  chatUpdate: ENDPOINTS.appChatUpdate.path,
  robotSend: ENDPOINTS.webhookSend.path,
} as const;
