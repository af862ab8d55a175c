import { asc, count, eq, inArray, lte } from 'drizzle-orm'
import { attemptThrottle } from '../../db/schema'
import type { Reader, Writer } from '../../db/types'

export type ThrottleRow = typeof attemptThrottle.$inferSelect

export function findThrottle(db: Reader, key: string): ThrottleRow | undefined {
  return db.select().from(attemptThrottle).where(eq(attemptThrottle.key, key)).get()
}

export function saveThrottle(db: Writer, row: ThrottleRow): void {
  db.insert(attemptThrottle)
    .values(row)
    .onConflictDoUpdate({
      target: attemptThrottle.key,
      set: { failures: row.failures, blockedUntil: row.blockedUntil, lastFailureAt: row.lastFailureAt },
    })
    .run()
}

export function clearThrottle(db: Writer, key: string): void {
  db.delete(attemptThrottle).where(eq(attemptThrottle.key, key)).run()
}

/** Forgets keys whose last failure was at or before `before`. */
export function pruneIdle(db: Writer, before: Date): void {
  db.delete(attemptThrottle).where(lte(attemptThrottle.lastFailureAt, before)).run()
}

export function countThrottles(db: Reader): number {
  return db.select({ n: count() }).from(attemptThrottle).get()?.n ?? 0
}

/** Drops the `excess` keys failed longest ago. */
export function dropOldest(db: Reader & Writer, excess: number): void {
  const oldest = db
    .select({ key: attemptThrottle.key })
    .from(attemptThrottle)
    .orderBy(asc(attemptThrottle.lastFailureAt))
    .limit(excess)
    .all()
    .map((r) => r.key)
  if (oldest.length) db.delete(attemptThrottle).where(inArray(attemptThrottle.key, oldest)).run()
}
