// State in PostgreSQL, as Terraform's pg backend keeps it (docs/state-pg.md).
export * from './config';
export * from './errors';
export { PgLedger } from './ledger';
export type { LedgerUpdate } from './ledger';
export { PgStateStore } from './store';
export type { PgStateStoreOptions, PgLockInfo, PgStateLock } from './store';
export { redactPg } from './redact';
export { resolveTarget, describeTarget } from './conn-string';
export type { PgTarget } from './conn-string';
export { applicationNameFor } from './session';
export { openTofuCreationKey, quoteIdent, terraformSql, ledgerSql } from './sql';
export { DEFAULT_WORKSPACE, checkWorkspaceName } from './workspace';
