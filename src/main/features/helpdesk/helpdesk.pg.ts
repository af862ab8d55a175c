import { sql, type SQL } from 'drizzle-orm'
import type { SQLiteTable } from 'drizzle-orm/sqlite-core'

/**
 * The order rows were written in, for rows of the same millisecond: a stopgap until comments and
 * time entries carry a sequence column. The physical position follows insertion only while new
 * rows go to the table's end; space freed by VACUUM (after a rolled-back insert, an update, a
 * delete) is filled again first, and then it does not.
 */
export const writtenOrder = (table: SQLiteTable): SQL => sql`${table}.ctid`
