// Child process for tests: takes a pg state lock, says LOCKED, then waits to be killed.
// argv: connStr schema workspace operation
import { PgStateStore, pgBackendConfig } from '../../src/engine/state/pg';

(async () => {
  const [connStr, schema, workspace, operation] = process.argv.slice(2);
  const store = await PgStateStore.open({ config: pgBackendConfig({ conn_str: connStr, schema_name: schema }, {}), operation });
  await store.ensureSchema();
  await store.lock(workspace, { operation });
  process.stdout.write(`LOCKED ${store.applicationName}\n`);
  setInterval(() => undefined, 1 << 30); // hold until killed
})().catch((e) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(2);
});
