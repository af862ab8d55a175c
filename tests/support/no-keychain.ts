import type { SecretStore } from '../../src/main/secrets/keychain'

const absent = () => Promise.reject(new Error("Couldn't access platform storage: AccessDenied"))

/**
 * A machine without an OS keychain (Linux with no Secret Service): every call fails as the real
 * binding's do there. The one stand-in for the keychain; where it runs, tests use the real one.
 */
export const noKeychain: SecretStore = { get: absent, set: absent, delete: absent }
