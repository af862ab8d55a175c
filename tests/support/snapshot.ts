import { getTableName, is, ne, Table } from 'drizzle-orm'
import type { SQLiteTable } from 'drizzle-orm/sqlite-core'
import type { Backend } from '../../src/main/backend'

/**
 * Every row of every table, for "changed nothing" checks: identical before and after, on either
 * engine. Audit rows of refused attempts are the one write a refusal may make, so `denied` rows
 * are left out (checked on their own), as are tables named in `except`. Search indexes (SQLite's
 * FTS tables) are derived from the tables, so they are not read.
 */
export async function snapshot(backend: Backend, except: readonly string[] = []): Promise<string> {
  return backend.engine.read(async ({ db, t }) => {
    const tables = (Object.values(t) as unknown[])
      .filter((value): value is SQLiteTable => is(value, Table))
      .map((table) => [getTableName(table), table] as const)
      .filter(([name]) => !except.includes(name))
      .sort(([a], [b]) => a.localeCompare(b))
    const contents: [string, string[]][] = []
    for (const [name, table] of tables) {
      const rows =
        name === 'audit_log' ? await db.select().from(t.auditLog).where(ne(t.auditLog.result, 'denied')) : await db.select().from(table)
      // Each engine returns rows in its own order: compared as a sorted set.
      contents.push([name, rows.map((row) => JSON.stringify(row)).sort()])
    }
    return JSON.stringify(contents)
  })
}
