// cdktf app (cdktf.json "app"): one stack, `main`, with one group chat.
//
//   npx cdktf-wecom plan      # synthesizes, then plans against WECOM_API_BASE
//
// WECOM_CORP_ID names the corp (default: the simulator's wwsimcorp0001), WECOM_API_BASE the API
// (default: WeCom's official one); the app secret is read from WECOM_CORP_SECRET when planning
// and applying, never written to cdktf.out. The userids below exist in the simulator's default
// org: replace them with people of your corp.

import { App, TerraformStack } from 'cdktf';
import { AppChat, WecomProvider } from 'cdktf-wecom';

const app = new App();
const stack = new TerraformStack(app, 'main');

new WecomProvider(stack, 'wecom', {
  corpId: process.env.WECOM_CORP_ID || 'wwsimcorp0001',
  corpSecretEnv: 'WECOM_CORP_SECRET',
  apiBase: process.env.WECOM_API_BASE || undefined,
});

new AppChat(stack, 'team', {
  name: 'team-日常',
  owner: 'zhangsan',
  members: { users: ['zhangsan', 'lisi', 'wangwu'] },
});

app.synth();
