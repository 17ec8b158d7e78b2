import { App, TerraformStack, Testing } from '../../src/cdktf';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AppChat, CustomerGroups, Department, GroupRobot, InterceptRule, JoinWay, Tag, User, WecomProvider, WelcomeTemplate } from '../../src/constructs';

function everything(stack: TerraformStack): void {
  new WecomProvider(stack, 'wecom', { corpId: 'ww1' });
  const dept = Department.fromPath(stack, 'backend-dept', '技术部/后端');
  const alice = User.fromId(stack, 'alice', 'alice');
  const tag = new Tag(stack, 'oncall', { name: 'oncall', users: ['bob'] });
  const chat = new AppChat(stack, 'eng', { name: 'Engineering "core"', owner: alice, members: { users: [alice, 'bob'], departments: [dept, 2], tags: [tag] } });
  new GroupRobot(stack, 'bot', { chat, webhookKeyEnv: 'ENG_ROBOT_KEY' }).announce('hello', { text: 'hi', mentions: ['@all'] });
  new InterceptRule(stack, 'rule', { name: 'r', words: ['a'], interceptType: 'warnOnly', appliesTo: { departments: [dept] } });
  const groups = new CustomerGroups(stack, 'groups');
  new JoinWay(stack, 'jw', { scene: 'qrcode', chatIds: ['wr1'] });
  new JoinWay(stack, 'jw2', { scene: 'qrcode', chatIds: groups.chatIds });
  new WelcomeTemplate(stack, 'wt', { text: 'Welcome', link: { title: 't', url: 'https://x' } });
}

describe('HCL synthesis', () => {
  test('Testing.synthHcl renders every construct', () => {
    const stack = new TerraformStack(Testing.app(), 'proj');
    everything(stack);
    const hcl: string = Testing.synthHcl(stack, true);
    expect(hcl).toContain('resource "wecom_app_chat"');
    expect(hcl).toContain('data "wecom_department"');
    expect(hcl).toContain('source = "cdktf-wecom/wecom"');
    expect(hcl).toContain('text = {\ncontent = "Welcome"\n}');
    // number sets holding references stay valid HCL (quoted interpolation)
    expect(hcl).toMatch(/member_departments = \[\n2,\n"\$\{data\.wecom_department\.backend-dept_[0-9A-F]+\.department_id\}",\n\]/);
    expect(hcl).not.toMatch(/^\$\{/m);
  });

  test('an app with HCL output writes cdk.tf', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'wecom-hcl-'));
    // cdktf 0.21 picks HCL output per stack from SYNTH_HCL_OUTPUT (the CLI sets it from cdktf.json)
    process.env.SYNTH_HCL_OUTPUT = 'true';
    try {
      const app = new App({ outdir, hclOutput: true });
      everything(new TerraformStack(app, 'proj'));
      app.synth();
    } finally {
      delete process.env.SYNTH_HCL_OUTPUT;
    }
    const tf = fs.readFileSync(path.join(outdir, 'stacks', 'proj', 'cdk.tf'), 'utf8');
    expect(tf).toContain('resource "wecom_join_way"');
  });

  test('JSON full synth produces valid Terraform JSON', () => {
    const stack = new TerraformStack(Testing.app(), 'proj');
    everything(stack);
    const outdir = Testing.fullSynth(stack);
    expect(fs.existsSync(path.join(outdir, 'stacks', 'proj', 'cdk.tf.json'))).toBe(true);
  });
});
