// SecurityPolicy: the company-wide security stack: sensitive-word intercept rules over
// departments, a security-notice chat whose robot may page everyone (a reviewed suppression),
// and the WecomBaseline pack.

import { Construct } from 'constructs';
import { AppChat, GroupRobot, InterceptRule, Policy } from '../../src';
import { DEFAULT_ORG } from '../shared/org';

const D = DEFAULT_ORG.departments;

/** Departments the intercept rules of this stack cover; project stacks pass it as coveredDepartments. */
export const SECURITY_COVERED_DEPARTMENTS: number[] = [D.tech, D.ops, D.service, D.sales, D.marketing];

export interface SecurityPolicyProps {
  /** Userid of the security officer: owns the notice chat. */
  readonly officer: string;
  /**
   * NAME of the env var holding the security robot's webhook key.
   * @default 'WECOM_ROBOT_SECURITY_KEY'
   */
  readonly robotKeyEnv?: string;
}

export class SecurityPolicy extends Construct {
  public readonly rules: InterceptRule[];
  public readonly notices: AppChat;
  public readonly robot: GroupRobot;

  public constructor(scope: Construct, id: string, props: SecurityPolicyProps) {
    super(scope, id);
    this.rules = [
      new InterceptRule(this, 'confidential', {
        name: '通用-内部资料',
        words: ['内部资料', '机密', '薪资单', '源代码', '数据库密码'],
        semantics: ['phone', 'email'],
        interceptType: 'warnAndBlock',
        appliesTo: { departments: [D.tech, D.ops, D.marketing] },
      }),
      new InterceptRule(this, 'customer-service', {
        name: '客服-合规',
        words: ['私下转账', '加我微信', '返现', '刷单'],
        semantics: ['redPacket'],
        interceptType: 'warnAndBlock',
        appliesTo: { departments: [D.service, D.sales] },
      }),
      new InterceptRule(this, 'soft-warnings', {
        name: '通用-提醒',
        words: ['保证收益', '稳赚'],
        interceptType: 'warnOnly',
        appliesTo: { departments: [D.sales, D.marketing], users: [DEFAULT_ORG.users.zhengshi] },
      }),
    ];
    this.notices = new AppChat(this, 'notices', {
      name: '安全-通报',
      owner: props.officer,
      members: { users: [props.officer], departments: [D.tech, D.service, D.sales] },
    });
    this.robot = new GroupRobot(this, 'robot', {
      chat: this.notices, webhookKeyEnv: props.robotKeyEnv ?? 'WECOM_ROBOT_SECURITY_KEY', name: '安全通报机器人',
    });
    this.robot.announce('policy', {
      text: '信息安全规范已更新：客户资料、薪资和密码不得在群内发送，违规消息会被拦截。',
      mentions: ['@all'],
    });
    Policy.suppress(this.robot, [{
      id: 'WECOM-BASE-006',
      reason: 'Security notices must reach everyone; reviewed by the security team (SEC-142).',
    }]);
  }
}
