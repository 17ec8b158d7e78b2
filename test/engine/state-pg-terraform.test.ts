// Interop with the real `terraform` binary and its built-in pg backend (no provider download:
// only `terraform_data`), on a throwaway PostgreSQL. Skips, saying so, when terraform is absent.
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { PgStateLockedError, PgStateStore, pgBackendConfig } from '../../src/engine/state/pg';
import { startPostgres, TestPostgres } from '../helpers/postgres';
import { SLOW_SUITE_TIMEOUT_MS } from '../helpers/timeouts';
import { waitFor } from '../helpers/wait';

// Starts a PostgreSQL server, ts-node children and terraform: the slow suites' backstop.
jest.setTimeout(SLOW_SUITE_TIMEOUT_MS);

function terraformOnPath(): string | undefined {
  try {
    return execFileSync('sh', ['-c', 'command -v terraform'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

const TERRAFORM = terraformOnPath();
if (!TERRAFORM) {
  console.warn('Skipping "pg state: interop with terraform": `terraform` is not on PATH. These tests run the real Terraform CLI.');
}
const describeTf = TERRAFORM ? describe : describe.skip;

const MAIN_TF = `terraform {
  backend "pg" {}
}

variable "v" {
  type    = string
  default = "hello"
}

resource "terraform_data" "x" {
  input = var.v
}
`;

/** Terraform's application_name (lib/pq passes it from conn_str), so our errors can name it. */
const TF_APP = 'terraform-interop';

interface Tf { dir: string; env: NodeJS.ProcessEnv }
interface TfRun { code: number | null; stdout: string; stderr: string }

let pg: TestPostgres;
let admin: Client;
let home: string;
const stores: PgStateStore[] = [];
let n = 0;

beforeAll(async () => {
  if (!TERRAFORM) return;
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'wecom-tf-home-'));
  pg = await startPostgres();
  admin = new Client({ connectionString: pg.connStr });
  await admin.connect();
});

afterAll(async () => {
  await admin?.end();
  await pg?.stop();
  if (home) fs.rmSync(home, { recursive: true, force: true });
});

afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close().catch(() => undefined)));
});

/** A Terraform working directory on schema `schema` (terraform init done). */
async function tfProject(schema: string): Promise<Tf> {
  const dir = fs.mkdtempSync(path.join(home, 'proj-'));
  fs.writeFileSync(path.join(dir, 'main.tf'), MAIN_TF);
  const rc = path.join(home, 'empty.tfrc');
  fs.writeFileSync(rc, '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH, HOME: home, TF_CLI_CONFIG_FILE: rc, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1',
    PG_CONN_STR: `${pg.connStr}&application_name=${TF_APP}`, PG_SCHEMA_NAME: schema,
  };
  const tf = { dir, env };
  const init = await terraform(tf, ['init', '-input=false', '-no-color']);
  expect(init).toMatchObject({ code: 0 });
  return tf;
}

