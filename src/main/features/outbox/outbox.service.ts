import { and, desc, eq } from 'drizzle-orm'
import { Role } from '../../../shared/contract'
import { outbox } from '../../db/schema'
import type { Db } from '../../db/store'
import { requireRole, USER_MANAGERS } from '../access'
import type { Actor } from '../auth/auth.service'

/** The local Outbox: mail kept on this machine for the acting tenant. */
export function createOutboxService(db: Db) {
  return {
    list(actor: Actor) {
      requireRole(actor, USER_MANAGERS, 'read the Outbox')
      return db
        .select({ id: outbox.id, to: outbox.to, subject: outbox.subject, text: outbox.text, createdAt: outbox.createdAt })
        .from(outbox)
        .where(
          and(eq(outbox.tenantId, actor.actingTenantId), actor.role === Role.SUPER_ADMIN ? undefined : eq(outbox.superAdminOnly, false)),
        )
        .orderBy(desc(outbox.createdAt))
        .limit(200)
        .all()
    },
  }
}
