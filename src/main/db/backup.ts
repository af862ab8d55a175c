import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { readMigrationFiles } from 'drizzle-orm/migrator'
import { acquireDataLock } from '../data-lock'
import { inspectStoreFile, StoreOpenError, StoreProblem, storeFileIn, type OpenStoreOptions } from './store'

export interface BackupProgress {
  copied: number
  total: number
}

/** SQLite keeps a store in up to three files; they move together. */
const companions = (file: string) => [file, `${file}-wal`, `${file}-shm`]

/**
 * Copies a store while it is in use, through SQLite's online backup API: the copy is one
 * consistent moment of the store, and writers carry on meanwhile. Written under a temporary
 * name and checked before it takes its final one, so a half-written backup never looks whole.
 */
export async function backupStore(
  dataDir: string,
  toFile: string,
  options: OpenStoreOptions & { onProgress?: (progress: BackupProgress) => void },
): Promise<{ bytes: number }> {
  const source = storeFileIn(dataDir)
  if (!fs.existsSync(source)) throw new StoreOpenError(StoreProblem.UNREADABLE, `There is no store in ${dataDir} to back up.`)
  if (fs.existsSync(toFile)) throw new Error(`${toFile} already exists; choose a new file name for the backup.`)
  const partial = `${toFile}.partial`
  const db = new Database(source, { readonly: true, fileMustExist: true, nativeBinding: options.nativeBinding })
  try {
    db.pragma('busy_timeout = 5000')
    let restarts = 0
    let lastRemaining = Infinity
    let total = 0
    await db.backup(partial, {
      progress: ({ totalPages, remainingPages }) => {
        total = totalPages
        // A write by another connection restarts the copy; under steady writes, copy the rest in one step.
        if (remainingPages > lastRemaining) restarts++
        lastRemaining = remainingPages
        options.onProgress?.({ copied: totalPages - remainingPages, total: totalPages })
        return restarts >= 3 ? 0 : Math.max(100, Math.ceil(totalPages / 20))
      },
    })
    options.onProgress?.({ copied: total, total })
  } catch (error) {
    fs.rmSync(partial, { force: true })
    throw error
  } finally {
    db.close()
  }
  try {
    verifyBackup(partial, options)
  } catch (error) {
    fs.rmSync(partial, { force: true })
    throw error
  }
  fs.renameSync(partial, toFile)
  return { bytes: fs.statSync(toFile).size }
}

/** Refuses a file that is not a sound Switchboard store this version can open. */
export function verifyBackup(file: string, options: OpenStoreOptions): number {
  if (!fs.existsSync(file)) throw new StoreOpenError(StoreProblem.UNREADABLE, `There is no file ${file}.`)
  const known = readMigrationFiles({ migrationsFolder: options.migrationsFolder })
  const applied = inspectStoreFile(file, known, options)
  if (applied === 0) throw new StoreOpenError(StoreProblem.UNREADABLE, `${file} is an SQLite file, but not a Switchboard store.`)
  return applied
}

/**
 * Puts a backup in place of a data directory's store. The backup is verified first; an existing
 * store is replaced only when `force` is given, and is kept aside (renamed, never deleted). No
 * console may have the directory open meanwhile.
 */
export function restoreStore(
  fromFile: string,
  dataDir: string,
  options: OpenStoreOptions & { force?: boolean },
): { keptAside: string | null } {
  verifyBackup(fromFile, options)
  const lock = acquireDataLock(dataDir, 'a restore')
  try {
    const target = storeFileIn(dataDir)
    let keptAside: string | null = null
    if (fs.existsSync(target)) {
      if (!options.force) {
        throw new Error(`${dataDir} already holds a store. Add --force to replace it (it is kept aside, not deleted).`)
      }
      keptAside = `${target}.replaced-${new Date().toISOString().replace(/[:.]/g, '-')}`
      companions(target).forEach((file, i) => fs.existsSync(file) && fs.renameSync(file, companions(keptAside!)[i]!))
    }
    const partial = path.join(dataDir, `${path.basename(target)}.restoring`)
    fs.copyFileSync(fromFile, partial)
    const fd = fs.openSync(partial, 'r+')
    fs.fsyncSync(fd)
    fs.closeSync(fd)
    fs.renameSync(partial, target)
    return { keptAside }
  } finally {
    lock.release()
  }
}
