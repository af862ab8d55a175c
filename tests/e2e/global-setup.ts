import { keychainGate } from '../support/keychain-gate'

/**
 * Once per `playwright test`: whether the specs that need the OS credential store run. Workers
 * inherit process.env from here; `needsKeychain()` in fixtures.ts reads it.
 */
export default async function globalSetup(): Promise<void> {
  const gate = await keychainGate()
  if (gate.run) delete process.env.SWITCHBOARD_KEYCHAIN_SKIPPED
  else process.env.SWITCHBOARD_KEYCHAIN_SKIPPED = gate.reason
}
