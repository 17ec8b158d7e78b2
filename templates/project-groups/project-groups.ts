// ProjectGroups: the group environment of one project: an engineering chat, an ops-alerts chat
// with its robot and a welcome announcement, and a customer-service join way (群活码) over existing
// customer groups with a welcome template. Chat ids derive from construct paths, so every project
// (one stack each) gets its own set.

import { Construct } from 'constructs';
import { AppChat, GroupRobot, JoinWay, WelcomeTemplate } from 'cdktf-wecom';

export interface ProjectGroupsProps {
  /** Project slug, e.g. `payments`: starts every chat name (`payments-研发`). */
  readonly project: string;
  /** Userid owning both chats. */
  readonly owner: string;
  /** Userids of the engineering chat. */
  readonly engineers: string[];
  /** Departments whose people also join the engineering chat (sub-departments included). */
  readonly engineeringDepartments?: number[];
  /** Userids of the on-call people: the ops-alerts chat. */
  readonly ops: string[];
  /** NAME of the env var holding the ops robot's webhook key (never the key itself). */
  readonly robotKeyEnv: string;
  /** Existing customer groups (1..5 chat ids) behind the join way; none: no join way. */
  readonly customerGroupChatIds?: string[];
}

export class ProjectGroups extends Construct {
  public constructor(scope: Construct, id: string, props: ProjectGroupsProps) {
    super(scope, id);
    const withOwner = (people: string[]) => [props.owner, ...people.filter((p) => p !== props.owner)];
    new AppChat(this, 'engineering', {
      name: `${props.project}-研发`,
      owner: props.owner,
      members: { users: withOwner(props.engineers), departments: props.engineeringDepartments },
    });
    const alerts = new AppChat(this, 'ops-alerts', {
      name: `${props.project}-告警`,
      owner: props.owner,
      members: { users: withOwner(props.ops) },
      onDestroy: 'archive',
    });
    const robot = new GroupRobot(this, 'ops-robot', { chat: alerts, webhookKeyEnv: props.robotKeyEnv, name: `${props.project} 告警机器人` });
    robot.announce('welcome', {
      markdown: `# ${props.project} 告警群\n> 值班: ${props.ops.map((u) => `<@${u}>`).join(' ')}`,
    });
    if (props.customerGroupChatIds?.length) {
      new JoinWay(this, 'customer-service', {
        scene: 'qrcode',
        chatIds: props.customerGroupChatIds,
        remark: `${props.project} 客服`.slice(0, 30),
        roomBaseName: `${props.project} 客服群`.slice(0, 40),
        state: props.project.slice(0, 30),
      });
      new WelcomeTemplate(this, 'customer-welcome', { text: `您好 %NICKNAME%，欢迎加入 ${props.project} 客服群！` });
    }
  }
}
