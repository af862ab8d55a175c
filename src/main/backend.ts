import { systemClock, type Clock } from './clock'
import { readInstanceConfig, type InstanceConfig } from './config'
import { sqliteEngine } from './db/engine.sqlite'
import type { Engine } from './db/engine'
import { pgEngine } from './db/engine.pg'
import { openPgStore, type PgStore, type PgStoreOptions } from './db/pg-store'
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
  engine: Engine
  /** The SQLite store; null on PostgreSQL. */
  store: Store | null
  services: Services
  close(): Promise<void>
}

import { appVersion, defaultMigrationsFolder, defaultPgMigrationsFolder } from './package-root'

export { appVersion, defaultMigrationsFolder, defaultPgMigrationsFolder, packageRoot } from './package-root'

/**
 * The SWITCHBOARD_* variables, read once. SWITCHBOARD_SMTP_PASSWORD then leaves the environment,
 * so programs this process starts (the browser, the updater) never inherit it.
 */
export function environmentConfig(): InstanceConfig {
  const config = readInstanceConfig(process.env)
  delete process.env.SWITCHBOARD_SMTP_PASSWORD
  return config
}

/** A backend on the SQLite store of a data directory. */
export type SqliteBackend = Backend & { store: Store }

export function openBackend(options: BackendOptions): SqliteBackend {
  const storeOptions = { migrationsFolder: options.migrationsFolder ?? defaultMigrationsFolder(), nativeBinding: options.nativeBinding }
  const config = options.config ?? environmentConfig()
  const secrets = options.secrets ?? osKeychain()
  const clock = options.clock ?? systemClock
  const open = (): { store: Store; engine: Engine; services: Services } => {
    const store = openStore(options.dataDir, storeOptions)
    const engine = sqliteEngine(store)
    setAuditOrigin(engine, { appVersion: appVersion(), host: LOCAL_STORE })
    const services = createServices(engine, clock, config, {
      ...storeOptions,
      dataDir: options.dataDir,
      secrets,
      licenceKeys: options.licenceKeys,
      storeHost: { replaceStore },
    })
    return { store, engine, services }
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
    get engine() {
      return current.engine
    },
    // Hosts hold on to these for their lifetime; each call goes to the store open at that moment.
    services: followCurrent(() => current.services),
    close: async () => {
      await current.engine.close()
      current.store.close()
    },
  }
}

interface PgBackendOptions extends Omit<BackendOptions, 'migrationsFolder' | 'nativeBinding'>, Partial<PgStoreOptions> {
  /** postgres://user@host:port/database */
  url: string
}

/**
 * A backend on a PostgreSQL database (the instance, issue 19). `dataDir` holds this process's own
 * files (the idempotency fingerprint key); every process serving the database must be given the
 * same key file. Demo resets are refused: a database is not replaced by a process.
 */
export async function openPgBackend(options: PgBackendOptions): Promise<Backend & { pg: PgStore }> {
  const { url, dataDir, poolSize, statementTimeoutMs, connectTimeoutMs } = options
  const pgStore = await openPgStore(url, {
    migrationsFolder: options.migrationsFolder ?? defaultPgMigrationsFolder(),
    poolSize,
    statementTimeoutMs,
    connectTimeoutMs,
  })
  const engine = pgEngine(pgStore)
  setAuditOrigin(engine, { appVersion: appVersion(), host: pgStore.where })
  const services = createServices(engine, options.clock ?? systemClock, options.config ?? environmentConfig(), {
    migrationsFolder: defaultMigrationsFolder(),
    dataDir,
    secrets: options.secrets ?? osKeychain(),
    licenceKeys: options.licenceKeys,
  })
  return {
    engine,
    store: null,
    services,
    pg: pgStore,
    close: async () => {
      await engine.close()
      await pgStore.close()
    },
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
