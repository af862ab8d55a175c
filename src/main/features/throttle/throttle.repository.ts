import { asc, count, eq, inArray, lte } from 'drizzle-orm'
import { first, type Conn } from '../../db/engine'
import type { attemptThrottle } from '../../db/schema'

export type ThrottleRow = typeof attemptThrottle.$inferSelect

export function findThrottle({ db, t }: Conn, key: string): Promise<ThrottleRow | undefined> {
  return first(db.select().from(t.attemptThrottle).where(eq(t.attemptThrottle.key, key)))
}

export async function saveThrottle({ db, t }: Conn, row: ThrottleRow): Promise<void> {
  await db
    .insert(t.attemptThrottle)
    .values(row)
    .onConflictDoUpdate({
      target: t.attemptThrottle.key,
      set: { failures: row.failures, blockedUntil: row.blockedUntil, lastFailureAt: row.lastFailureAt },
    })
}

export async function clearThrottle({ db, t }: Conn, key: string): Promise<void> {
  await db.delete(t.attemptThrottle).where(eq(t.attemptThrottle.key, key))
}

/** Forgets keys whose last failure was at or before `before`. */
export async function pruneIdle({ db, t }: Conn, before: Date): Promise<void> {
  await db.delete(t.attemptThrottle).where(lte(t.attemptThrottle.lastFailureAt, before))
}

export async function countThrottles({ db, t }: Conn): Promise<number> {
  return Number((await first(db.select({ n: count() }).from(t.attemptThrottle)))?.n ?? 0)
}

/** Drops the `excess` keys failed longest ago. */
export async function dropOldest({ db, t }: Conn, excess: number): Promise<void> {
  const oldest = (
    await db.select({ key: t.attemptThrottle.key }).from(t.attemptThrottle).orderBy(asc(t.attemptThrottle.lastFailureAt)).limit(excess)
  ).map((r) => r.key)
  if (oldest.length) await db.delete(t.attemptThrottle).where(inArray(t.attemptThrottle.key, oldest))
}
