import { openPgStore } from '../../src/main/db/pg-store'
import { defaultPgMigrationsFolder } from '../../src/main/package-root'
import { findPgBinaries, startPgCluster } from './pg-cluster'
import { asSuperuser, MIGRATED_TEMPLATE } from './pg-database'

/** Whether the PostgreSQL suites run here (with the test cluster's URL), and if not, why. */
export type PostgresGate = { run: true; url: string } | { run: false; reason: string }

/**
 * Decided once per test run (vitest's global setup), printed once, as the keychain gate is. Where
 * PostgreSQL is not installed the suites skip with one line; where it is installed (or
 * SWITCHBOARD_REQUIRE_POSTGRES=1, as .ci/run sets) a cluster that does not start fails the run.
 */
export async function postgresGate(): Promise<{ gate: PostgresGate; stop: () => Promise<void> }> {
  const found = findPgBinaries()
  if ('missing' in found) {
    if (process.env.SWITCHBOARD_REQUIRE_POSTGRES === '1') throw new Error(`[postgresql] required but ${found.missing}`)
    const reason = `[postgresql] suites skipped: ${found.missing}`
    console.log(reason)
    return { gate: { run: false, reason }, stop: async () => undefined }
  }
  const cluster = await startPgCluster(found.bin)
  await asSuperuser(cluster.url(), `create database "${MIGRATED_TEMPLATE}"`)
  const template = await openPgStore(cluster.url(MIGRATED_TEMPLATE), { migrationsFolder: defaultPgMigrationsFolder() })
  await template.close()
  return { gate: { run: true, url: cluster.url() }, stop: cluster.stop }
}
