import { getTableColumns, getTableName, type Table } from 'drizzle-orm'
import type pg from 'pg'
import type { Conn } from './engine'

/**
 * Statements written out as SQL text for the hottest PostgreSQL reads (issue 22; SQLite's twin is
 * `prepared` in ./query.ts). drizzle builds a query's SQL anew on every call and maps its rows
 * through each column's decoder: about 0.1 ms per statement on this machine, as much as the
 * statement itself takes PostgreSQL for a page of users. Text written once costs nothing to build,
 * and node-postgres hands the rows over already shaped: objects keyed by the columns' aliases,
 * timestamptz as Date, bigint and numeric as strings.
 *
 * The text must spell the expressions of the indexes it means to use exactly as schema.pg.ts does
 * (collations included); the plan tests run these same texts.
 */

/** The node-postgres pool behind a drizzle database, or inside a transaction that transaction's client. */
function clientOf({ db }: Conn): pg.Pool | pg.PoolClient {
  const client = (db as unknown as { session?: { client?: pg.Pool | pg.PoolClient } }).session?.client
  if (!client) throw new Error('No PostgreSQL connection behind this database handle')
  return client
}

/** One statement's text and its values, in the order of their $n. */
export interface PgStatement {
  text: string
  values: unknown[]
}

/** Runs a statement on the connection (or transaction) and returns its rows. */
export async function pgRows<T>(conn: Conn, { text, values }: PgStatement): Promise<T[]> {
  return (await clientOf(conn).query<T & pg.QueryResultRow>({ text, values })).rows
}

/** Collects a statement's values: `bind(v)` adds one and returns its `$n` for the text. */
export function pgValues(): { values: unknown[]; bind: (value: unknown) => string } {
  const values: unknown[] = []
  return { values, bind: (value) => `$${values.push(value)}` }
}

/** Column types that node-postgres reads as drizzle does (text, boolean, integer, timestamptz as Date). */
const READ_ALIKE = new Set(['PgText', 'PgBoolean', 'PgInteger', 'PgTimestamp'])
const byIdTexts = new WeakMap<Table, string>()

/**
 * A row by primary key `id`, every column under its field name: what `db.select().from(table)
 * .where(eq(table.id, id))` answers, from a text written once per table. Only for tables whose
 * columns node-postgres reads as drizzle does; any other is refused at its first use.
 */
export async function pgById<T>(conn: Conn, table: Table, id: unknown): Promise<T | undefined> {
  let text = byIdTexts.get(table)
  if (!text) {
    const columns = Object.entries(getTableColumns(table)).map(([field, column]) => {
      if (!READ_ALIKE.has(column.columnType)) throw new Error(`pgById: ${getTableName(table)}.${column.name} is a ${column.columnType}`)
      return `"${column.name}" as "${field}"`
    })
    byIdTexts.set(table, (text = `select ${columns.join(', ')} from "${getTableName(table)}" where id = $1`))
  }
  return (await pgRows<T>(conn, { text, values: [id] }))[0]
}
