import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm'
import type { Clock } from '../../clock'
import { firstPageTotal } from '../../db/query'
import { auditLog } from '../../db/schema'
import type { Db } from '../../db/store'
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

/** A page (see `auditPageQuery`) and, for the first page, how many rows the filters match. */
export function listAudit(db: Reader, query: AuditQuery, after: [number, number] | null, limit: number) {
  const total = firstPageTotal(db, auditLog, and(...auditFilters(query)), after)
  return { rows: auditPageQuery(db, query, after, limit).all(), total }
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
