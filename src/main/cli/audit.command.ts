import path from 'node:path'
import { parseArgs } from 'node:util'
import Database from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { defaultDataDir } from '../data-dir'
import * as schema from '../db/schema'
import { storeFileIn } from '../db/store'
import { verifyAuditChain } from '../features/audit/audit-verify'
import { sqliteEngine } from '../db/engine.sqlite'
import { DATABASE_FLAG, DATABASE_HELP, databaseUrl, openPgCliBackend } from './database-option'
import { CliError, type Io } from './io'

export const AUDIT_HELP = `switchboard audit — check the audit log

Usage:
  switchboard audit verify [--data DIR | --database URL]

Options:
  --data DIR   Data directory (default: ${defaultDataDir()})
${DATABASE_HELP}
  -h, --help   Show this help

Every audit row carries a SHA-256 over the row before it and its own fields. "verify" walks the
log and names the first row that does not match: a row altered, or one removed before it. Rows
written before this check existed are counted but not covered. Exit code 0: intact; 1: broken.
`

/** Prints what the walk found; a broken chain is exit 1. */
function report(found: Awaited<ReturnType<typeof verifyAuditChain>>, io: Io): void {
  const older = found.unchained ? ` (${found.unchained} written before the chain began are not covered)` : ''
  if (found.brokenAt !== null) {
    throw new CliError(
      `The audit log has been tampered with: row ${found.brokenAt} does not match the chain (it, or a row just before it, was altered or removed).`,
      1,
    )
  }
  io.out(`The audit log is intact: ${found.rows} rows${older}.\n`)
}

export async function auditCommand(argv: string[], io: Io): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { data: { type: 'string' }, ...DATABASE_FLAG, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: true,
  })
  if (values.help || positionals.length === 0) return void io.out(AUDIT_HELP)
  if (positionals.join(' ') !== 'verify') throw new CliError(`Unexpected "${positionals.join(' ')}". See "switchboard audit --help".`, 2)
  const url = databaseUrl(values, io.env)
  if (url) {
    const backend = await openPgCliBackend({ url, dataDir: path.resolve(values.data ?? defaultDataDir()) })
    try {
      return report(await verifyAuditChain(backend.engine), io)
    } finally {
      await backend.close()
    }
  }
  const dataDir = path.resolve(values.data ?? defaultDataDir())
  // Read-only: checking must change nothing (no migration, no lock), and may run beside the console.
  let sqlite: Database.Database
  try {
    sqlite = new Database(storeFileIn(dataDir), { readonly: true, fileMustExist: true })
  } catch (error) {
    throw new CliError(`Cannot open the store in ${dataDir}: ${error instanceof Error ? error.message : String(error)}`, 1)
  }
  try {
    report(await verifyAuditChain(sqliteEngine({ db: drizzle(sqlite, { schema }), sqlite })), io)
  } catch (error) {
    if (error instanceof CliError) throw error
    // A store from before the chain existed lacks its columns: start the console once to upgrade it.
    throw new CliError(`Cannot read the audit log in ${dataDir}: ${error instanceof Error ? error.message : String(error)}`, 1)
  } finally {
    sqlite.close()
  }
}
