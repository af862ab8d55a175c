import type { SQL } from 'drizzle-orm'
import type { NodePgDatabase } from 'drizzle-orm/node-postgres'
import { Dialect, type Conn } from '../../db/engine'

/**
 * The rows of a raw SQL query that both dialects accept as written: better-sqlite3's drizzle runs
 * it with `all`, node-postgres's with `execute`, which hands the rows back inside a result.
 */
export async function rawRows<T>(conn: Conn, query: SQL): Promise<T[]> {
  if (conn.dialect === Dialect.SQLITE) return conn.db.all<T>(query)
  const result = await (conn.db as unknown as NodePgDatabase).execute(query)
  return result.rows as T[]
}
