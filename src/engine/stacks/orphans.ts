// Stacks that have state but are no longer in the code: a project deleted from the projects
// file leaves chats, join ways and templates behind, still managed by nobody. They are found
// from the corp ledger's stack registry (every stack this project applied) and from state files
// of the local backend in the project folder, listed by every plan over the app, and
// `destroy --stack NAME` destroys them from their state alone.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { StackConfig } from '../config/stack';
import { LedgerDoc, LocalLedgerStore, StackEntry } from '../ledger';
import { ledgerFileName } from '../ledger/local';
import { resourceHandler } from '../resources';
import { readState } from '../state/file';
import { parseState, resourceAddress, TerraformState } from '../state/format';
import { PgBackendConfig, PgStateStore } from '../state/pg';
import { pgMirrorPath } from '../state/pg-mirror';
import { providerConfig } from '../runtime';
import type { CdktfProject, SynthesizedStack } from '../synth';

export interface Orphan {
  name: string;
  /** The state file, or for pg the local mirror its destroy works on. */
  statePath: string;
  /** For people: where the state lives. */
  where: string;
  /** Set for a stack whose state is in PostgreSQL. */
  pg?: PgBackendConfig;
  /** The provider block it was applied with (from the registry), when known. */
  provider?: Record<string, unknown>;
  state: TerraformState;
}

const STATE_FILE = /^terraform\.(.+)\.tfstate$/;

/** Every orphaned stack of the project whose state still manages something. */
export function findOrphans(project: CdktfProject, all: SynthesizedStack[]): Orphan[] {
  const inCode = new Set(all.map((s) => s.name));
  const found = new Map<string, { statePath: string; provider?: Record<string, unknown> }>();
  let names: string[] = [];
  try { names = fs.readdirSync(project.dir); } catch { /* no folder: nothing */ }
  // The registry first: it knows where a stack's state lives even outside the project folder.
  for (const f of names.filter((n) => /^cdktf-wecom\..+\.ledger\.json$/.test(n))) {
    const corpId = f.slice('cdktf-wecom.'.length, -'.ledger.json'.length);
    if (ledgerFileName(corpId) !== f) continue;
    const doc = new LocalLedgerStore(project.dir, corpId).readSync();
    for (const e of Object.values<StackEntry>(doc.stacks)) {
      if (e.project !== project.id || inCode.has(e.stack) || e.state.backend !== 'local') continue;
      found.set(e.stack, { statePath: e.state.path, provider: e.provider });
    }
  }
  for (const n of names) {
    const m = STATE_FILE.exec(n);
    if (m && !inCode.has(m[1]) && !found.has(m[1])) found.set(m[1], { statePath: path.join(project.dir, n) });
  }
  const out: Orphan[] = [];
  for (const [name, o] of [...found].sort(([a], [b]) => a.localeCompare(b))) {
    let state: TerraformState | undefined;
    try { state = readState(o.statePath); } catch { continue; } // unreadable state: not ours to judge here
    if (state?.resources.some((r) => r.mode === 'managed')) out.push({ name, statePath: o.statePath, where: o.statePath, provider: o.provider, state });
  }
  return out;
}

/**
 * Orphaned stacks whose state is in PostgreSQL: found in the stack registries of the corp
 * ledgers of the database the app's pg stacks use (every schema holding one), read without a
 * lock. `pgStacks` are the app's stacks with a pg backend (their connection is reused).
 */
export async function findPgOrphans(project: CdktfProject, all: SynthesizedStack[], pgStacks: StackConfig[]): Promise<Orphan[]> {
  const first = pgStacks.find((s) => s.backend?.type === 'pg');
  if (!first || first.backend?.type !== 'pg') return [];
  const corpIds = [...new Set(pgStacks.map((s) => String(providerConfig(s).corp_id ?? process.env.WECOM_CORP_ID ?? '')).filter(Boolean))];
  const inCode = new Set(all.map((s) => s.name));
  const store = await PgStateStore.open({ config: first.backend.config, operation: 'list stacks' });
  try {
    const entries = new Map<string, StackEntry>();
    for (const schema of await store.ledgerSchemas()) {
      for (const corp of corpIds) {
        const doc = await store.ledgerIn(schema).get<LedgerDoc>(corp, 'ledger');
        for (const e of Object.values(doc?.stacks ?? {})) if (e.project === project.id && !inCode.has(e.stack) && e.state.backend === 'pg') entries.set(e.stack, e);
      }
    }
    const out: Orphan[] = [];
    for (const e of [...entries.values()].sort((a, b) => a.stack.localeCompare(b.stack))) {
      if (e.state.backend !== 'pg') continue;
      const text = await store.readIn(e.state.schema, e.state.workspace);
      if (text === undefined) continue;
      const state = parseState(text, `schema ${e.state.schema}`);
      if (!state.resources.some((r) => r.mode === 'managed')) continue;
      const pg: PgBackendConfig = { ...first.backend.config, schemaName: e.state.schema };
      out.push({ name: e.stack, statePath: pgMirrorPath(project.dir, e.stack, pg), where: `PostgreSQL schema "${e.state.schema}"`, pg, provider: e.provider, state });
    }
    return out;
  } finally {
    await store.close();
  }
}

/** What destroying each object of an orphan would do, for the plan. */
export function orphanManages(o: Orphan): string[] {
  return o.state.resources.filter((r) => r.mode === 'managed').map((r) => {
    const attrs = r.instances[0]?.attributes ?? {};
    const h = resourceHandler(r.type);
    const note = h?.destroyNote?.(attrs) ?? (h?.forgetsOnDestroy?.(attrs) ? 'forget' : 'delete');
    return `${resourceAddress(r)}: ${note}`;
  });
}

/** A stack made from an orphan's state alone: no blocks, so a destroy plan removes everything. */
export function orphanStackConfig(o: Orphan): StackConfig {
  return {
    file: o.statePath, stackName: o.name, statePath: o.statePath,
    backend: o.pg ? { type: 'pg', config: o.pg } : { type: 'local' },
    providers: o.provider ? { wecom: o.provider } : {},
    outputs: [], blocks: [], byAddress: new Map(), dependsOnStacks: [],
  };
}
