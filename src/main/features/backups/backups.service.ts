import fs from 'node:fs'
import path from 'node:path'
import { INSTANCE_ADMINS } from '../../../shared/access'
import type { BackupEvent, BackupFile } from '../../../shared/contract'
import { AppError, ErrorCode } from '../../../shared/errors'
import type { Clock } from '../../clock'
import { backupStore } from '../../db/backup'
import type { Engine } from '../../db/engine'
import { backupsDirIn, type OpenStoreOptions } from '../../db/store'
import { requireRole } from '../access'
import { AuditResult } from '../audit/audit.repository'
import { recordAction } from '../audit/mutation'
import type { Actor } from '../auth/auth.service'

/** Where the store lives and how to check a copy of it; given by the composition root. */
export interface BackupsOptions extends OpenStoreOptions {
  dataDir: string
}

/** What an instance on PostgreSQL says instead: its server's own tools keep and restore it. */
export const BACKUPS_ON_SERVER =
  'This instance keeps its data in a PostgreSQL server, which Switchboard does not copy itself. ' +
  'Back it up with pg_dump, or with the point-in-time recovery of the PostgreSQL server, and restore from there.'

const RESTORE_HINT =
  'Restoring replaces the store, so the console must be stopped: run `switchboard restore --from <data directory>/backups/NAME --force`. ' +
  'The store it replaces is kept aside.'

/**
 * Settings → Backups: copies of the store in the data directory's backups/ folder, made with the
 * one backup routine (db/backup.ts, also behind `switchboard backup`). File names are the server's;
 * no client path is ever written to. Restore stays on the command line. Only for the SQLite store:
 * on PostgreSQL both are refused (UNAVAILABLE), pointing at the server's tools.
 */
export function createBackupsService(engine: Engine, clock: Clock, options: BackupsOptions) {
  const folder = backupsDirIn(options.dataDir)

  /** The SQLite store's copies are this service's; a PostgreSQL server's are not. */
  function requireSqlite(): void {
    if (!engine.sqlite) throw new AppError(ErrorCode.UNAVAILABLE, BACKUPS_ON_SERVER)
  }

  function describe(name: string): BackupFile {
    const stat = fs.statSync(path.join(folder, name))
    return { name, bytes: stat.size, createdAt: stat.mtime }
  }

  /** A new name from the clock; never one already there (two backups in the same millisecond). */
  function newName(): string {
    const stamp = clock.now().toISOString().replace(/[:.]/g, '-')
    for (let n = 1; ; n++) {
      const name = n === 1 ? `switchboard-${stamp}.sqlite` : `switchboard-${stamp}-${n}.sqlite`
      if (!fs.existsSync(path.join(folder, name))) return name
    }
  }

  /** Runs the backup, handing its progress on as events while it copies. */
  async function* run(actor: Actor, name: string): AsyncGenerator<BackupEvent> {
    const queue: BackupEvent[] = []
    let finished = false
    let wake: (() => void) | null = null
    const copied = backupStore(options.dataDir, path.join(folder, name), {
      ...options,
      onProgress: (progress) => {
        queue.push({ type: 'progress', ...progress })
        wake?.()
      },
    })
    // On record however it ends, also when the caller stops listening half-way (the copy carries on).
    const outcome = copied.then(
      () => recordAction(engine, clock, actor, 'backups.create', name, AuditResult.OK),
      async (error: unknown) => {
        await recordAction(engine, clock, actor, 'backups.create', name, AuditResult.FAILED)
        throw error
      },
    )
    const settle = () => {
      finished = true
      wake?.()
    }
    outcome.then(settle, settle)
    while (queue.length || !finished) {
      if (queue.length) yield queue.shift()!
      else await new Promise<void>((resolve) => (wake = resolve))
    }
    try {
      await outcome
    } catch (error) {
      throw new AppError(ErrorCode.UNAVAILABLE, `The backup failed: ${error instanceof Error ? error.message : String(error)}`)
    }
    yield { type: 'done', backup: describe(name) }
  }

  return {
    list(actor: Actor): { backups: BackupFile[]; restore: string } {
      requireRole(actor, INSTANCE_ADMINS, 'see backups')
      requireSqlite()
      const names = fs.existsSync(folder) ? fs.readdirSync(folder).filter((name) => name.endsWith('.sqlite')) : []
      const backups = names.map(describe).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.name.localeCompare(a.name))
      return { backups, restore: RESTORE_HINT }
    },

    /** Checks come first, so a refusal is an ordinary error rather than a broken stream (as fillDemo). */
    start(actor: Actor): AsyncGenerator<BackupEvent> {
      requireRole(actor, INSTANCE_ADMINS, 'back up the store')
      requireSqlite()
      fs.mkdirSync(folder, { recursive: true })
      return run(actor, newName())
    },
  }
}

export type BackupsService = ReturnType<typeof createBackupsService>
