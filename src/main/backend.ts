import { systemClock, type Clock } from './clock'
import { readInstanceConfig, type InstanceConfig } from './config'
import { openStore, type Store } from './db/store'
import { moveStoreAside, removeStoreFiles } from './db/store-files'
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
  const config = options.config ?? environmentConfig()
  const secrets = options.secrets ?? osKeychain()
  const clock = options.clock ?? systemClock
  const open = (): { store: Store; services: Services } => {
    const store = openStore(options.dataDir, storeOptions)
    setAuditOrigin(store.db, { appVersion: appVersion(), host: LOCAL_STORE })
    const services = createServices(store.db, clock, config, {
      ...storeOptions,
      dataDir: options.dataDir,
      secrets,
      licenceKeys: options.licenceKeys,
      storeHost: { replaceStore },
    })
    return { store, services }
  }
  let current = open()

  /** Reset demo and Start my own console: this store closes and an empty one opens in its place. */
  function replaceStore(keep: boolean) {
    const hostBase = current.services.links.base()
    current.store.close()
    const keptIn = keep ? moveStoreAside(options.dataDir) : (removeStoreFiles(options.dataDir), null)
    current = open()
    current.services.links.setHostBase(hostBase)
    return { keptIn, write: current.services.demo.write }
  }

  return {
    get store() {
      return current.store
    },
    // Hosts hold on to these for their lifetime; each call goes to the store open at that moment.
    services: followCurrent(() => current.services),
    close: () => current.store.close(),
  }
}

/** Services whose every method call goes to the services of the store open at the time of the call. */
function followCurrent(currentServices: () => Services): Services {
  const features = {} as Record<string, unknown>
  for (const feature of Object.keys(currentServices())) {
    features[feature] = new Proxy(
      {},
      {
        get(_, name) {
          const target = currentServices()[feature as keyof Services] as Record<string | symbol, unknown>
          const value = target[name]
          return typeof value === 'function' ? value.bind(target) : value
        },
        has: (_, name) => name in (currentServices()[feature as keyof Services] as object),
        ownKeys: () => Reflect.ownKeys(currentServices()[feature as keyof Services] as object),
        getOwnPropertyDescriptor: (_, name) => {
          const target = currentServices()[feature as keyof Services] as object
          const descriptor = Reflect.getOwnPropertyDescriptor(target, name)
          return descriptor ? { ...descriptor, configurable: true } : undefined
        },
      },
    )
  }
  return features as Services
}
