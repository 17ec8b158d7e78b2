// The L1 classes hand literal attribute values to cdktf pre-resolved (src/constructs/pre-resolved.ts).
// That must not change a byte of what is synthesized: each stack here is synthesized with and
// without it and compared, including the cases that must fall back to cdktf's own resolution.

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Aspects, Fn, TerraformStack, Testing, Token, Tokenization } from '../../src/cdktf';
import { AppChat, JoinWay, User, WecomProvider } from '../../src/constructs';
import { mayHoldEncodedNumber, setPreResolve } from '../../src/constructs/pre-resolved';
import { WecomBaseline } from '../../src/policy';
import { addProjectStacks } from '../../examples/project-groups/app';
import { addSecurityStack } from '../../examples/security-policy/app';

const CORP = { corpId: 'wwsimcorp0001' };

function edgeCases(app: App): TerraformStack[] {
  const stack = new TerraformStack(app, 'edges');
  new WecomProvider(stack, 'wecom', CORP);
  const users = ['zhangsan', 'lisi', 'wangwu'];
  const owner0 = User.fromId(stack, 'owner0', 'zhangsan');
  new AppChat(stack, 'plain', { name: 'plain', owner: 'zhangsan', members: { users } });
  // userids cdktf would scan as possible encoded numbers ("a1e5", "b-2e.3"): cdktf's path
  new AppChat(stack, 'numberish', { name: 'n', owner: 'a1e5', members: { users: ['a1e5', 'b-2e.3', 'lisi'] }, chatId: 'abc8e4def' });
  // a string that holds an encoded number token
  new AppChat(stack, 'numberToken', { name: `n${Token.asNumber(owner0.resource.status)}`, owner: 'lisi', members: { users } });
  // a looked-up owner is a token: the other attributes (the member list) are still pre-resolved
  const owner = User.fromId(stack, 'owner', 'zhangsan');
  new AppChat(stack, 'tokenOwner', { name: 'tok', owner, members: { users: [owner, 'lisi', 'wangwu'], exclude: ['zhaoliu'] } });
  // a token inside the list
  new AppChat(stack, 'tokenMember', { name: 'tm', owner: 'zhangsan', members: { users: ['zhangsan', User.fromId(stack, 'member', 'zhaoliu'), 'wangwu'] } });
  // escapes and markers that are not tokens
  new AppChat(stack, 'dollar', { name: 'x$${y} {z}', owner: 'zhangsan', members: { users }, onDestroy: 'archive', archivePrefix: '[old] ' });
  // element overrides, meta-arguments, references
  const o = new AppChat(stack, 'overridden', { name: 'ov', owner: 'zhangsan', members: { users } });
  o.resource.addOverride('members', ['zhangsan', 'lisi']);
  o.resource.addOverride('lifecycle.ignore_changes', ['name']);
  const d = new AppChat(stack, 'dependent', { name: 'dep', owner: 'zhangsan', members: { users } });
  d.resource.dependsOn = [o.resource.fqn];
  new JoinWay(stack, 'join', { scene: 'qrcode', chatIds: [d.chatIdRef, 'wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA'], remark: Fn.lower('ABC') });
  // a stack whose raw overrides reach into resources: everything takes cdktf's path
  const s2 = new TerraformStack(app, 'stackOverrides');
  new WecomProvider(s2, 'wecom', CORP);
  const c2 = new AppChat(s2, 'c', { name: 'c', owner: 'zhangsan', members: { users } });
  s2.addOverride(`resource.wecom_app_chat.${c2.resource.friendlyUniqueId}.members`, ['lisi', 'zhangsan']);
  const s3 = new TerraformStack(app, 'withPolicy');
  new WecomProvider(s3, 'wecom', CORP);
  for (let i = 0; i < 5; i++) new AppChat(s3, `c${i}`, { name: `p${i}`, owner: 'zhangsan', members: { users } });
  Aspects.of(s3).add(new WecomBaseline({ maxMembers: 500, loggers: [] }));
  return [stack, s2, s3];
}

