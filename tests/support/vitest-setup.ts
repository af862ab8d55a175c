import type { TestProject } from 'vitest/node'
import { keychainGate, type KeychainGate } from './keychain-gate'
import { postgresGate, type PostgresGate } from './pg-gate'

declare module 'vitest' {
  export interface ProvidedContext {
    keychain: KeychainGate
    postgres: PostgresGate
  }
}

/**
 * Once per `vitest run`: whether the keychain suites run (they read it with `inject('keychain')`),
 * and the throwaway PostgreSQL cluster for the PostgreSQL suites (`inject('postgres')`), stopped
 * and removed when the run ends.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  project.provide('keychain', await keychainGate())
  const postgres = await postgresGate()
  project.provide('postgres', postgres.gate)
  return postgres.stop
}
