import { afterEach, describe, inject } from 'vitest'
import { openPgBackend, type Backend } from '../../src/main/backend'
import { manualClock } from '../../src/main/clock'
import type { InstanceConfig } from '../../src/main/config'
import { Dialect } from '../../src/main/db/engine'
import { freshDatabase, MIGRATED_TEMPLATE } from './pg-database'
import { tempBackend, tempDir, testKeychain } from './temp-backend'

/** The engines every shared suite runs on (issue 19). */
export const ENGINES = [Dialect.SQLITE, Dialect.PG] as const
export type EngineName = (typeof ENGINES)[number]

const postgres = inject('postgres')

const closing: (() => Promise<void>)[] = []
afterEach(async () => {
  while (closing.length) await closing.pop()?.()
})

/** `describe` for one engine: PostgreSQL's skips, with the gate's one line, where the run has no cluster. */
export const describeOn = (engine: EngineName) => (engine === Dialect.PG && !postgres.run ? describe.skip : describe)

/** `describe.each` over both engines; the PostgreSQL half skips where the run has no cluster. */
export function describeEngines(name: string, body: (engine: EngineName) => void): void {
  for (const engine of ENGINES) describeOn(engine)(`${name} [${engine}]`, () => body(engine))
}

const DEFAULT_CONFIG: InstanceConfig = { mailFrom: 'Switchboard <no-reply@switchboard.test>' }

/**
 * A real backend on `engine` with a manual clock: a temporary SQLite file, or a database of its own
 * in the run's PostgreSQL cluster (copied from the migrated template, so it opens at once).
 */
export async function backendOn(
  engine: EngineName,
  config: InstanceConfig = DEFAULT_CONFIG,
  licenceKeys?: readonly string[],
): Promise<Backend & { clock: ReturnType<typeof manualClock>; dataDir: string }> {
  if (engine === Dialect.SQLITE) return tempBackend(undefined, config, licenceKeys)
  if (!postgres.run) throw new Error(postgres.reason)
  const clock = manualClock()
  const dataDir = tempDir()
  const database = await freshDatabase(postgres.url, 'sb', MIGRATED_TEMPLATE)
  const backend = await openPgBackend({ url: database.url, dataDir, clock, config, licenceKeys, secrets: testKeychain })
  closing.push(async () => {
    await backend.close()
    await database.drop()
  })
  return Object.assign(backend, { clock, dataDir })
}
