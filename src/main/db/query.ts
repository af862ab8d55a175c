import type Database from 'better-sqlite3'
import { SEARCH_COUNT_CAP } from '../../shared/contract/common'
import { sql, type SQL } from 'drizzle-orm'
import type { SQLiteTable } from 'drizzle-orm/sqlite-core'
import type { Reader, Writer } from './types'

/** Inserts many rows in statements of 100: SQLite caps the parameters of one statement. */
export function insertInBatches<T extends SQLiteTable>(db: Writer, table: T, rows: T['$inferInsert'][]): void {
  for (let i = 0; i < rows.length; i += 100)
    db.insert(table)
      .values(rows.slice(i, i + 100))
      .run()
}

/** A LIKE pattern (with `escape '\\'`) matching `search` anywhere, case-insensitively. */
export function likePattern(search: string): string {
  return `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

/** A list's total, counted exactly on its first page only; null on later pages. */
export function firstPageTotal(db: Reader, table: SQLiteTable, where: SQL | undefined, after: unknown): number | null {
  return after
    ? null
    : (db
        .select({ n: sql<number>`count(*)` })
        .from(table)
        .where(where)
        .get()?.n ?? 0)
}

/** The better-sqlite3 connection behind a drizzle database or transaction. */
export function clientOf(db: Reader | Writer): Database.Database {
  const withClient = db as unknown as { $client?: Database.Database; session?: { client: Database.Database } }
  const client = withClient.$client ?? withClient.session?.client
  if (!client) throw new Error('No SQLite connection behind this database handle')
  return client
}

const statementCache = new WeakMap<Database.Database, Map<string, Database.Statement>>()

/**
 * A statement prepared once per connection and reused: hot list queries are not rebuilt or
 * re-planned per call. `build` runs only the first time `key` is asked for on a connection.
 */
export function prepared(db: Reader | Writer, key: string, build: () => string): Database.Statement {
  const client = clientOf(db)
  let statements = statementCache.get(client)
  if (!statements) statementCache.set(client, (statements = new Map()))
  let statement = statements.get(key)
  if (!statement) statements.set(key, (statement = client.prepare(build())))
  return statement
}

/**
 * A search's or filter's total on its first page, counted up to SEARCH_COUNT_CAP and no further:
 * `totalCapped` says the list holds more (shown as "1,000+"); null on later pages.
 */
export function firstPageCappedTotal(
  db: Reader,
  table: SQLiteTable,
  where: SQL | undefined,
  after: unknown,
): { total: number | null; totalCapped: boolean } {
  if (after) return { total: null, totalCapped: false }
  const matches = db
    .select({ one: sql`1` })
    .from(table)
    .where(where)
    .limit(SEARCH_COUNT_CAP + 1)
    .as('matches')
  const n =
    db
      .select({ n: sql<number>`count(*)` })
      .from(matches)
      .get()?.n ?? 0
  return { total: Math.min(n, SEARCH_COUNT_CAP), totalCapped: n > SEARCH_COUNT_CAP }
}
