import { and, asc, count, desc, eq, gt, gte, isNull } from 'drizzle-orm'
import type { Clock } from '../../clock'
import { auditLog } from '../../db/schema'
import type { Db } from '../../db/store'
import type { Reader, Writer } from '../../db/types'
import { auditHash } from './audit-chain'

export const AuditResult = { OK: 'ok', DENIED: 'denied', FAILED: 'failed' } as const
export type AuditResult = (typeof AuditResult)[keyof typeof AuditResult]

/** Who acted and where: from the session, or the user a link or first run acts for; null for the CLI. */
export interface AuditWho {
  actorUserId: string | null
  homeTenantId: string | null
  actingTenantId: string | null
}

/** Which program wrote the rows and for which store: set once per store by the composition root. */
export interface AuditOrigin {
  appVersion: string
  /** "local store" for this machine's SQLite file; an instance URL for remote instances. */
  host: string
}

export const LOCAL_STORE = 'local store'
const origins = new WeakMap<object, AuditOrigin>()

export function setAuditOrigin(db: Db, origin: AuditOrigin): void {
  origins.set(db, origin)
}

export function auditOriginOf(db: Db): AuditOrigin | null {
  return origins.get(db) ?? null
}

export interface AuditEntry extends AuditWho {
  /** dotted verb, e.g. `auth.sign-in` */
  action: string
  /** what was acted on: an id, or an email for failed sign-ins; never a secret */
  target: string | null
  result: AuditResult
  appVersion: string | null
  host: string | null
}

/**
 * Writes one audit row, chained to the one before by its hash (in the caller's transaction, so
 * the chain cannot fork); services go through mutation.ts (`mutate`, `recordRefusal`), never here.
 */
export function writeAudit(db: Pick<Writer, 'insert'> & Reader, clock: Clock, entry: AuditEntry): void {
  const previous = db.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1).get()
  const row = { ...entry, at: clock.now() }
  db.insert(auditLog)
    .values({ ...row, hash: auditHash(previous?.hash ?? '', row) })
    .run()
}

/** A page of audit rows in order, for verifying the chain. */
export function auditRowsAfter(db: Reader, afterId: number, limit: number) {
  return db.select().from(auditLog).where(gt(auditLog.id, afterId)).orderBy(asc(auditLog.id)).limit(limit).all()
}

/** How many `denied` rows an actor (null: no known actor) has at or after `since` (audit_log_actor_idx). */
export function countDeniedSince(db: Reader, actorUserId: string | null, since: Date): number {
  return (
    db
      .select({ n: count() })
      .from(auditLog)
      .where(
        and(
          actorUserId === null ? isNull(auditLog.actorUserId) : eq(auditLog.actorUserId, actorUserId),
          gte(auditLog.at, since),
          eq(auditLog.result, AuditResult.DENIED),
        ),
      )
      .get()?.n ?? 0
  )
}
