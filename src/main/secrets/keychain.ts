import { AsyncEntry } from '@napi-rs/keyring'

/**
 * Secrets kept in the operating system's credential store (Keychain on macOS, Credential Manager
 * on Windows, Secret Service — GNOME Keyring, KWallet — on Linux), never in a file or the SQLite
 * store. Through @napi-rs/keyring: a maintained N-API binding shipped as prebuilt binaries inside
 * its npm package (keytar, named in the design card, has been archived since 2022).
 */
export interface SecretStore {
  get(account: string): Promise<string | null>
  /** Stores or replaces. */
  set(account: string, secret: string): Promise<void>
  /** Whether there was one to delete. */
  delete(account: string): Promise<boolean>
}

export const KEYCHAIN_SERVICE = 'Switchboard'

export function osKeychain(service = KEYCHAIN_SERVICE): SecretStore {
  // On Linux, the Secret Service only: left to itself the binding falls back, silently, to the
  // kernel's keyutils keyring, which forgets everything at reboot and is reachable or not depending
  // on which process session asks (a connection would work today and be signed out tomorrow).
  // Pinned, an unreachable Secret Service is an error the console can name.
  const entry = (account: string) => new AsyncEntry(service, account, { linux: { store: 'secret-service' } })
  return {
    get: async (account) => entry(account).getPassword(),
    set: async (account, secret) => entry(account).setPassword(secret),
    delete: async (account) => entry(account).deleteCredential(),
  }
}

/**
 * Whether the credential store works here, found by storing, reading back and deleting a probe:
 * a Linux machine without a running, unlocked Secret Service has none. The reason is for people.
 */
export async function probeKeychain(store: SecretStore): Promise<{ available: true } | { available: false; reason: string }> {
  const account = `probe-${process.pid}-${Date.now()}`
  try {
    await store.set(account, 'probe')
    const back = await store.get(account)
    await store.delete(account)
    return back === 'probe' ? { available: true } : { available: false, reason: 'the credential store did not give back what was stored' }
  } catch (error) {
    return { available: false, reason: error instanceof Error ? error.message : String(error) }
  }
}
