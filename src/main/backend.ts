import { systemClock, type Clock } from './clock'
import { readInstanceConfig, type InstanceConfig } from './config'
import { openStore, type Store } from './db/store'
import { osKeychain, type SecretStore } from './secrets/keychain'
import { LOCAL_STORE, setAuditOrigin } from './features/audit/audit.repository'
import { createServices, type Services } from './services'

interface BackendOptions {
  dataDir: string
  clock?: Clock
  /** Defaults to the `drizzle/` folder of this package. */
  migrationsFolder?: string
  nativeBinding?: string
  /** Defaults to the SWITCHBOARD_* environment variables. */
  config?: InstanceConfig
  /** Public keys trusted for licences; defaults to the one built into the app. Tests pass their own. */
  licenceKeys?: readonly string[]
  /** Where secrets such as the SMTP password are kept; defaults to the OS keychain. */
  secrets?: SecretStore
}

export interface Backend {
  store: Store
  services: Services
  close(): void
}

import { appVersion, defaultMigrationsFolder } from './package-root'

export { appVersion, defaultMigrationsFolder, packageRoot } from './package-root'

/**
 * The SWITCHBOARD_* variables, read once. SWITCHBOARD_SMTP_PASSWORD then leaves the environment,
 * so programs this process starts (the browser, the updater) never inherit it.
 */
export function environmentConfig(): InstanceConfig {
  const config = readInstanceConfig(process.env)
  delete process.env.SWITCHBOARD_SMTP_PASSWORD
  return config
}

export function openBackend(options: BackendOptions): Backend {
  const storeOptions = { migrationsFolder: options.migrationsFolder ?? defaultMigrationsFolder(), nativeBinding: options.nativeBinding }
  const store = openStore(options.dataDir, storeOptions)
  setAuditOrigin(store.db, { appVersion: appVersion(), host: LOCAL_STORE })
  const services = createServices(store.db, options.clock ?? systemClock, options.config ?? environmentConfig(), {
    ...storeOptions,
    dataDir: options.dataDir,
    secrets: options.secrets ?? osKeychain(),
    licenceKeys: options.licenceKeys,
  })
  return { store, services, close: () => store.close() }
}
