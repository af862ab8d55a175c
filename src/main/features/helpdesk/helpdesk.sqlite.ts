import { sql, type SQL } from 'drizzle-orm'
import type { SQLiteTable } from 'drizzle-orm/sqlite-core'

/** The order rows were written in, for rows of the same millisecond: a new rowid is above every existing one. */
export const writtenOrder = (table: SQLiteTable): SQL => sql`${table}.rowid`
