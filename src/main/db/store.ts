import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { readMigrationFiles } from 'drizzle-orm/migrator'
import * as schema from './schema'
import { reuseStatements } from './statement-reuse'

export type Db = BetterSQLite3Database<typeof schema>

export interface Store {
  db: Db
  sqlite: Database.Database
  file: string
  /** Whether this open read the whole file to check it (after an unclean shutdown, or when asked). */
  checked: boolean
  close(): void
}

export const StoreProblem = {
  CORRUPT: 'CORRUPT',
  NEWER_SCHEMA: 'NEWER_SCHEMA',
  UNREADABLE: 'UNREADABLE',
} as const
export type StoreProblem = (typeof StoreProblem)[keyof typeof StoreProblem]

/** Why a store was refused; the message is meant for the operator's eyes. */
export class StoreOpenError extends Error {
  constructor(
    readonly problem: StoreProblem,
    message: string,
  ) {
    super(message)
    this.name = 'StoreOpenError'
  }
}

export interface OpenStoreOptions {
  /** Folder holding drizzle-kit's generated migrations (`drizzle/`). */
  migrationsFolder: string
  /** Path to a better_sqlite3.node built for the running runtime (Electron needs its own). */
  nativeBinding?: string
  /**
   * When to read the whole file to check its integrity before opening it: `auto` (the default)
   * only after an unclean shutdown, `always`, or `never`. A clean start never pays for the
   * store's size (issue 13: it took 9–18 s on a 1 GB store).
   */
  integrityCheck?: 'auto' | 'always' | 'never'
}

const STORE_FILE_NAME = 'switchboard.sqlite'

export function storeFileIn(dataDir: string): string {
  return path.join(dataDir, STORE_FILE_NAME)
}

/**
 * Present while a process has the store open, removed by a clean close: finding it at open means
 * the last run ended without closing (crash, power loss, kill), which is when a full check pays.
 */
export const openMarkerIn = (dataDir: string) => path.join(dataDir, `${STORE_FILE_NAME}.open`)

/**
 * Opens (creating if needed) the SQLite store in `dataDir` and brings its schema up to date.
 * An existing file is first inspected read-only: if it fails its integrity check or was
 * written by a newer Switchboard, it is refused and left exactly as it was.
 */
export function openStore(dataDir: string, options: OpenStoreOptions): Store {
  fs.mkdirSync(dataDir, { recursive: true })
  const file = storeFileIn(dataDir)
  const known = readMigrationFiles({ migrationsFolder: options.migrationsFolder })
  const marker = openMarkerIn(dataDir)
  const when = options.integrityCheck ?? 'auto'
  const exists = fs.existsSync(file) && fs.statSync(file).size > 0
  const checked = exists && (when === 'always' || (when === 'auto' && fs.existsSync(marker)))
  const applied = exists ? inspectStoreFile(file, known, { ...options, fullCheck: checked }) : 0

  const sqlite = new Database(file, { nativeBinding: options.nativeBinding })
  try {
    sqlite.pragma('journal_mode = WAL')
    sqlite.pragma('foreign_keys = ON')
    sqlite.pragma('busy_timeout = 5000')
    sqlite.pragma('synchronous = FULL')
    const db = drizzle(sqlite, { schema })
    // A copy of the store as it was, before its schema changes: the way back should a new version disappoint.
    if (applied > 0 && applied < known.length) copyBeforeMigrating(sqlite, dataDir, applied)
    // drizzle's migrator applies every pending migration inside one BEGIN … COMMIT.
    migrate(db, { migrationsFolder: options.migrationsFolder })
    reuseStatements(db)
    fs.writeFileSync(marker, `${process.pid}\n`)
    const close = () => {
      sqlite.close()
      fs.rmSync(marker, { force: true })
    }
    return { db, sqlite, file, checked, close }
  } catch (error) {
    sqlite.close()
    throw error
  }
}

/** Where the copies taken before schema changes go. */
export const backupsDirIn = (dataDir: string) => path.join(dataDir, 'backups')

function copyBeforeMigrating(sqlite: Database.Database, dataDir: string, applied: number): void {
  fs.mkdirSync(backupsDirIn(dataDir), { recursive: true })
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  // VACUUM INTO writes a consistent, compact copy in one statement.
  const copy = path.join(backupsDirIn(dataDir), `before-schema-${applied}-${stamp}.sqlite`)
  sqlite.prepare('vacuum into ?').run(`${copy}.partial`)
  fs.renameSync(`${copy}.partial`, copy)
}

/**
 * Checks an existing store file without changing it: readable, passes its integrity check, a
 * Switchboard store this version knows (not written by a newer one). Returns how many schema
 * migrations it has; refuses with StoreOpenError.
 */
export function inspectStoreFile(
  file: string,
  known: { folderMillis: number; hash: string }[],
  options: OpenStoreOptions & { fullCheck?: boolean },
): number {
  let probe: Database.Database
  try {
    probe = new Database(file, { readonly: true, fileMustExist: true, nativeBinding: options.nativeBinding })
  } catch (error) {
    throw new StoreOpenError(StoreProblem.UNREADABLE, `Cannot open the data file ${file}: ${(error as Error).message}`)
  }
  try {
    return readMigrationState(probe, file, known, options.fullCheck ?? true)
  } catch (error) {
    // Without the full check, damage still shows as soon as the schema or the migrations are read.
    if (error instanceof StoreOpenError) throw error
    throw new StoreOpenError(
      StoreProblem.CORRUPT,
      `The data file ${file} is not a readable Switchboard store (${(error as Error).message}). It was left untouched; restore it from a backup or choose another data directory.`,
    )
  } finally {
    probe.close()
  }
}

function readMigrationState(probe: Database.Database, file: string, known: { folderMillis: number }[], fullCheck: boolean): number {
  const check: unknown = fullCheck ? probe.pragma('quick_check', { simple: true }) : 'ok'
  if (check !== 'ok') {
    throw new StoreOpenError(
      StoreProblem.CORRUPT,
      `The data file ${file} failed its integrity check (${String(check)}). It was left untouched; restore it from a backup or choose another data directory.`,
    )
  }
  const hasTable = probe.prepare(`select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'`).get()
  if (!hasTable) return 0
  const applied = probe.prepare('select hash, created_at as createdAt from __drizzle_migrations').all() as {
    hash: string
    createdAt: number
  }[]
  const knownMillis = new Set(known.map((m) => m.folderMillis))
  const unknown = applied.filter((m) => !knownMillis.has(Number(m.createdAt)))
  if (unknown.length > 0) {
    throw new StoreOpenError(
      StoreProblem.NEWER_SCHEMA,
      `The data file ${file} was written by a newer version of Switchboard (${unknown.length} schema change(s) this version does not know). Update Switchboard to open it; the file was left untouched.`,
    )
  }
  return applied.length
}
