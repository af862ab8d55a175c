import type Database from 'better-sqlite3'
import { SEARCH_COUNT_CAP } from '../../shared/contract/common'
import type { SQLiteTable } from 'drizzle-orm/sqlite-core'
import { Dialect, type Conn, type DrizzleDb } from './engine'
import { pgRows, type Statement } from './pg-query'

/** Inserts many rows in statements of 100: SQLite caps the parameters of one statement. */
export async function insertInBatches<T extends SQLiteTable>({ db }: Conn, table: T, rows: T['$inferInsert'][]): Promise<void> {
  for (let i = 0; i < rows.length; i += 100) await db.insert(table).values(rows.slice(i, i + 100))
}

/** A LIKE pattern (with `escape '\\'`) matching `search` anywhere, case-insensitively. */
export function likePattern(search: string): string {
  return `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

/**
 * A search's or filter's first-page total as a written-out statement (see `writtenRows`): the matches
 * of `rows` (its `from … where …`) counted up to SEARCH_COUNT_CAP and one more, never further.
 */
export const cappedCountSql = (rows: string, bind: (value: unknown) => string): string =>
  `select count(*) as n from (select 1 ${rows} limit ${bind(SEARCH_COUNT_CAP + 1)}) matches`

/**
 * A list's total from the rows of its count (`n`), or null where none was read (a later page).
 * `capped`: counted by `cappedCountSql`, so `totalCapped` says the list holds more (shown as "1,000+").
 * count(*) and sum() are bigints on PostgreSQL, which node-postgres hands over as strings.
 */
export function pageTotal(
  rows: readonly { n: number | string | null }[] | null,
  capped: boolean,
): { total: number | null; totalCapped: boolean } {
  if (!rows) return { total: null, totalCapped: false }
  const count = Number(rows[0]?.n ?? 0)
  return capped ? { total: Math.min(count, SEARCH_COUNT_CAP), totalCapped: count > SEARCH_COUNT_CAP } : { total: count, totalCapped: false }
}

/** The better-sqlite3 connection behind a drizzle database (SQLite siblings only). */
export function clientOf(db: DrizzleDb): Database.Database {
  const withClient = db as unknown as { $client?: Database.Database; session?: { client: Database.Database } }
  const client = withClient.$client ?? withClient.session?.client
  if (!client) throw new Error('No SQLite connection behind this database handle')
  return client
}

const statementCache = new WeakMap<Database.Database, Map<string, Database.Statement>>()

/**
 * A statement prepared once per connection and reused (SQLite siblings only): hot list queries are
 * not rebuilt or re-planned per call. `build` runs only the first time `key` is asked for.
 */
export function prepared({ db }: Conn, key: string, build: () => string): Database.Statement {
  const client = clientOf(db)
  let statements = statementCache.get(client)
  if (!statements) statementCache.set(client, (statements = new Map()))
  let statement = statements.get(key)
  if (!statement) statements.set(key, (statement = client.prepare(build())))
  return statement
}

/**
 * The rows whose key is one of `ids` (each once), through a statement prepared once per connection
 * and number of ids (SQLite siblings only): `build` gets the `?, ?, …` list to put after `in`.
 */
export function preparedIn<T>(conn: Conn, key: string, ids: readonly string[], build: (marks: string) => string): T[] {
  const unique = [...new Set(ids)]
  return prepared(conn, `${key}.${unique.length}`, () => build(unique.map(() => '?').join(', '))).all(...unique) as T[]
}

/**
 * Collects a written-out statement's values for an engine (see `writtenRows`): `bind(v)` adds one
 * and returns its placeholder (`?` on SQLite, `$n` on PostgreSQL). Moments go as each engine keeps
 * them (ms on SQLite, timestamptz on PostgreSQL) and booleans as SQLite's 0/1.
 */
export function binder(dialect: Dialect): { values: unknown[]; bind: (value: unknown) => string } {
  const values: unknown[] = []
  const pg = dialect === Dialect.PG
  return {
    values,
    bind(value) {
      if (value instanceof Date) value = pg ? value.toISOString() : value.getTime()
      else if (typeof value === 'boolean' && !pg) value = value ? 1 : 0
      return pg ? `$${values.push(value)}` : (values.push(value), '?')
    },
  }
}

/** A moment as either driver reads it: ms on SQLite, a Date on PostgreSQL. */
export type ReadMoment = number | Date
export const dateOf = (at: ReadMoment): Date => (at instanceof Date ? at : new Date(at))

/**
 * A statement written out once as SQL text, run on either engine: prepared once per text on SQLite,
 * sent as is to PostgreSQL (pg-query.ts says why). Rows come as each driver reads them.
 */
export async function writtenRows<T>(conn: Conn, statement: Statement): Promise<T[]> {
  if (conn.dialect === Dialect.PG) return pgRows<T>(conn, statement)
  return prepared(conn, statement.text, () => statement.text).all(...statement.values) as T[]
}