/** Every synthesized file of an app, by path relative to its outdir. */
function synthFiles(build: (app: App) => TerraformStack[], preResolve: boolean): { files: Map<string, string>; testing: string[] } {
  const was = setPreResolve(preResolve);
  try {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'pre-resolved-'));
    const app = new App({ outdir });
    const stacks = build(app);
    app.synth();
    const files = new Map<string, string>();
    for (const s of stacks) {
      const file = path.join('stacks', s.node.id, 'cdk.tf.json');
      files.set(file, fs.readFileSync(path.join(outdir, file), 'utf8'));
    }
    fs.rmSync(outdir, { recursive: true, force: true });
    // Testing.synth resolves through stack.toTerraform() without writing (new app, same tree)
    const app2 = Testing.app();
    const testing = build(app2).map((s) => Testing.synth(s));
    return { files, testing };
  } finally {
    setPreResolve(was);
  }
}

describe('pre-resolved attributes', () => {
  test.each([
    ['edge cases', edgeCases],
    ['examples/project-groups', (app: App) => addProjectStacks(app, { ...CORP, projects: ['demo-shop', 'ops'], loggers: [] })],
    ['examples/security-policy', (app: App) => [addSecurityStack(app, { ...CORP, loggers: [] })]],
  ])('%s synthesize byte for byte the same as with cdktf resolving everything', (_name, build) => {
    const fast = synthFiles(build, true);
    const slow = synthFiles(build, false);
    expect([...fast.files.keys()]).toEqual([...slow.files.keys()]);
    for (const [file, content] of slow.files) expect(fast.files.get(file)).toBe(content);
    expect(fast.testing).toEqual(slow.testing);
  });

  test('the fast check for encoded numbers agrees with cdktf\'s NUMBER_TOKEN_REGEX', () => {
    const re = /[-|\d|.+]+(e[-|\d|.|e|E|+]+)/;
    const alphabet = ['a', 'e', 'E', '1', '0', '-', '+', '.', '|', '_', 'x'];
    let seed = 42;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const disagree: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const s = Array.from({ length: 1 + rnd(8) }, () => alphabet[rnd(alphabet.length)]).join('');
      if (mayHoldEncodedNumber(s) !== re.test(s)) disagree.push(s);
    }
    expect(disagree).toEqual([]);
  });

  test('literal attributes are pre-resolved; a token keeps its attribute on cdktf\'s path', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    new WecomProvider(stack, 'wecom', CORP);
    const plain = new AppChat(stack, 'plain', { name: 'p', owner: 'zhangsan', members: { users: ['zhangsan', 'lisi'] } });
    const owner = User.fromId(stack, 'owner', 'zhangsan');
    const mixed = new AppChat(stack, 'mixed', { name: 'm', owner, members: { users: [owner, 'lisi'] } });
    const attrs = (c: AppChat): any => c.resource.toTerraform().resource.wecom_app_chat[c.resource.friendlyUniqueId];
    expect(Tokenization.isResolvable(attrs(plain))).toBe(true);
    const hex = new AppChat(stack, 'hex', { name: 'h', owner: 'zhangsan', members: { users: ['zhangsan', 'lisi'] }, chatId: 'c8e4d2ce' });
    expect(Tokenization.isResolvable(attrs(hex))).toBe(true); // "8e4" is no number token
    expect(JSON.parse(JSON.stringify(attrs(plain))).members).toEqual(['lisi', 'zhangsan']);
    const m = attrs(mixed);
    expect(Tokenization.isResolvable(m)).toBe(false);
    expect(Token.isUnresolved(m.owner)).toBe(true);
    expect(Tokenization.isResolvable(m['//'])).toBe(true); // the construct metadata is literal
    expect(Tokenization.isResolvable(m.members)).toBe(false); // holds the owner's token
  });
});
