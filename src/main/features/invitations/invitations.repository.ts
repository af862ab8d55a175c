import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm'
import { invitations } from '../../db/schema'
import { insertInBatches } from '../../db/query'
import type { Reader, Writer } from '../../db/types'

export type InvitationRow = typeof invitations.$inferSelect

const open = and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt))

export function listOpen(db: Reader, tenantId: string): InvitationRow[] {
  return db
    .select()
    .from(invitations)
    .where(and(eq(invitations.tenantId, tenantId), open))
    .orderBy(desc(invitations.sentAt))
    .all()
}

export function findOpenInTenant(db: Reader, tenantId: string, id: string): InvitationRow | undefined {
  return db
    .select()
    .from(invitations)
    .where(and(eq(invitations.id, id), eq(invitations.tenantId, tenantId), open))
    .get()
}

/** The open invitation for an email anywhere on the instance (emails are instance-unique). */
export function findOpenByEmail(db: Reader, email: string): InvitationRow | undefined {
  return db
    .select()
    .from(invitations)
    .where(and(sql`lower(${invitations.email}) = ${email.toLowerCase()}`, open))
    .get()
}

export function findByTokenHash(db: Reader, tokenHash: string): InvitationRow | undefined {
  return db.select().from(invitations).where(eq(invitations.tokenHash, tokenHash)).get()
}

export function insertInvitation(db: Writer, row: typeof invitations.$inferInsert): void {
  db.insert(invitations).values(row).run()
}

/** A demo fill's invitations. */
export function insertInvitations(db: Writer, rows: (typeof invitations.$inferInsert)[]): void {
  insertInBatches(db, invitations, rows)
}

export function renewToken(db: Writer, id: string, tokenHash: string, sentAt: Date, expiresAt: Date): void {
  db.update(invitations).set({ tokenHash, sentAt, expiresAt, sendError: null }).where(eq(invitations.id, id)).run()
}

export function setSendError(db: Writer, id: string, error: string | null): void {
  db.update(invitations).set({ sendError: error }).where(eq(invitations.id, id)).run()
}

export function revoke(db: Writer, id: string, at: Date): void {
  db.update(invitations)
    .set({ revokedAt: at })
    .where(and(eq(invitations.id, id), open))
    .run()
}

/**
 * Consumes the invitation if it is still open and unexpired; true only for the one caller
 * whose UPDATE changed the row, so a link works once even with racing consumers.
 */
export function consume(db: Writer, id: string, tokenHash: string, at: Date): boolean {
  const result = db
    .update(invitations)
    .set({ acceptedAt: at })
    .where(and(eq(invitations.id, id), eq(invitations.tokenHash, tokenHash), open, gt(invitations.expiresAt, at)))
    .run()
  return result.changes === 1
}
