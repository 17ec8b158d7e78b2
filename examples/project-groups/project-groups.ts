// ProjectGroups: the group environment of one project, as a reusable construct.
//
//   new ProjectGroups(stack, 'groups', { project: 'payments', owner: 'zhangsan', engineers: [...], ops: [...] })
//
// makes an engineering chat, an ops-alerts chat with its robot and a welcome announcement, and a
// customer-service join way (群活码) over existing customer groups with a welcome template.
// Chat ids derive from construct paths, so two projects (two stacks, or two ProjectGroups with
// different ids) get two independent sets of chats.

import { Construct } from 'constructs';
import {
  AppChat, DepartmentLike, GroupRobot, JoinWay, UserLike, WelcomeTemplate, userIdOf,
} from '../../src';

/** Robot key env var used when a project names none (the simulator's ops robot). */
export const DEFAULT_ROBOT_KEY_ENV = 'WECOM_ROBOT_OPS_KEY';

export interface ProjectGroupsProps {
  /** Project slug, e.g. `payments` or `demo-shop`; starts every chat name (`<project>-研发`). */
  readonly project: string;
  /** Owner of both chats (a member of each). */
  readonly owner: UserLike;
  /** Engineers: members of the engineering chat. */
  readonly engineers: UserLike[];
  /** On-call people: members of the ops-alerts chat. */
  readonly ops: UserLike[];
  /**
   * Departments whose people also join the engineering chat (sub-departments included).
   * @default - none
   */
  readonly engineeringDepartments?: DepartmentLike[];
  /**
   * NAME of the env var holding the ops robot's webhook key.
   * @default DEFAULT_ROBOT_KEY_ENV
   */
  readonly robotKeyEnv?: string;
  /**
   * Existing customer groups (1..5 chat ids) behind the customer-service join way.
   * @default - no join way and no welcome template
   */
  readonly customerGroupChatIds?: string[];
  /**
   * Welcome text for customers joining (`%NICKNAME%` is replaced by WeCom).
   * @default - "您好 %NICKNAME%，欢迎加入 <project> 客服群！"
   */
  readonly welcomeText?: string;
}

export class ProjectGroups extends Construct {
  public readonly project: string;
  public readonly engineering: AppChat;
  public readonly opsAlerts: AppChat;
  public readonly opsRobot: GroupRobot;
  public readonly joinWay?: JoinWay;
  public readonly welcome?: WelcomeTemplate;

  public constructor(scope: Construct, id: string, props: ProjectGroupsProps) {
    super(scope, id);
    this.project = props.project;
    const withOwner = (people: UserLike[]): UserLike[] => {
      const owner = userIdOf(props.owner).literal.toLowerCase();
      return [props.owner, ...people.filter((p) => userIdOf(p).literal.toLowerCase() !== owner)];
    };
    this.engineering = new AppChat(this, 'engineering', {
      name: `${props.project}-研发`,
      owner: props.owner,
      members: { users: withOwner(props.engineers), departments: props.engineeringDepartments },
    });
    this.opsAlerts = new AppChat(this, 'ops-alerts', {
      name: `${props.project}-告警`,
      owner: props.owner,
      members: { users: withOwner(props.ops) },
      onDestroy: 'archive',
    });
    this.opsRobot = new GroupRobot(this, 'ops-robot', {
      chat: this.opsAlerts, webhookKeyEnv: props.robotKeyEnv ?? DEFAULT_ROBOT_KEY_ENV, name: `${props.project} 告警机器人`,
    });
    this.opsRobot.announce('welcome', {
      markdown: [
        `# ${props.project} 告警群`,
        `告警由 <font color="info">${props.project}</font> 的监控推送到这里。`,
        `> 值班: ${props.ops.map((u) => `<@${userIdOf(u).literal}>`).join(' ')}`,
      ].join('\n'),
    });
    if (props.customerGroupChatIds?.length) {
      this.joinWay = new JoinWay(this, 'customer-service', {
        scene: 'qrcode',
        chatIds: props.customerGroupChatIds,
        remark: `${props.project} 客服`.slice(0, 30),
        roomBaseName: `${props.project} 客服群`.slice(0, 40),
        state: props.project.slice(0, 30),
      });
      this.welcome = new WelcomeTemplate(this, 'customer-welcome', {
        text: props.welcomeText ?? `您好 %NICKNAME%，欢迎加入 ${props.project} 客服群！`,
      });
    }
  }
}
