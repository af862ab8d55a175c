import { and, eq, lte } from 'drizzle-orm'
import { first, type Conn } from '../../db/engine'
import type { idempotencyKeys } from '../../db/schema'

/** One idempotent call: who made it, in which acting tenant, which operation (request path), under which key. */
export interface IdempotentCall {
  userId: string
  tenantId: string
  path: string
  key: string
}

export type IdempotencyRow = typeof idempotencyKeys.$inferSelect

const byCall = ({ t }: Conn, call: IdempotentCall) =>
  and(
    eq(t.idempotencyKeys.userId, call.userId),
    eq(t.idempotencyKeys.tenantId, call.tenantId),
    eq(t.idempotencyKeys.path, call.path),
    eq(t.idempotencyKeys.key, call.key),
  )

/** The call as the request that started it at `startedAt` left it: not since taken over by another. */
const byRun = (conn: Conn, call: IdempotentCall, startedAt: Date) =>
  and(byCall(conn, call), eq(conn.t.idempotencyKeys.createdAt, startedAt))

export function findCall(conn: Conn, call: IdempotentCall): Promise<IdempotencyRow | undefined> {
  return first(conn.db.select().from(conn.t.idempotencyKeys).where(byCall(conn, call)))
}

/** Starts (or takes over) a call: its answer is not known yet, and it runs from `createdAt`. */
export async function saveRunning({ db, t }: Conn, row: Omit<IdempotencyRow, 'status' | 'body'>): Promise<void> {
  await db
    .insert(t.idempotencyKeys)
    .values({ ...row, status: null, body: null })
    .onConflictDoUpdate({
      target: [t.idempotencyKeys.userId, t.idempotencyKeys.tenantId, t.idempotencyKeys.path, t.idempotencyKeys.key],
      set: { fingerprint: row.fingerprint, status: null, body: null, createdAt: row.createdAt },
    })
}

/** Keeps the answer of the run started at `startedAt`; nothing if another request has taken the call over since. */
export async function saveAnswer(conn: Conn, call: IdempotentCall, startedAt: Date, status: number, body: string): Promise<void> {
  await conn.db
    .update(conn.t.idempotencyKeys)
    .set({ status, body })
    .where(byRun(conn, call, startedAt))
}

/** Forgets the run started at `startedAt`; never a later request's run of the same call. */
export async function deleteCall(conn: Conn, call: IdempotentCall, startedAt: Date): Promise<void> {
  await conn.db.delete(conn.t.idempotencyKeys).where(byRun(conn, call, startedAt))
}

/** Forgets calls created at or before `before`. */
export async function pruneBefore({ db, t }: Conn, before: Date): Promise<void> {
  await db.delete(t.idempotencyKeys).where(lte(t.idempotencyKeys.createdAt, before))
}
