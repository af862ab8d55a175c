import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres'
import { migrate } from 'drizzle-orm/node-postgres/migrator'
import { readMigrationFiles } from 'drizzle-orm/migrator'
import pg from 'pg'
import * as schema from './schema.pg'

/**
 * The PostgreSQL store (issue 19): a bounded pool on one database, its schema brought up to date at
 * start under an advisory lock, so that several instance processes starting together migrate once.
 * Every refusal is a PgStoreError whose message is one line naming the cause, for the operator.
 */

export type PgDb = NodePgDatabase<typeof schema>

export interface PgStore {
  db: PgDb
  pool: pg.Pool
  /** The URL without its password, for logs and messages. */
  where: string
  /** How many migrations this open applied (0 when another process had already applied them). */
  applied: number
  close(): Promise<void>
}

export interface PgStoreOptions {
  /** Folder holding drizzle-kit's PostgreSQL migrations (`drizzle/pg`). */
  migrationsFolder: string
  /** Most connections this process holds (default 10): several processes share the server's limit. */
  poolSize?: number
  /** Longest a statement may run before the server cancels it (default 5 s); migrations are exempt. */
  statementTimeoutMs?: number
  /** Longest to wait for a connection, new or from the pool (default 10 s). */
  connectTimeoutMs?: number
}

export const PgStoreProblem = {
  BAD_URL: 'BAD_URL',
  UNREACHABLE: 'UNREACHABLE',
  REFUSED_LOGIN: 'REFUSED_LOGIN',
  NO_DATABASE: 'NO_DATABASE',
  NEWER_SCHEMA: 'NEWER_SCHEMA',
  MISSING_EXTENSION: 'MISSING_EXTENSION',
} as const
export type PgStoreProblem = (typeof PgStoreProblem)[keyof typeof PgStoreProblem]

export class PgStoreError extends Error {
  constructor(
    readonly problem: PgStoreProblem,
    message: string,
  ) {
    // One line whatever the server said: it goes to a terminal or a log line as it is.
    super(message.replace(/\s*\n\s*/g, ' '))
    this.name = 'PgStoreError'
  }
}

/** pg_trgm: trigram search; btree_gin: the tenant in the same GIN key (drizzle/pg/0000). */
export const REQUIRED_EXTENSIONS = ['pg_trgm', 'btree_gin'] as const

/** The session advisory lock that serialises migrations, one number for every Switchboard process. */
export const MIGRATION_LOCK = 0x5357_4244_0013 // "SWBD", issue 19

export async function openPgStore(url: string, options: PgStoreOptions): Promise<PgStore> {
  const target = parsePgUrl(url)
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    statement_timeout: options.statementTimeoutMs ?? 5_000,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    application_name: 'switchboard',
  })
  // An idle connection the server drops (restart, failover) emits 'error' on the pool; unhandled, that
  // would end the process. The pool discards that client and the next query connects anew.
  pool.on('error', () => undefined)
  try {
    const applied = await migrateUnderLock(pool, target, options.migrationsFolder)
    return { db: drizzle(pool, { schema }), pool, where: target.where, applied, close: () => pool.end() }
  } catch (error) {
    await pool.end().catch(() => undefined)
    throw error
  }
}

interface PgTarget {
  where: string
  host: string
  port: string
  user: string
  database: string
}

/** Checks the URL's shape before any connection: a wrong one is named as such, not as a network error. */
export function parsePgUrl(url: string): PgTarget {
  const expected = 'expected postgres://user[:password]@host[:port]/database'
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new PgStoreError(PgStoreProblem.BAD_URL, `Not a PostgreSQL URL: "${redact(url)}" (${expected}).`)
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new PgStoreError(PgStoreProblem.BAD_URL, `Not a PostgreSQL URL: it starts with "${parsed.protocol}//" (${expected}).`)
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''))
  if (!parsed.hostname || !database || database.includes('/')) {
    throw new PgStoreError(PgStoreProblem.BAD_URL, `The PostgreSQL URL ${redactUrl(parsed)} names no host or no database (${expected}).`)
  }
  return {
    where: redactUrl(parsed),
    host: parsed.hostname,
    port: parsed.port || '5432',
    user: decodeURIComponent(parsed.username) || '(default user)',
    database,
  }
}

function redactUrl(parsed: URL): string {
  const copy = new URL(parsed.toString())
  if (copy.password) copy.password = '***'
  return copy.toString()
}

/** A string that is not a URL may still hold a password after "user:": never echo one. */
const redact = (text: string) => text.replace(/:[^:@/]*@/, ':***@')

