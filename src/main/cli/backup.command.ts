import path from 'node:path'
import { parseArgs } from 'node:util'
import { defaultMigrationsFolder } from '../backend'
import { backupStore, restoreStore } from '../db/backup'
import { defaultDataDir } from '../data-dir'
import { DATABASE_FLAG, DATABASE_HELP, databaseUrl, openPgCliBackend } from './database-option'
import { CliError, type Io } from './io'

const PG_BACKUP_NOTE = `
A PostgreSQL database is backed up and restored by PostgreSQL itself: pg_dump / pg_restore for a
copy, continuous archiving (WAL) for point-in-time recovery. With --database these commands check
the connection and say so.
`

/** What backup and restore say for PostgreSQL, once the connection is known to work. */
async function pgBackupAdvice(url: string, dataDir: string, what: 'back up' | 'restore'): Promise<never> {
  const backend = await openPgCliBackend({ url, dataDir })
  const where = backend.pg.where
  await backend.close()
  const how =
    what === 'back up'
      ? "take a copy with pg_dump --format=custom, or use the server's continuous archiving for point-in-time recovery"
      : 'restore a pg_dump copy with pg_restore into an empty database, or recover the server to a point in time from its archive'
  throw new CliError(
    `The connection to ${where} works, but Switchboard does not ${what} a PostgreSQL database itself: ${how}. Stop the instance processes first when restoring.`,
    2,
  )
}

export const BACKUP_HELP = `switchboard backup — copy the store while the console keeps running

Usage:
  switchboard backup --to FILE [--data DIR]
  switchboard backup --database URL

Options:
  --to FILE    Where to write the backup (a new file)
  --data DIR   Data directory (default: ${defaultDataDir()})
${DATABASE_HELP}
  -h, --help   Show this help

The copy is one consistent moment of the store, taken with SQLite's online backup API while
the console may be writing; it is checked before the command reports success.
${PG_BACKUP_NOTE}`

export const RESTORE_HELP = `switchboard restore — put a backup in place of the store

Usage:
  switchboard restore --from FILE [--data DIR] [--force]
  switchboard restore --database URL

Options:
  --from FILE  A backup made by "switchboard backup" (or a copy taken before a schema change)
  --data DIR   Data directory (default: ${defaultDataDir()})
  --force      Replace an existing store (it is kept aside as switchboard.sqlite.replaced-<time>)
${DATABASE_HELP}
  -h, --help   Show this help

The backup is verified first (integrity, a Switchboard store this version can open). Stop the
console using the data directory before restoring.
${PG_BACKUP_NOTE}`

/** Store problems, a busy data directory, a file in the way: the user's to fix, printed, exit 1. */
function asCliError(error: unknown): never {
  throw new CliError(error instanceof Error ? error.message : String(error), 1)
}

export async function backupCommand(argv: string[], io: Io): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { to: { type: 'string' }, data: { type: 'string' }, ...DATABASE_FLAG, help: { type: 'boolean', short: 'h' } },
    strict: true,
  })
  if (values.help) return void io.out(BACKUP_HELP)
  const url = databaseUrl(values, io.env)
  if (url) return pgBackupAdvice(url, path.resolve(values.data ?? defaultDataDir()), 'back up')
  if (!values.to) throw new CliError('Name the backup file: switchboard backup --to FILE', 2)
  const dataDir = path.resolve(values.data ?? defaultDataDir())
  const to = path.resolve(values.to)
  let shown = -1
  const { bytes } = await backupStore(dataDir, to, {
    migrationsFolder: defaultMigrationsFolder(),
    onProgress: ({ copied, total }) => {
      const percent = Math.floor((copied / Math.max(total, 1)) * 100)
      if (percent !== shown) io.err(`\rBacking up… ${(shown = percent)}%`)
    },
  }).catch(asCliError)
  io.err('\n')
  io.out(`Backed up ${dataDir} to ${to} (${(bytes / 1024 / 1024).toFixed(1)} MB), verified.\n`)
}

export async function restoreCommand(argv: string[], io: Io): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      from: { type: 'string' },
      data: { type: 'string' },
      force: { type: 'boolean' },
      ...DATABASE_FLAG,
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  })
  if (values.help) return void io.out(RESTORE_HELP)
  const url = databaseUrl(values, io.env)
  if (url) return pgBackupAdvice(url, path.resolve(values.data ?? defaultDataDir()), 'restore')
  if (!values.from) throw new CliError('Name the backup to restore: switchboard restore --from FILE', 2)
  const dataDir = path.resolve(values.data ?? defaultDataDir())
  let result: { keptAside: string | null }
  try {
    result = restoreStore(path.resolve(values.from), dataDir, { migrationsFolder: defaultMigrationsFolder(), force: values.force })
  } catch (error) {
    asCliError(error)
  }
  io.out(`Restored ${values.from} into ${dataDir}.\n` + (result.keptAside ? `The store it replaced is kept as ${result.keptAside}.\n` : ''))
}
