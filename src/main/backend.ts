import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
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

/**
 * The package root: the nearest folder above this module holding Switchboard's
 * package.json. Works from the sources, the bundle (and its chunks) and an asar archive.
 */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const manifest = path.join(dir, 'package.json')
    if (fs.existsSync(manifest) && (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name === 'switchboard') return dir
    const parent = path.dirname(dir)
    if (parent === dir) throw new Error('Cannot find the Switchboard package folder above ' + fileURLToPath(import.meta.url))
    dir = parent
  }
}

/** This program's version, as package.json states it (recorded on every audit row). */
export function appVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version
}

export function defaultMigrationsFolder(): string {
  return path.join(packageRoot(), 'drizzle')
}

/**
 * The SWITCHBOARD_* variables, read once. SWITCHBOARD_SMTP_PASSWORD then leaves the environment,
 * so programs this process starts (the browser, the updater) never inherit it.
 */
function environmentConfig(): InstanceConfig {
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
