import type { Db } from '../../db/store'
import { auditLog } from '../../db/schema'
import type { Clock } from '../../clock'

export const AuditResult = { OK: 'ok', DENIED: 'denied', FAILED: 'failed' } as const
export type AuditResult = (typeof AuditResult)[keyof typeof AuditResult]

export interface AuditEntry {
  actorUserId: string | null
  homeTenantId: string | null
  actingTenantId: string | null
  /** dotted verb, e.g. `auth.sign-in` */
  action: string
  /** what was acted on: an id, or an email for failed sign-ins; never a secret */
  target: string | null
  result: AuditResult
}

/** Drizzle's transaction object and the database share the query API we use here. */
type Writer = Pick<Db, 'insert'>

/**
 * The one way to write an audit row. Call it with the transaction of the mutation it
 * records so that both land or neither does.
 */
export function writeAudit(tx: Writer, clock: Clock, entry: AuditEntry): void {
  tx.insert(auditLog)
    .values({ ...entry, at: clock.now() })
    .run()
}
