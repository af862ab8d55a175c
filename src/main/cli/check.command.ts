import fs from 'node:fs'
import { parseArgs } from 'node:util'
import Database from 'better-sqlite3'
import { defaultDataDir } from '../data-dir'
import { storeFileIn } from '../db/store'
import { defaultPgMigrationsFolder } from '../package-root'
import { openPgStore, PgStoreError, REQUIRED_EXTENSIONS } from '../db/pg-store'
import { DATABASE_FLAG, DATABASE_HELP, databaseUrl } from './database-option'
import { CliError, type Io } from './io'

export const CHECK_HELP = `switchboard check — read the whole store and check its integrity

Usage:
  switchboard check [--data DIR | --database URL]

Options:
  --data DIR   Data directory (default: ${defaultDataDir()})
${DATABASE_HELP}
  -h, --help   Show this help

The console checks the store on start only after an unclean shutdown, so that starting never
waits on the store's size; run this to check it at any other time (it only reads the store, and
may run while the console is open). Exits 1 if problems are found.

With --database it checks that the PostgreSQL database answers, has the extensions Switchboard
needs and a schema this version knows (bringing it up to date as an instance start would); the
server's own integrity is PostgreSQL's (checksums, amcheck), not this command's.
`

export async function checkCommand(argv: string[], io: Io): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { data: { type: 'string' }, ...DATABASE_FLAG, help: { type: 'boolean', short: 'h' } },
    strict: true,
  })
  if (values.help) {
    io.out(CHECK_HELP)
    return
  }
  const url = databaseUrl(values, io.env)
  if (url) return io.out(await checkPostgres(url))
  const file = storeFileIn(values.data ?? defaultDataDir())
  if (!fs.existsSync(file)) throw new CliError(`There is no store at ${file}.`, 2)
  let problems: string[]
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true })
    try {
      problems = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).filter((r) => r !== 'ok')
    } finally {
      db.close()
    }
  } catch (error) {
    throw new CliError(`${file} is not a readable Switchboard store: ${(error as Error).message}`, 1)
  }
  if (problems.length > 0) throw new CliError(`${file} failed its integrity check:\n  ${problems.slice(0, 20).join('\n  ')}`, 1)
  io.out(`${file}: integrity check passed.\n`)
}

/** Connects, and opens the database as an instance would: every refusal is its one line, exit 1. */
async function checkPostgres(url: string): Promise<string> {
  try {
    const store = await openPgStore(url, { migrationsFolder: defaultPgMigrationsFolder() })
    await store.close()
    const applied = store.applied ? `; applied ${store.applied} schema change(s)` : ''
    return `${store.where}: connected, extensions ${REQUIRED_EXTENSIONS.join(', ')} present, schema up to date${applied}.\n`
  } catch (error) {
    if (error instanceof PgStoreError) throw new CliError(error.message, 1)
    throw error
  }
}
