import type { TestProject } from 'vitest/node'
import { keychainGate, type KeychainGate } from './keychain-gate'

declare module 'vitest' {
  export interface ProvidedContext {
    keychain: KeychainGate
  }
}

/** Once per `vitest run`: whether the keychain suites run (they read it with `inject('keychain')`). */
export default async function setup(project: TestProject): Promise<void> {
  project.provide('keychain', await keychainGate())
}
