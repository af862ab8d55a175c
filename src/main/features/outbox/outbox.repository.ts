import { and, desc, eq } from 'drizzle-orm'
import type { Conn } from '../../db/engine'
import type { outbox } from '../../db/schema'

export async function insertMail({ db, t }: Conn, row: typeof outbox.$inferInsert): Promise<void> {
  await db.insert(t.outbox).values(row)
}

/** What a kept message says in place of its body once its links may no longer be shown. */
export const LINK_REMOVED = 'The text of this message was removed: it carried a link only its recipient may see.'

/**
 * Removes the bodies (and with them the links) of a tenant's kept mail: for a demo tenancy that
 * becomes a real one, whose Outbox must keep no link (the migration does the same for older stores).
 */
export async function removeLinks({ db, t }: Conn, tenantId: string): Promise<void> {
  await db.update(t.outbox).set({ text: LINK_REMOVED, html: '' }).where(eq(t.outbox.tenantId, tenantId))
}

/** The tenant's kept mail, newest first; without the SUPER_ADMIN-only messages unless asked. */
export function listMail({ db, t }: Conn, tenantId: string, withSuperAdminOnly: boolean, limit = 200) {
  return db
    .select({ id: t.outbox.id, to: t.outbox.to, subject: t.outbox.subject, text: t.outbox.text, createdAt: t.outbox.createdAt })
    .from(t.outbox)
    .where(and(eq(t.outbox.tenantId, tenantId), withSuperAdminOnly ? undefined : eq(t.outbox.superAdminOnly, false)))
    .orderBy(desc(t.outbox.createdAt))
    .limit(limit)
}
