import { and, eq, lte } from 'drizzle-orm'
import { idempotencyKeys } from '../../db/schema'
import type { Reader, Writer } from '../../db/types'

export type IdempotencyRow = typeof idempotencyKeys.$inferSelect

const byKey = (userId: string, key: string) => and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key))

export function findKey(db: Reader, userId: string, key: string): IdempotencyRow | undefined {
  return db.select().from(idempotencyKeys).where(byKey(userId, key)).get()
}

/** Starts (or takes over) a key: its answer is not known yet. */
export function saveRunning(db: Writer, row: Omit<IdempotencyRow, 'status' | 'body'>): void {
  db.insert(idempotencyKeys)
    .values({ ...row, status: null, body: null })
    .onConflictDoUpdate({
      target: [idempotencyKeys.userId, idempotencyKeys.key],
      set: { path: row.path, bodyHash: row.bodyHash, status: null, body: null, createdAt: row.createdAt },
    })
    .run()
}

export function saveAnswer(db: Writer, userId: string, key: string, status: number, body: string): void {
  db.update(idempotencyKeys).set({ status, body }).where(byKey(userId, key)).run()
}

export function deleteKey(db: Writer, userId: string, key: string): void {
  db.delete(idempotencyKeys).where(byKey(userId, key)).run()
}

/** Forgets keys created at or before `before`. */
export function pruneBefore(db: Writer, before: Date): void {
  db.delete(idempotencyKeys).where(lte(idempotencyKeys.createdAt, before)).run()
}
