// Errors of the pg state store. Messages are redacted where they are built (redact.ts): none
// carries a password, and none keeps node-postgres' error as `cause` (it may quote the conn_str).

export class PgConfigError extends Error {
  readonly code = 'WECOM_PG_CONFIG';
  constructor(message: string) {
    super(`pg backend: ${message}`);
    this.name = 'PgConfigError';
  }
}

/** Could not connect, or the connection broke. `sqlState` is PostgreSQL's error code when it sent one. */
export class PgConnectionError extends Error {
  readonly code = 'WECOM_PG_CONNECTION';
  constructor(message: string, readonly sqlState?: string) {
    super(message);
    this.name = 'PgConnectionError';
  }
}

/** A statement failed (DDL, read, write, ledger). */
export class PgQueryError extends Error {
  readonly code = 'WECOM_PG_QUERY';
  constructor(message: string, readonly sqlState?: string) {
    super(message);
    this.name = 'PgQueryError';
  }
}

/** A session holding a conflicting advisory lock, as pg_locks + pg_stat_activity show it. */
export interface PgLockHolder {
  pid: number;
  /** Empty when the holder set none (Terraform sets none unless its conn_str does); null when hidden from us. */
  applicationName: string | null;
  clientAddr: string | null;
  backendStart: Date | null;
  user: string | null;
}

export type PgLockKind = 'workspace' | 'creation';

export class PgStateLockedError extends Error {
  readonly code = 'WECOM_STATE_LOCKED';
  constructor(
    readonly schema: string,
    readonly workspace: string,
    /** `workspace`: the row's lock is held; `creation`: someone is creating a workspace (key -1 or OpenTofu's). */
    readonly kind: PgLockKind,
    /** The advisory lock key that was refused: the row id, -1, or OpenTofu's creation key. */
    readonly key: string,
    readonly rowId: string | undefined,
    readonly holders: PgLockHolder[],
  ) {
    super(`${lockName(schema, workspace, kind, key, rowId)} is held by ${describeHolders(holders)}. ` +
      (kind === 'workspace'
        ? 'Wait for that run to finish (a lock ends with its session, also when the run crashes)'
        : 'Wait for that workspace creation to finish (it ends with the holder\'s run)') +
      (holders.length ? `; an administrator can end the session with SELECT pg_terminate_backend(${holders[0].pid}).` : '.'));
    this.name = 'PgStateLockedError';
  }
}

export function lockName(schema: string, workspace: string, kind: PgLockKind, key: string, rowId?: string): string {
  return kind === 'workspace'
    ? `the state lock of workspace "${workspace}" in PostgreSQL schema "${schema}" (advisory lock on states row id ${rowId ?? key})`
    : `the workspace-creation lock (advisory lock ${key}, taken while creating workspace "${workspace}" in schema "${schema}")`;
}

function describeHolders(holders: PgLockHolder[]): string {
  if (!holders.length) return 'another session that PostgreSQL did not name (it may have just ended: try again)';
  return holders.map((h) => {
    const hidden = h.applicationName === null && h.clientAddr === null;
    if (hidden) return `backend pid ${h.pid} (PostgreSQL hides who it is from this user)`;
    const name = h.applicationName ? `"${h.applicationName}"` : 'a session with no application_name (Terraform sets none)';
    const from = h.clientAddr ? ` from ${h.clientAddr}` : ' over a local socket';
    const since = h.backendStart ? `, connected since ${h.backendStart.toISOString()}` : '';
    const user = h.user ? ` as ${h.user}` : '';
    return `${name} (backend pid ${h.pid}${user}${from}${since})`;
  }).join(' and ');
}

/** The store's connection died: its locks ended with it, so nothing may be written any more. */
export class PgConnectionLostError extends PgConnectionError {
  constructor(message: string) {
    super(message);
    this.name = 'PgConnectionLostError';
  }
}

/** write() refused before touching the database: no lock held, or not a Terraform v4 state. */
export class PgWriteRefusedError extends Error {
  readonly code = 'WECOM_PG_WRITE_REFUSED';
  constructor(message: string) {
    super(message);
    this.name = 'PgWriteRefusedError';
  }
}
