import { and, desc, eq } from 'drizzle-orm'
import { outbox } from '../../db/schema'
import type { Reader, Writer } from '../../db/types'

export function insertMail(db: Writer, row: typeof outbox.$inferInsert): void {
  db.insert(outbox).values(row).run()
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
