import type { Clock } from '../../clock'
import { auditLog } from '../../db/schema'
import { and, count, eq, gte } from 'drizzle-orm'
import type { Reader, Writer } from '../../db/types'

export const AuditResult = { OK: 'ok', DENIED: 'denied', FAILED: 'failed' } as const
export type AuditResult = (typeof AuditResult)[keyof typeof AuditResult]

/** Who acted and where: from the session, or the user a link or first run acts for; null for the CLI. */
export interface AuditWho {
  actorUserId: string | null
  homeTenantId: string | null
  actingTenantId: string | null
}

interface AuditEntry extends AuditWho {
  /** dotted verb, e.g. `auth.sign-in` */
  action: string
  /** what was acted on: an id, or an email for failed sign-ins; never a secret */
  target: string | null
  result: AuditResult
}

/** Writes one audit row; services go through mutation.ts (`mutate`, `recordRefusal`), never here. */
export function writeAudit(db: Pick<Writer, 'insert'>, clock: Clock, entry: AuditEntry): void {
  db.insert(auditLog)
    .values({ ...entry, at: clock.now() })
    .run()
}

/** How many `denied` rows an actor has at or after `since` (audit_log_actor_idx). */
export function countDeniedSince(db: Reader, actorUserId: string, since: Date): number {
  return (
    db
      .select({ n: count() })
      .from(auditLog)
      .where(and(eq(auditLog.actorUserId, actorUserId), gte(auditLog.at, since), eq(auditLog.result, AuditResult.DENIED)))
      .get()?.n ?? 0
  )
}
