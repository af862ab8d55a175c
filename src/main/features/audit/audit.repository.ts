import { and, asc, count, desc, eq, gt, gte, isNull, lt, sql, type SQL } from 'drizzle-orm'
import type { Clock } from '../../clock'
import { firstPageCappedTotal, firstPageTotal } from '../../db/query'
import { auditLog } from '../../db/schema'
import type { Db } from '../../db/store'
import type { Reader, Writer } from '../../db/types'
import { auditHash } from './audit-chain'
import type { AuditWho } from '../actor'

export const AuditResult = { OK: 'ok', DENIED: 'denied', FAILED: 'failed' } as const
export type AuditResult = (typeof AuditResult)[keyof typeof AuditResult]

export type { AuditWho }

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

function auditFilters(query: AuditQuery): SQL[] {
  const filters: SQL[] = []
  if (query.tenantId) filters.push(eq(auditLog.actingTenantId, query.tenantId))
  if (query.actorUserId) filters.push(eq(auditLog.actorUserId, query.actorUserId))
  if (query.action) filters.push(eq(auditLog.action, query.action))
  if (query.target) filters.push(eq(auditLog.target, query.target))
  if (query.result) filters.push(eq(auditLog.result, query.result))
  if (query.from) filters.push(gte(auditLog.at, query.from))
  if (query.to) filters.push(lt(auditLog.at, query.to))
  return filters
}

/**
 * One keyset page, newest first by (at, id), after `after` (the last row's at in ms, and id).
 * Every filter has an (x, at, id) index (drizzle/0012), so a page is a seek, never a sort.
 */
export function auditPageQuery(db: Reader, query: AuditQuery, after: [number, number] | null, limit: number) {
  const filters = auditFilters(query)
  if (after) {
    // The single-column bound lets SQLite seek the index; the row value breaks ties by id.
    filters.push(sql`${auditLog.at} <= ${after[0]} and (${auditLog.at}, ${auditLog.id}) < (${after[0]}, ${after[1]})`)
  }
  return db
    .select()
    .from(auditLog)
    .where(and(...filters))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit + 1)
}

/**
 * A page (see `auditPageQuery`) and, for the first page, how many rows the filters match: for the
 * list counted up to a cap ("1,000+", the log only grows), exactly for an export's progress.
 */
export function listAudit(db: Reader, query: AuditQuery, after: [number, number] | null, limit: number, exact = false) {
  const where = and(...auditFilters(query))
  const { total, totalCapped } = exact
    ? { total: firstPageTotal(db, auditLog, where, after), totalCapped: false }
    : firstPageCappedTotal(db, auditLog, where, after)
  return { rows: auditPageQuery(db, query, after, limit).all(), total, totalCapped }
}

/**
 * The distinct actions in the log (of one tenant, or all), alphabetically: one index seek per
 * action (a skip-scan through the action indexes), however long the log has grown.
 */
export function distinctActions(db: Pick<Db, 'all'>, tenantId: string | undefined): string[] {
  const scope = tenantId ? sql`${auditLog.actingTenantId} = ${tenantId} and` : sql``
  const rows = db.all<{ action: string }>(sql`
    with recursive seen(action) as (
      select (select min(${auditLog.action}) from ${auditLog} where ${scope} 1)
      union all
      select (select min(${auditLog.action}) from ${auditLog} where ${scope} ${auditLog.action} > seen.action)
      from seen where seen.action is not null
    )
    select action from seen where action is not null`)
  return rows.map((r) => r.action)
}

/** A page of audit rows in order, for verifying the chain. */
export function auditRowsAfter(db: Reader, afterId: number, limit: number) {
  return db.select().from(auditLog).where(gt(auditLog.id, afterId)).orderBy(asc(auditLog.id)).limit(limit).all()
}

/** How many `denied` rows an actor (null: no known actor) has at or after `since` (audit_log_actor_at_idx). */
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
