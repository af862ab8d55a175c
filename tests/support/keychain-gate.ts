import { osKeychain, probeKeychain } from '../../src/main/secrets/keychain'

/** Whether the suites that need the OS credential store run here, and if not, why. */
export type KeychainGate = { run: true } | { run: false; reason: string }

/**
 * Decided once per test run (vitest's and Playwright's global setup), printed once, the same line
 * for both. Where the test command made a keyring of its own (tools/keychain-session.ts sets
 * SWITCHBOARD_REQUIRE_KEYCHAIN=1), the suites run whatever the probe says, so a broken one fails
 * them instead of skipping them.
 */
export async function keychainGate(): Promise<KeychainGate> {
  if (process.env.SWITCHBOARD_REQUIRE_KEYCHAIN === '1') return { run: true }
  const probe = await probeKeychain(osKeychain('Switchboard tests'))
  if (probe.available) return { run: true }
  const reason = `[keychain] suites skipped: no usable OS credential store here (${probe.reason})`
  console.log(reason)
  return { run: false, reason }
}
