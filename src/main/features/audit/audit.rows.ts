import type { auditLog } from '../../db/schema'

/** The shapes the audit repository and its SQLite sibling share (here, so that neither imports the other). */
export const AuditResult = { OK: 'ok', DENIED: 'denied', FAILED: 'failed' } as const
export type AuditResult = (typeof AuditResult)[keyof typeof AuditResult]

export type AuditRow = typeof auditLog.$inferSelect

/** Which rows of the log: `tenantId` is the reader's scope (absent: every tenant), the rest their filters. */
export interface AuditQuery {
  tenantId?: string
  actorUserId?: string
  action?: string
  target?: string
  result?: AuditResult
  from?: Date
  to?: Date
}
