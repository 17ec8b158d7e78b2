// Terraform's state lock (client.go Lock/Unlock): session-level advisory locks, nothing stored.
// - Row exists: one statement tries the row-id lock and the creation lock -1; keep the row lock,
//   release -1. Either refused: release what was taken and refuse.
// - No row yet: take -1 (global to the database, so it serializes every workspace creation)
//   and keep it until the row exists; write() then switches to the row lock (Terraform keeps -1
//   until unlock, which blocks every other workspace in the database for a whole first apply).
// - OpenTofu >= 1.10 uses -(FNV-1 of schema NUL table) instead of -1: we take that key alongside
//   -1 when creating, and check it is free when locking a row (as OpenTofu does), so both tools
//   are excluded.
import type { Queries } from './session';
import { PgLockHolder, PgLockKind, PgStateLockedError } from './errors';
import { lockHoldersSql, terraformSql, tryLockSql, unlockSql } from './sql';

export const CREATION_KEY = '-1';

export interface HeldKeys {
  /** States row id, once we hold the row's own lock; undefined while we hold the creation lock(s). */
  rowId?: string;
  /** Advisory keys this lock holds on our session (released by unlock). */
  keys: string[];
}

async function tryLock({ q }: Queries, key: string): Promise<boolean> {
  const [row] = await q<{ ok: boolean }>(tryLockSql, [key]);
  return row.ok === true;
}

export async function releaseKey({ q }: Queries, key: string): Promise<boolean> {
  const [row] = await q<{ ok: boolean }>(unlockSql, [key]);
  return row.ok === true;
}

export async function lockHolders({ q }: Queries, key: string): Promise<PgLockHolder[]> {
  const rows = await q<{ pid: number; application_name: string | null; client_addr: string | null; backend_start: Date | null; usename: string | null }>(lockHoldersSql, [key]);
  return rows.map((r) => ({ pid: r.pid, applicationName: r.application_name, clientAddr: r.client_addr, backendStart: r.backend_start, user: r.usename }));
}

async function refused(db: Queries, schema: string, workspace: string, kind: PgLockKind, key: string, rowId?: string): Promise<never> {
  throw new PgStateLockedError(schema, workspace, kind, key, rowId, await lockHolders(db, key));
}

/** One attempt (no waiting). Throws PgStateLockedError naming the lock and its holder. */
export async function acquire(db: Queries, schema: string, workspace: string, tofuKey: string): Promise<HeldKeys> {
  const sql = terraformSql(schema);
  const extraCreationKey = tofuKey !== CREATION_KEY;
  for (let attempt = 0; attempt < 3; attempt++) {
    const rows = await db.array(sql.lock, [workspace]);
    if (rows.length) {
      const [id, didLock, didLockForCreate] = rows[0] as [string, boolean, boolean];
      if (!didLock) {
        if (didLockForCreate) await releaseKey(db, CREATION_KEY);
        return refused(db, schema, workspace, 'workspace', id, id);
      }
      if (!didLockForCreate) {
        await releaseKey(db, id);
        return refused(db, schema, workspace, 'creation', CREATION_KEY, id);
      }
      await releaseKey(db, CREATION_KEY);
      if (extraCreationKey) {
        if (!(await tryLock(db, tofuKey))) {
          await releaseKey(db, id);
          return refused(db, schema, workspace, 'creation', tofuKey, id);
        }
        await releaseKey(db, tofuKey);
      }
      return { rowId: id, keys: [id] };
    }
    // No row: we are creating the workspace.
    if (!(await tryLock(db, CREATION_KEY))) return refused(db, schema, workspace, 'creation', CREATION_KEY);
    if (extraCreationKey && !(await tryLock(db, tofuKey))) {
      await releaseKey(db, CREATION_KEY);
      return refused(db, schema, workspace, 'creation', tofuKey);
    }
    const keys = extraCreationKey ? [CREATION_KEY, tofuKey] : [CREATION_KEY];
    // Someone may have created (and unlocked) the row between our two statements: lock it instead.
    if (!(await db.q(sql.rowId, [workspace])).length) return { keys };
    for (const k of [...keys].reverse()) await releaseKey(db, k);
  }
  throw new Error(`pg state lock: workspace "${workspace}" kept appearing and disappearing while locking; try again`);
}

/** After the first write under the creation lock: take the new row's lock and drop the creation keys. */
export async function switchToRowLock(db: Queries, schema: string, workspace: string, held: HeldKeys): Promise<void> {
  if (held.rowId) return;
  const rows = await db.array(terraformSql(schema).lockRow, [workspace]);
  if (!rows.length) return;
  const [id, ok] = rows[0] as [string, boolean];
  // Refused only while another run probes the new row (it then backs off, seeing -1 held): keep -1.
  if (!ok) return;
  for (const k of [...held.keys].reverse()) await releaseKey(db, k);
  held.rowId = id;
  held.keys = [id];
}
