import { and, eq, isNull, sql } from 'drizzle-orm'
import type { Db } from '../../db/store'
import { organisations, passwordResets, sessions, users } from '../../db/schema'

type Reader = Pick<Db, 'select'>
type Writer = Pick<Db, 'insert' | 'update'>

export type UserRow = typeof users.$inferSelect
export type SessionRow = typeof sessions.$inferSelect
export type OrganisationRow = typeof organisations.$inferSelect

export function findUserByEmail(db: Reader, email: string): UserRow | undefined {
  return db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`)
    .get()
}

export function findUserById(db: Reader, id: string): UserRow | undefined {
  return db.select().from(users).where(eq(users.id, id)).get()
}

export function findOrganisation(db: Reader, id: string): OrganisationRow | undefined {
  return db.select().from(organisations).where(eq(organisations.id, id)).get()
}

export function insertSession(db: Writer, row: typeof sessions.$inferInsert): void {
  db.insert(sessions).values(row).run()
}

export function findLiveSessionByTokenHash(db: Reader, tokenHash: string, now: Date) {
  return db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
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

export function recordSignIn(db: Writer, userId: string, at: Date): void {
  db.update(users).set({ lastSignInAt: at }).where(eq(users.id, userId)).run()
}

export function findResetByTokenHash(db: Reader, tokenHash: string) {
  return db
    .select({ reset: passwordResets, user: users })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(eq(passwordResets.tokenHash, tokenHash))
    .get()
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

export function setPasswordHash(db: Writer, userId: string, passwordHash: string): void {
  db.update(users).set({ passwordHash }).where(eq(users.id, userId)).run()
}

export function setActingTenant(db: Writer, sessionId: string, tenantId: string): void {
  db.update(sessions).set({ actingTenantId: tenantId }).where(eq(sessions.id, sessionId)).run()
}
