// The simulator's world as plain data: what the store keeps in memory and persists to --data.
// Everything here is JSON-serialisable; indexes are rebuilt on load (see store.ts).
import type { GroupChatMember, UserStatus, WelcomeTemplateContent, Semantics, InterceptType } from '../wecom';

export interface AgentRec {
  agentid: number;
  secret: string;
  name: string;
  /** The contacts-sync (通讯录同步) secret: only it may call user/list_id. @default false */
  contactSync?: boolean;
  /** Visible to the root department, so it may call appchat/*. @default true */
  allowAppChat?: boolean;
  /** Configured for customer contact, so it may call externalcontact/*. @default true */
  customerContact?: boolean;
}

export interface DeptRec { id: number; name: string; name_en?: string; parentid: number; order: number; department_leader: string[] }

export interface UserRec { userid: string; name: string; department: number[]; status: UserStatus; main_department: number }

/** createdBy null: the tag came from the seed (made by a person), so no app may change it. */
export interface TagRec { tagid: number; tagname: string; userlist: string[]; partylist: number[]; createdBy: number | null }

export interface CustomerGroupRec {
  chat_id: string; name: string; owner: string; create_time: number; notice: string;
  member_list: GroupChatMember[]; admin_list: Array<{ userid: string }>;
  /** Set once an ownership transfer of a resigned owner's chat completed (status 3). */
  inherited: boolean;
}

export type RobotState = 'active' | 'disabled' | 'removed';
export interface RobotRec { key: string; chatid: string; name: string; state: RobotState }

export interface AppChatRec {
  chatid: string; name: string; owner: string; userlist: string[]; chat_type: 0 | 1;
  createdBy: number; create_time: number;
}

export interface RuleRec {
  rule_id: string; rule_name: string; word_list: string[]; semantics_list: Semantics[];
  intercept_type: InterceptType; user_list: string[]; department_list: number[];
  create_time: number; createdBy: number;
  /** Tombstone: deleted rules answer 41071 instead of 41070. */
  deleted: boolean;
}

export interface JoinWayRec {
  config_id: string; scene: 1 | 2; remark: string; auto_create_room: 0 | 1; room_base_name: string;
  room_base_id: number; chat_id_list: string[]; state: string; createdBy: number;
}

export interface WelcomeTemplateRec { template_id: string; content: WelcomeTemplateContent; notify: 0 | 1; createdBy: number; create_time: number }

export interface MessageRec {
  seq: number; time: number; chatid: string; via: 'appchat' | 'robot';
  agentid?: number; robot?: { name: string; fingerprint: string };
  msgtype: string; content: unknown;
}

/** Robot media: metadata only (the bytes are not kept). `robot` is the robot's key fingerprint. */
export interface MediaRec { media_id: string; robot: string; type: 'file' | 'voice'; size: number; filename: string; created_at: number }

export interface SimState {
  version: 1;
  corp: { id: string; agents: AgentRec[] };
  departments: DeptRec[];
  users: UserRec[];
  tags: TagRec[];
  customerGroups: CustomerGroupRec[];
  robots: RobotRec[];
  appChats: AppChatRec[];
  rules: RuleRec[];
  joinWays: JoinWayRec[];
  welcomeTemplates: WelcomeTemplateRec[];
  messages: MessageRec[];
  media: MediaRec[];
  seq: { message: number; rule: number; object: number };
}
