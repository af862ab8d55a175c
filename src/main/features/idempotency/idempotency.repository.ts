import { and, eq, lte } from 'drizzle-orm'
import { idempotencyKeys } from '../../db/schema'
import type { Reader, Writer } from '../../db/types'

/** One idempotent call: who made it, in which acting tenant, which operation (request path), under which key. */
export interface IdempotentCall {
  userId: string
  tenantId: string
  path: string
  key: string
}

export type IdempotencyRow = typeof idempotencyKeys.$inferSelect

const byCall = (call: IdempotentCall) =>
  and(
    eq(idempotencyKeys.userId, call.userId),
    eq(idempotencyKeys.tenantId, call.tenantId),
    eq(idempotencyKeys.path, call.path),
    eq(idempotencyKeys.key, call.key),
  )

export function findCall(db: Reader, call: IdempotentCall): IdempotencyRow | undefined {
  return db.select().from(idempotencyKeys).where(byCall(call)).get()
}

/** Starts (or takes over) a call: its answer is not known yet. */
export function saveRunning(db: Writer, row: Omit<IdempotencyRow, 'status' | 'body'>): void {
  db.insert(idempotencyKeys)
    .values({ ...row, status: null, body: null })
    .onConflictDoUpdate({
      target: [idempotencyKeys.userId, idempotencyKeys.tenantId, idempotencyKeys.path, idempotencyKeys.key],
      set: { fingerprint: row.fingerprint, status: null, body: null, createdAt: row.createdAt },
    })
    .run()
}

export function saveAnswer(db: Writer, call: IdempotentCall, status: number, body: string): void {
  db.update(idempotencyKeys).set({ status, body }).where(byCall(call)).run()
}

export function deleteCall(db: Writer, call: IdempotentCall): void {
  db.delete(idempotencyKeys).where(byCall(call)).run()
}

/** Forgets calls created at or before `before`. */
export function pruneBefore(db: Writer, before: Date): void {
  db.delete(idempotencyKeys).where(lte(idempotencyKeys.createdAt, before)).run()
}
