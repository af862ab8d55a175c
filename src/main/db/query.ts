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

/** A list's total, counted on its first page only (see keysetPageSchema); null on later pages. */
export function firstPageTotal(db: Reader, table: SQLiteTable, where: SQL | undefined, after: unknown): number | null {
  return after
    ? null
    : (db
        .select({ n: sql<number>`count(*)` })
        .from(table)
        .where(where)
        .get()?.n ?? 0)
}
