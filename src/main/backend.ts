import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { systemClock, type Clock } from './clock'
import { openStore, type Store } from './db/store'
import { createServices, type Services } from './services'

export interface BackendOptions {
  dataDir: string
  clock?: Clock
  /** Defaults to the `drizzle/` folder of this package. */
  migrationsFolder?: string
  nativeBinding?: string
}

export interface Backend {
  store: Store
  services: Services
  close(): void
}

/**
 * The package root, from the bundle's location (`out/main/*.js`) or the sources
 * (`src/main/*.ts`) alike: both sit two folders below it.
 */
export function packageRoot(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
}

export function defaultMigrationsFolder(): string {
  return path.join(packageRoot(), 'drizzle')
}

export function openBackend(options: BackendOptions): Backend {
  const store = openStore(options.dataDir, {
    migrationsFolder: options.migrationsFolder ?? defaultMigrationsFolder(),
    nativeBinding: options.nativeBinding,
  })
  const services = createServices(store.db, options.clock ?? systemClock)
  return { store, services, close: () => store.close() }
}
