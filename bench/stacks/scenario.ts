// The many-stacks benchmark's cdktf app: S project stacks (`proj-00` …) of C app chats each, as a
// platform team writes it (plain JS using the built package, like test/cli/stacks.test.ts). Each
// stack draws its members from one department of the simulator's default org: every chat has
// that department (resolved at plan time) plus an owner and two explicit userids from it. Chat
// ids are explicit and carry the variant's letter, so the local and the pg project can share one
// simulator. BENCH_RENAME=<k> at synth time renames the first chat of every stack to
// "… (renamed k)" (the small change; a new k each round).
// With `backend: 'pg'` each stack gets cdktf's PgBackend in a schema of its own (conn_str from
// PG_CONN_STR, as the CI example does).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildDefaultOrg, DEFAULT_ORG } from '../../src/simulator/default-org';
import { departmentPools } from '../engine/scenario';

export type Backend = 'local' | 'pg';

export interface AppOptions {
  stacks: number;
  chatsPerStack: number;
  backend: Backend;
  /** The repository root (for node_modules/cdktf and dist/src). */
  root: string;
}

export interface StackSpec { name: string; schema: string; department: number; chats: Array<{ id: string; chatId: string; name: string; owner: string; users: string[] }> }

export const stackName = (i: number): string => `proj-${String(i).padStart(2, '0')}`;

export function stackSpecs(o: Pick<AppOptions, 'stacks' | 'chatsPerStack' | 'backend'>): StackSpec[] {
  const pools = departmentPools(buildDefaultOrg(), 3, 60);
  const letter = o.backend === 'pg' ? 'P' : 'L';
  return Array.from({ length: o.stacks }, (_, s) => {
    const pool = pools[s % pools.length];
    const chats = Array.from({ length: o.chatsPerStack }, (_, c) => {
      const pick = (k: number) => pool.people[(c * 3 + k) % pool.people.length];
      const owner = pick(0);
      return { id: `chat${c}`, chatId: `bench${letter}${String(s).padStart(3, '0')}c${String(c).padStart(4, '0')}`, name: `${stackName(s)} 群 ${c}`, owner, users: [...new Set([owner, pick(1), pick(2)])] };
    });
    return { name: stackName(s), schema: `bench_${stackName(s).replace(/-/g, '_')}`, department: pool.id, chats };
  });
}

/** Writes cdktf.json, stacks.json and app.js into `dir`; returns the stacks. */
export function writeApp(dir: string, o: AppOptions): StackSpec[] {
  const specs = stackSpecs(o);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: 'node app.js', output: 'cdktf.out', projectId: `bench-stacks-${o.backend}` }));
  fs.writeFileSync(path.join(dir, 'stacks.json'), JSON.stringify(specs));
  const cdktf = JSON.stringify(path.join(o.root, 'node_modules', 'cdktf'));
  const lib = JSON.stringify(path.join(o.root, 'dist', 'src', 'index.js'));
  fs.writeFileSync(path.join(dir, 'app.js'), `
const { App, TerraformStack, PgBackend } = require(${cdktf});
const lib = require(${lib});
const app = new App();
const rename = process.env.BENCH_RENAME;
for (const spec of require('./stacks.json')) {
  const stack = new TerraformStack(app, spec.name);
  ${o.backend === 'pg' ? 'new PgBackend(stack, { schemaName: spec.schema }); // conn_str from PG_CONN_STR' : ''}
  // The budget of 1,000 creates per corp per day is raised (as in the simulator) so the bench can set up twice.
  new lib.WecomProvider(stack, 'wecom', { corpId: ${JSON.stringify(DEFAULT_ORG.corpId)}, chatCreatesPerDay: 10000, chatUpdatesPerHour: 10000 });
  for (const [i, c] of spec.chats.entries()) {
    new lib.AppChat(stack, c.id, {
      chatId: c.chatId, name: rename && i === 0 ? c.name + ' (renamed ' + rename + ')' : c.name, owner: c.owner,
      members: { users: c.users, departments: [spec.department] },
    });
  }
}
app.synth();
`);
  return specs;
}
