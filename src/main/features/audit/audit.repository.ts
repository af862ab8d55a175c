import type { Clock } from '../../clock'
import { auditLog } from '../../db/schema'
import type { Writer } from '../../db/types'

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
