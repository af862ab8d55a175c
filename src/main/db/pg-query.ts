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
export interface Statement {
  text: string
  values: unknown[]
  /**
   * The best plan is the same whatever the values: a primary-key or unique probe, or a walk along the
   * one index that serves the text's filters in its order. PostgreSQL may then keep a plan for it (see
   * `namedText`). Leave it out where the values choose the index (searches: "a" and "anne" are best
   * served by different plans).
   */
  samePlan?: true
}

/** The name each same-plan text is prepared under, on every connection that runs it (one per text). */
const names = new Map<string, string>()

/**
 * A same-plan statement goes as a named prepared statement: node-postgres parses it once per pooled
 * connection, and from the sixth run PostgreSQL plans it no more when its generic plan costs no more
 * than the custom ones did. Planning a join of four tables takes it ~0.7 ms, more than running it.
 */
function namedText(text: string): string {
  let name = names.get(text)
  if (!name) names.set(text, (name = `sb_${names.size}`))
  return name
}

/** Runs a statement on the connection (or transaction) and returns its rows. */
export async function pgRows<T>(conn: Conn, { text, values, samePlan }: Statement): Promise<T[]> {
  const name = samePlan ? namedText(text) : undefined
  return (await clientOf(conn).query<T & pg.QueryResultRow>({ name, text, values })).rows
}

/** Column types that node-postgres reads as drizzle does (text, boolean, integer, timestamptz as Date). */
const READ_ALIKE = new Set(['PgText', 'PgBoolean', 'PgInteger', 'PgTimestamp'])
const texts = new WeakMap<Table, Map<string, string>>()

/**
 * `select` of a table's columns (all, or the given fields) under their field names, by `id`:
 * written once per table, fields and condition. Only for columns node-postgres reads as drizzle
 * does; any other is refused at its first use.
 */
function selectById(table: Table, fields: readonly string[] | null, condition: string): string {
  let kept = texts.get(table)
  if (!kept) texts.set(table, (kept = new Map()))
  const key = `${fields?.join() ?? '*'} ${condition}`
  let text = kept.get(key)
  if (!text) {
    const columns = Object.entries(getTableColumns(table))
      .filter(([field]) => !fields || fields.includes(field))
      .map(([field, column]) => {
        if (!READ_ALIKE.has(column.columnType)) throw new Error(`pg-query: ${getTableName(table)}.${column.name} is a ${column.columnType}`)
        return `"${column.name}" as "${field}"`
      })
    kept.set(key, (text = `select ${columns.join(', ')} from "${getTableName(table)}" where ${condition}`))
  }
  return text
}

/** A row by primary key `id`, every column: what `db.select().from(table).where(eq(table.id, id))` answers. */
export async function pgById<T>(conn: Conn, table: Table, id: unknown): Promise<T | undefined> {
  return (await pgRows<T>(conn, { text: selectById(table, null, 'id = $1'), values: [id] }))[0]
}

/** The rows whose `id` is one of `ids` (each once), with the given fields: one text whatever the number of ids. */
export async function pgByIds<T>(conn: Conn, table: Table, fields: readonly (keyof T & string)[], ids: readonly unknown[]): Promise<T[]> {
  return pgRows<T>(conn, { text: selectById(table, fields, 'id = any($1)'), values: [[...new Set(ids)]] })
}
