import { and, desc, eq } from 'drizzle-orm'
import { outbox } from '../../db/schema'
import type { Reader, Writer } from '../../db/types'

export function insertMail(db: Writer, row: typeof outbox.$inferInsert): void {
  db.insert(outbox).values(row).run()
}

/** What a kept message says in place of its body once its links may no longer be shown. */
export const LINK_REMOVED = 'The text of this message was removed: it carried a link only its recipient may see.'

/**
 * Removes the bodies (and with them the links) of a tenant's kept mail: for a demo tenancy that
 * becomes a real one, whose Outbox must keep no link (the migration does the same for older stores).
 */
export function removeLinks(db: Writer, tenantId: string): void {
  db.update(outbox).set({ text: LINK_REMOVED, html: '' }).where(eq(outbox.tenantId, tenantId)).run()
}

/** The tenant's kept mail, newest first; without the SUPER_ADMIN-only messages unless asked. */
export function listMail(db: Reader, tenantId: string, withSuperAdminOnly: boolean, limit = 200) {
  return db
    .select({ id: outbox.id, to: outbox.to, subject: outbox.subject, text: outbox.text, createdAt: outbox.createdAt })
    .from(outbox)
    .where(and(eq(outbox.tenantId, tenantId), withSuperAdminOnly ? undefined : eq(outbox.superAdminOnly, false)))
    .orderBy(desc(outbox.createdAt))
    .limit(limit)
    .all()
}
