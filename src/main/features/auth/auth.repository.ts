import { and, eq, isNull, sql } from 'drizzle-orm'
import { passwordResets, sessions } from '../../db/schema'
import type { Reader, Writer } from '../../db/types'

export function insertSession(db: Writer, row: typeof sessions.$inferInsert): void {
  db.insert(sessions).values(row).run()
}

/** The session behind a token hash, if it is neither revoked nor expired. */
export function findLiveSessionByTokenHash(db: Reader, tokenHash: string, now: Date) {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt), sql`${sessions.expiresAt} > ${now.getTime()}`))
    .get()
}

export function revokeSession(db: Writer, sessionId: string, at: Date): void {
  db.update(sessions)
    .set({ revokedAt: at })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)))
    .run()
}

export function revokeSessionsOfUser(db: Writer, userId: string, at: Date): void {
  db.update(sessions)
    .set({ revokedAt: at })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .run()
}

export function setActingTenant(db: Writer, sessionId: string, tenantId: string): void {
  db.update(sessions).set({ actingTenantId: tenantId }).where(eq(sessions.id, sessionId)).run()
}

export function insertReset(db: Writer, row: typeof passwordResets.$inferInsert): void {
  db.insert(passwordResets).values(row).run()
}

export function findResetByTokenHash(db: Reader, tokenHash: string) {
  return db.select().from(passwordResets).where(eq(passwordResets.tokenHash, tokenHash)).get()
}

/** Marks the reset used if it is still open and unexpired; true for exactly one caller. */
export function consumeReset(db: Writer, id: string, at: Date): boolean {
  return (
    db
      .update(passwordResets)
      .set({ usedAt: at })
      .where(
        and(
          eq(passwordResets.id, id),
          isNull(passwordResets.usedAt),
          isNull(passwordResets.revokedAt),
          sql`${passwordResets.expiresAt} > ${at.getTime()}`,
        ),
      )
      .run().changes === 1
  )
}

/** Kills a user's open reset links (a newer link, deactivation, promotion to SUPER_ADMIN). */
export function revokeOpenResets(db: Writer, userId: string, at: Date): void {
  db.update(passwordResets)
    .set({ revokedAt: at })
    .where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt), isNull(passwordResets.revokedAt)))
    .run()
}