/** Runs terraform (bounded). With `holdUntil`, stdin stays open: onPrompt(write) is called once stdout contains it. */
function terraform(tf: Tf, args: string[], opts: { holdUntil?: string; onPrompt?: (answer: (s: string) => void) => Promise<void> } = {}): Promise<TfRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('terraform', args, { cwd: tf.dir, env: tf.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let prompted = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    if (!opts.holdUntil) child.stdin.end();
    child.stdout.on('data', (b) => {
      stdout += b;
      if (opts.holdUntil && !prompted && stdout.includes(opts.holdUntil)) {
        prompted = true;
        opts.onPrompt!((s) => child.stdin.end(s)).catch((e) => { child.kill('SIGKILL'); reject(e); });
      }
    });
    child.stderr.on('data', (b) => { stderr += b; });
    child.on('error', reject);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

/** `terraform apply ARGS` held at its prompt while PgStateStore tries the lock; what the lock threw (answered "no"). */
async function lockDuringApplyPrompt(tf: Tf, s: PgStateStore, args: string[]): Promise<unknown> {
  let refused: unknown;
  const run = await terraform(tf, ['apply', '-no-color', ...args], {
    holdUntil: 'Enter a value:',
    onPrompt: async (answer) => {
      refused = await s.lock('default', { operation: 'plan' }).catch((e) => e);
      answer('no\n');
    },
  });
  expect(run.stdout).toContain('Apply cancelled.');
  return refused;
}

async function store(schema: string, operation = 'test'): Promise<PgStateStore> {
  const s = await PgStateStore.open({ config: pgBackendConfig({ conn_str: pg.connStr, schema_name: schema }, {}), operation });
  stores.push(s);
  await s.ensureSchema();
  return s;
}

const freshSchema = () => `tf${++n}_${process.pid}`;

/** A v4 state holding terraform_data.x with input `value`, as Terraform 1.11 writes it. */
function stateWith(value: string, lineage: string, serial: number): string {
  return JSON.stringify({
    version: 4, terraform_version: '1.11.4', serial, lineage, outputs: {},
    resources: [{
      mode: 'managed', type: 'terraform_data', name: 'x', provider: 'provider["terraform.io/builtin/terraform"]',
      instances: [{
        schema_version: 0,
        attributes: { id: randomUUID(), input: { value, type: 'string' }, output: { value, type: 'string' }, triggers_replace: null },
        sensitive_attributes: [],
      }],
    }],
    check_results: null,
  }, null, 2) + '\n';
}

/** Column and index definitions of `schema`.states, with the schema name taken out. */
async function shapeOf(schema: string) {
  const cols = await admin.query(`SELECT column_name, data_type, is_nullable, column_default FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'states' ORDER BY ordinal_position`, [schema]);
  const idx = await admin.query(`SELECT indexname, replace(indexdef, $1, 'S') AS def FROM pg_indexes WHERE schemaname = $2 ORDER BY indexname`, [`${schema}.`, schema]);
  const cons = await admin.query(`SELECT conname, contype, pg_get_constraintdef(c.oid) AS def FROM pg_constraint c JOIN pg_namespace ns ON ns.oid = c.connamespace WHERE ns.nspname = $1 ORDER BY conname`, [schema]);
  return { cols: cols.rows, idx: idx.rows, cons: cons.rows };
}

describeTf('pg state: interop with terraform', () => {
  test('(a) state written by terraform apply is read by PgStateStore (default and another workspace); same DDL', async () => {
    const schema = freshSchema();
    const tf = await tfProject(schema);
    expect(await terraform(tf, ['apply', '-auto-approve', '-input=false', '-no-color'])).toMatchObject({ code: 0 });

    const s = await store(schema);
    const doc = JSON.parse((await s.read('default'))!);
    expect(doc).toMatchObject({ version: 4, serial: 1 });
    expect(doc.resources).toEqual([expect.objectContaining({ type: 'terraform_data', name: 'x' })]);
    expect(doc.resources[0].instances[0].attributes.input).toEqual({ value: 'hello', type: 'string' });

    // Another workspace: a row named after it.
    expect(await terraform(tf, ['workspace', 'new', '-no-color', 'proj-a'])).toMatchObject({ code: 0 });
    expect(await terraform(tf, ['apply', '-auto-approve', '-input=false', '-no-color', '-var', 'v=in-proj-a'])).toMatchObject({ code: 0 });
    const projA = JSON.parse((await s.read('proj-a'))!);
    expect(projA.resources[0].instances[0].attributes.input.value).toBe('in-proj-a');
    expect(await s.workspaces()).toEqual(['default', 'proj-a']);

    // Our DDL on a new schema gives exactly what terraform init made.
    const ours = freshSchema();
    await store(ours);
    expect(await shapeOf(ours)).toEqual(await shapeOf(schema));
  });

  test('(b) state written by PgStateStore: terraform plan reports no changes, then applies on top of it', async () => {
    const schema = freshSchema();
    const s = await store(schema, 'apply');
    const lineage = randomUUID();
    await s.lock('default', { operation: 'apply' });
    await s.write('default', stateWith('hello', lineage, 3));
    await s.unlock();

    const tf = await tfProject(schema);
    const plan = await terraform(tf, ['plan', '-detailed-exitcode', '-input=false', '-no-color']);
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('No changes.');
    const pulled = JSON.parse((await terraform(tf, ['state', 'pull'])).stdout);
    expect(pulled).toMatchObject({ lineage, serial: 3 });

    // Terraform continues our lineage and serial.
    expect(await terraform(tf, ['apply', '-auto-approve', '-input=false', '-no-color', '-var', 'v=changed'])).toMatchObject({ code: 0 });
    const after = JSON.parse((await s.read('default'))!);
    expect(after).toMatchObject({ lineage, serial: 4 });
    expect(after.resources[0].instances[0].attributes.input.value).toBe('changed');
  });

  test('(c) while PgStateStore holds the lock, terraform is refused with its lock error', async () => {
    const schema = freshSchema();
    const s = await store(schema, 'apply');
    await s.lock('default', { operation: 'apply' });
    await s.write('default', stateWith('hello', randomUUID(), 1));
    const tf = await tfProject(schema);

    const refused = await terraform(tf, ['plan', '-lock-timeout=0s', '-input=false', '-no-color']);
    expect(refused.code).toBe(1);
    // Terraform wraps its messages: compare with whitespace collapsed.
    const flat = (t: string) => t.replace(/\s+/g, ' ');
    expect(flat(refused.stderr)).toContain('Error acquiring the state lock');
    expect(flat(refused.stderr)).toContain('Workspace is already locked: default');

    // Holding the creation lock (locking a workspace that has no row yet) excludes terraform too.
    await s.unlock();
    await s.lock('fresh', { operation: 'apply' });
    const creating = await terraform(tf, ['plan', '-lock-timeout=0s', '-input=false', '-no-color']);
    expect(creating.code).toBe(1);
    expect(flat(creating.stderr)).toContain('Cannot lock workspace; already locked for workspace creation: default');

    await s.unlock();
    const ok = await terraform(tf, ['plan', '-detailed-exitcode', '-lock-timeout=0s', '-input=false', '-no-color']);
    expect(ok.code).toBe(0);
  });

  test('(d) while terraform holds the lock (apply waiting at its prompt), PgStateStore.lock is refused naming it', async () => {
    const schema = freshSchema();
    const tf = await tfProject(schema);
    expect(await terraform(tf, ['apply', '-auto-approve', '-input=false', '-no-color'])).toMatchObject({ code: 0 });
    const s = await store(schema, 'plan');
    const refused = await lockDuringApplyPrompt(tf, s, ['-var', 'v=other']);
    expect(refused).toBeInstanceOf(PgStateLockedError);
    const err = refused as PgStateLockedError;
    expect(err).toMatchObject({ kind: 'workspace', workspace: 'default', schema });
    expect(err.message).toContain(`workspace "default" in PostgreSQL schema "${schema}"`);
    expect(err.message).toContain(`"${TF_APP}"`);
    // Terraform's lock ended with its process.
    await waitFor('terraform to let go', () => s.lock('default', { operation: 'plan' }).then(() => true, () => false));
  });

  test('(d) terraform creating a workspace (first apply, no row: it holds -1) refuses PgStateStore too', async () => {
    const schema = freshSchema();
    const tf = await tfProject(schema);
    const s = await store(schema, 'plan');
    const refused = await lockDuringApplyPrompt(tf, s, []);
    expect(refused).toBeInstanceOf(PgStateLockedError);
    expect(refused).toMatchObject({ kind: 'creation', key: '-1' });
    expect((refused as Error).message).toContain(`"${TF_APP}"`);
    expect(await s.read('default')).toBeUndefined();
  });
});