async function migrateUnderLock(pool: pg.Pool, target: PgTarget, migrationsFolder: string): Promise<number> {
  const client = await connect(pool, target)
  let broken: Error | undefined
  // A checked-out client whose connection drops emits 'error' (the pool listens only to idle ones):
  // the query in flight rejects with it anyway, so it is only noted here, not left to end the process.
  const onError = (error: Error) => (broken = error)
  client.on('error', onError)
  try {
    // Migrations may build indexes for longer than the statement timeout, and waiting for another
    // process's migrations is waiting for the lock: neither is a runaway statement.
    await client.query('set statement_timeout = 0')
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK])
    try {
      // First the read-only check, so that a newer database is refused before anything is created.
      const before = await appliedMigrations(client, target, migrationsFolder)
      await ensureExtensions(client, target)
      await migrate(drizzle(client), { migrationsFolder })
      return (await appliedMigrations(client, target, migrationsFolder)) - before
    } finally {
      // If these fail the connection is gone or unknown: the client is destroyed below, and the
      // server drops a session's advisory locks with it. The first error is the one reported.
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch((error: Error) => (broken ??= error))
      await client.query('reset statement_timeout').catch((error: Error) => (broken ??= error))
    }
  } catch (error) {
    broken = error as Error
    if (error instanceof PgStoreError) throw error
    // The server went away mid-start (restart, failover, a dropped connection): say so, in one line.
    if (CONNECTION_LOST.has((error as PgFailure).code ?? '') || /Connection terminated/i.test((error as Error).message)) {
      throw new PgStoreError(
        PgStoreProblem.UNREACHABLE,
        `Lost the connection to PostgreSQL at ${target.host}:${target.port} while starting: ${(error as Error).message}.`,
      )
    }
    throw error
  } finally {
    // A client that failed mid-way is not given back to the pool (its session state is unknown).
    client.off('error', onError)
    client.release(broken)
  }
}

async function connect(pool: pg.Pool, target: PgTarget): Promise<pg.PoolClient> {
  try {
    return await pool.connect()
  } catch (error) {
    throw connectionError(error, target)
  }
}

type PgFailure = Error & { code?: string; errors?: { code?: string }[] }

/** Socket errors, and the server's "terminating connection" class (57P0x). */
const CONNECTION_LOST = new Set(['ECONNRESET', 'EPIPE', '57P01', '57P02', '57P03'])

/** Names why a connection failed: the server is not there, turned the login away, or has no such database. */
export function connectionError(error: unknown, target: PgTarget): PgStoreError {
  const failure = error as PgFailure
  // Node tries every address of "localhost" and reports them together (AggregateError).
  const code = failure.code ?? failure.errors?.find((e) => e.code)?.code
  const at = `${target.host}:${target.port}`
  const said = (failure.message || String(code)).trim()
  switch (code) {
    case 'ECONNREFUSED':
      return new PgStoreError(
        PgStoreProblem.UNREACHABLE,
        `PostgreSQL at ${at} refused the connection: no server is listening there (is it running, on that port?).`,
      )
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new PgStoreError(PgStoreProblem.UNREACHABLE, `PostgreSQL host ${target.host} was not found (${code}).`)
    case '28P01':
    case '28000':
      return new PgStoreError(PgStoreProblem.REFUSED_LOGIN, `PostgreSQL at ${at} refused the login of ${target.user}: ${said}.`)
    case '3D000':
      return new PgStoreError(PgStoreProblem.NO_DATABASE, `PostgreSQL at ${at} has no database "${target.database}" (create it first).`)
    default:
      return new PgStoreError(PgStoreProblem.UNREACHABLE, `Cannot connect to PostgreSQL at ${at}: ${said}.`)
  }
}

async function ensureExtensions(client: pg.PoolClient, target: PgTarget): Promise<void> {
  for (const name of REQUIRED_EXTENSIONS) {
    const { rows } = await client.query<{ installed: boolean; available: boolean }>(
      `select exists (select 1 from pg_extension where extname = $1) as installed,
              exists (select 1 from pg_available_extensions where name = $1) as available`,
      [name],
    )
    if (rows[0]?.installed) continue
    if (!rows[0]?.available) {
      throw new PgStoreError(
        PgStoreProblem.MISSING_EXTENSION,
        `PostgreSQL extension ${name} is missing: the server at ${target.host}:${target.port} does not have it installed (it ships with PostgreSQL's contrib modules).`,
      )
    }
    try {
      await client.query(`create extension if not exists ${name}`)
    } catch (error) {
      throw new PgStoreError(
        PgStoreProblem.MISSING_EXTENSION,
        `PostgreSQL extension ${name} is missing from database "${target.database}" and ${target.user} cannot create it (${(error as Error).message}); as the database owner or a superuser, run: CREATE EXTENSION ${name};`,
      )
    }
  }
}

/**
 * How many of this version's migrations the database has; refuses one that has migrations this
 * version does not know (written by a newer Switchboard), before anything is changed.
 */
async function appliedMigrations(client: pg.PoolClient, target: PgTarget, migrationsFolder: string): Promise<number> {
  const { rows: exists } = await client.query<{ present: boolean }>(
    `select to_regclass('drizzle.__drizzle_migrations') is not null as present`,
  )
  if (!exists[0]?.present) return 0
  const { rows } = await client.query<{ created_at: string }>('select created_at from drizzle.__drizzle_migrations')
  const known = new Set(readMigrationFiles({ migrationsFolder }).map((m) => m.folderMillis))
  const unknown = rows.filter((r) => !known.has(Number(r.created_at)))
  if (unknown.length > 0) {
    throw new PgStoreError(
      PgStoreProblem.NEWER_SCHEMA,
      `The PostgreSQL database "${target.database}" was migrated by a newer version of Switchboard (${unknown.length} schema change(s) this version does not know); update Switchboard to use it. Nothing was changed.`,
    )
  }
  return rows.length
}
