// WeCom error codes this project knows (facts: ../shared/wecom-api.md §1, §3-§7).
// One table for the client (retry decisions, human explanations) and the simulator (errmsg text).
// WeCom answers HTTP 200 with errcode != 0 on failure, so the status alone proves nothing.

/** How a caller should react to an errcode. */
export type ErrKind =
  | 'token' // refresh the access token once, then retry the call
  | 'transient' // retry with backoff
  | 'exists' // the object already exists (create retried after a lost answer?)
  | 'permanent'; // validation, permission, not found: never retried

export interface ErrInfo {
  readonly kind: ErrKind;
  /** The errmsg text WeCom sends before ", hint: [...]". */
  readonly msg: string;
  /** What it means for a person reading the error. */
  readonly explain: string;
}

export const ERRCODES: Readonly<Record<number, ErrInfo>> = {
  [-1]: { kind: 'transient', msg: 'system busy', explain: 'WeCom is busy; the call may be retried (docs: at most 3 times).' },
  40001: { kind: 'token', msg: 'invalid credential', explain: 'The app secret is wrong or the access token it produced is no longer valid.' },
  40004: { kind: 'permanent', msg: 'invalid media type', explain: 'The media type is not allowed here (robot uploads: file or voice; voice must be AMR).' },
  40006: { kind: 'permanent', msg: 'invalid file size', explain: 'The file is too small (at most 5 bytes) or too large for its type.' },
  40007: { kind: 'permanent', msg: 'invalid media_id', explain: 'The media_id is unknown, expired (robot media lives 3 days) or belongs to another robot.' },
  40008: { kind: 'permanent', msg: 'invalid message type', explain: 'The msgtype is not one this API accepts.' },
  40013: { kind: 'permanent', msg: 'invalid corpid', explain: 'The corp id is wrong.' },
  40014: { kind: 'token', msg: 'invalid access_token', explain: 'The access token is invalid (also seen when it expired).' },
  40031: { kind: 'permanent', msg: 'invalid userid list', explain: 'Every userid in the list is invalid.' },
  40033: { kind: 'permanent', msg: 'invalid charset', explain: 'A value contains characters WeCom does not allow.' },
  40050: { kind: 'permanent', msg: 'chatid not found', explain: 'No chat with that chatid exists.' },
  40058: { kind: 'permanent', msg: 'invalid parameter', explain: 'A parameter is invalid: bad JSON, a wrong type, an over-long value, or GET where POST is required.' },
  40063: { kind: 'permanent', msg: 'empty parameter', explain: 'A required parameter is empty.' },
  40068: { kind: 'permanent', msg: 'invalid tagid', explain: 'No tag with that id exists.' },
  40070: { kind: 'permanent', msg: 'all users and departments are invalid', explain: 'Every userid and department in the tag change is invalid.' },
  40071: { kind: 'permanent', msg: 'tagname exists', explain: 'Tag names are unique in a corp.' },
  41001: { kind: 'permanent', msg: 'access_token missing', explain: 'The call carried no access_token.' },
  41002: { kind: 'permanent', msg: 'corpid missing', explain: 'gettoken needs the corpid parameter.' },
  41004: { kind: 'permanent', msg: 'corpsecret missing', explain: 'gettoken needs the corpsecret parameter.' },
  41005: { kind: 'permanent', msg: 'media data missing', explain: 'The upload carried no multipart field named media.' },
  41055: { kind: 'permanent', msg: 'welcome template limit exceeded', explain: 'A corp has at most 100 group welcome templates.' },
  41058: { kind: 'permanent', msg: 'welcome template not created by this app', explain: 'An app may change only the welcome templates it created.' },
  41068: { kind: 'permanent', msg: 'too many words', explain: 'An intercept rule holds 1..300 words.' },
  41069: { kind: 'permanent', msg: 'too many intercept rules', explain: 'A corp has at most 100 intercept rules.' },
  41070: { kind: 'permanent', msg: 'invalid rule id', explain: 'No intercept rule with that id exists for this app.' },
  41071: { kind: 'permanent', msg: 'rule has been deleted', explain: 'The intercept rule was deleted.' },
  41076: { kind: 'permanent', msg: 'applicable range too large', explain: 'An intercept rule covers at most 1,000 users, 1,000 departments and 10,000 userids in total.' },
  41077: { kind: 'permanent', msg: 'rule name exists', explain: 'Intercept rule names are unique in a corp.' },
  41083: { kind: 'permanent', msg: 'invalid keyword', explain: 'Each intercept word is 1..32 characters.' },
  41084: { kind: 'permanent', msg: 'invalid semantics', explain: 'Semantics are 1 (phone), 2 (email) or 3 (red packet).' },
  41091: { kind: 'permanent', msg: 'invalid chat_id_list', explain: 'A join way lists 1..5 customer group chat ids.' },
  42001: { kind: 'token', msg: 'access_token expired', explain: 'The access token expired.' },
  45009: { kind: 'transient', msg: 'api freq out of limit', explain: 'A WeCom frequency limit was hit; wait and retry.' },
  45033: { kind: 'transient', msg: 'api concurrent out of limit', explain: 'Too many concurrent calls; retry.' },
  46004: { kind: 'permanent', msg: 'user not exist', explain: 'The user does not exist.' },
  48002: { kind: 'permanent', msg: 'api forbidden', explain: 'This app may not call this API (app chats need a self-built app visible to the root department; customer contact APIs need customer-contact permission).' },
  60003: { kind: 'permanent', msg: 'department not found', explain: 'No department with that id exists.' },
  60011: { kind: 'permanent', msg: 'no privilege to access/modify contact/party/agent', explain: 'The app has no permission for that member, department or tag.' },
  60020: { kind: 'permanent', msg: 'not allow to access from your ip', explain: 'The calling IP is not in the app\'s trusted IP list.' },
  60111: { kind: 'permanent', msg: 'userid not found', explain: 'No user with that userid exists.' },
  81011: { kind: 'permanent', msg: 'tag not created by this app', explain: 'A tag can be changed only by the app that created it.' },
  86001: { kind: 'permanent', msg: 'invalid chatid', explain: 'A chatid is at most 32 characters of [0-9a-zA-Z].' },
  86003: { kind: 'permanent', msg: 'chatid not found', explain: 'No chat with that chatid exists.' },
  86004: { kind: 'permanent', msg: 'invalid chat name', explain: 'The chat name is invalid.' },
  86005: { kind: 'permanent', msg: 'invalid owner', explain: 'The owner is not a valid member.' },
  86006: { kind: 'permanent', msg: 'chat member count out of range', explain: 'An app chat has 2..2000 members.' },
  86007: { kind: 'permanent', msg: 'invalid chat member', explain: 'A member is invalid.' },
  86008: { kind: 'permanent', msg: 'chat not created by this app', explain: 'An app sees and changes only the chats it created.' },
  86101: { kind: 'permanent', msg: 'only owner can do this', explain: 'Only the chat owner may do this.' },
  86201: { kind: 'permanent', msg: 'chatid missing', explain: 'The chatid parameter is required.' },
  86202: { kind: 'permanent', msg: 'chat name missing', explain: 'The chat name is required.' },
  86203: { kind: 'permanent', msg: 'chat owner missing', explain: 'The owner is required (it was removed from the chat, so a new one must be named).' },
  86204: { kind: 'permanent', msg: 'chat members missing', explain: 'The member list is required.' },
  86205: { kind: 'permanent', msg: 'chatid too long', explain: 'A chatid is at most 32 characters.' },
  86206: { kind: 'permanent', msg: 'numeric chatid too large', explain: 'A purely numeric chatid must fit in 64 bits.' },
  86207: { kind: 'permanent', msg: 'owner not in member list', explain: 'The owner must be one of the members.' },
  86215: { kind: 'exists', msg: 'chatid already exists', explain: 'A chat with that chatid already exists.' },
  86216: { kind: 'permanent', msg: 'invalid member userid', explain: 'A userid to add is not in the directory, or one to remove is not in the chat.' },
  90500: { kind: 'permanent', msg: 'owner not resigned', explain: 'groupchat/transfer is only for chats whose owner left the company.' },
  90501: { kind: 'permanent', msg: 'not a customer group chat', explain: 'The chat is not a customer group.' },
  90504: { kind: 'permanent', msg: 'owner unchanged', explain: 'The new owner is already the owner.' },
  90507: { kind: 'permanent', msg: 'inheritance in progress', explain: 'A transfer of this chat is in progress.' },
  90508: { kind: 'permanent', msg: 'inheritance done', explain: 'This chat was already transferred.' },
  93000: { kind: 'permanent', msg: 'invalid webhook url', explain: 'The robot key is invalid or the robot was removed from its chat.' },
  93004: { kind: 'permanent', msg: 'webhook disabled', explain: 'The robot is disabled.' },
};

export function errInfo(code: number): ErrInfo | undefined {
  return ERRCODES[code];
}

/** The errmsg shape WeCom really sends, so clients that parse it see the same text. */
export function wecomErrmsg(code: number, ip = '127.0.0.1', text?: string): string {
  if (code === 0) return 'ok';
  const base = text ?? ERRCODES[code]?.msg ?? 'error';
  const hint = `${Date.now().toString(16)}-${code & 0xffff}`;
  return `${base}, hint: [${hint}], from ip: ${ip}, more info at https://open.work.weixin.qq.com/devtool/query?e=${code}`;
}
