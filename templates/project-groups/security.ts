// SecurityPolicy: the company-wide `security` stack: sensitive-word intercept rules over
// departments and a security-notice chat whose robot pages everyone (a reviewed suppression of the
// baseline rule against @all).

import { Construct } from 'constructs';
import { AppChat, GroupRobot, InterceptRule, Policy } from 'cdktf-wecom';
import { DEPARTMENTS as D } from './org';

/** Departments the intercept rules cover; project stacks tell the baseline pack so. */
export const COVERED_DEPARTMENTS: number[] = [D.tech, D.ops, D.service, D.sales, D.marketing];

export interface SecurityPolicyProps {
  /** Userid of the security officer: owns the notice chat. */
  readonly officer: string;
  /** NAME of the env var holding the security robot's webhook key. */
  readonly robotKeyEnv: string;
}

export class SecurityPolicy extends Construct {
  public constructor(scope: Construct, id: string, props: SecurityPolicyProps) {
    super(scope, id);
    new InterceptRule(this, 'confidential', {
      name: '通用-内部资料',
      words: ['内部资料', '机密', '薪资单', '数据库密码'],
      semantics: ['phone', 'email'],
      interceptType: 'warnAndBlock',
      appliesTo: { departments: [D.tech, D.ops, D.marketing] },
    });
    new InterceptRule(this, 'customer-service', {
      name: '客服-合规',
      words: ['私下转账', '加我微信', '返现'],
      interceptType: 'warnAndBlock',
      appliesTo: { departments: [D.service, D.sales] },
    });
    const notices = new AppChat(this, 'notices', {
      name: '安全-通报',
      owner: props.officer,
      members: { users: [props.officer], departments: [D.tech, D.service, D.sales] },
    });
    const robot = new GroupRobot(this, 'robot', { chat: notices, webhookKeyEnv: props.robotKeyEnv, name: '安全通报机器人' });
    robot.announce('policy', { text: '信息安全规范已更新：客户资料、薪资和密码不得在群内发送。', mentions: ['@all'] });
    Policy.suppress(robot, [{ id: 'WECOM-BASE-006', reason: 'Security notices must reach everyone; reviewed by the security team.' }]);
  }
}
