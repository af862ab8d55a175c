import { eq } from 'drizzle-orm'
import { connectionCache } from '../../db/connection-cache'
import { Dialect, first, type Conn } from '../../db/engine'
import { pgById } from '../../db/pg-query'
import { clientOf } from '../../db/query'
import type { licence } from '../../db/schema'

type LicenceRow = typeof licence.$inferSelect

/**
 * The licence row, on SQLite kept in process after its first read: this process's install forgets
 * it, and another process's write (`switchboard licence install` beside a running console) empties
 * it at the next call (see connection-cache.ts). Absent (no licence) is kept as null.
 */
const cached = (conn: Conn) => connectionCache<1, LicenceRow | null>(conn, 'licence', { watchOtherWriters: true })

/** The one licence row (id 1), if a licence was ever installed. */
export async function findLicence(conn: Conn): Promise<LicenceRow | undefined> {
  const cache = conn.dialect === Dialect.SQLITE ? cached(conn) : null
  const hit = cache?.get(1)
  if (hit !== undefined) return hit ?? undefined
  const { db, t } = conn
  if (!cache) return pgById(conn, t.licence, 1)
  const row = await first(db.select().from(t.licence).where(eq(t.licence.id, 1)))
  // Not from inside a transaction: what it read may yet be rolled back.
  if (cache && !clientOf(db).inTransaction) cache.set(1, row ?? null)
  return row
}

/** Installs a licence in place of any earlier one. */
export async function saveLicence(conn: Conn, row: { text: string; installedAt: Date; installedBy: string | null }): Promise<void> {
  if (conn.dialect === Dialect.SQLITE) cached(conn).clear()
  const values = { id: 1, ...row }
  await conn.db.insert(conn.t.licence).values(values).onConflictDoUpdate({ target: conn.t.licence.id, set: values })
}
