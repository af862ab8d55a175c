import { and, asc, count, desc, eq, gt, gte, isNull, lt, sql, type SQL } from 'drizzle-orm'
import type { Clock } from '../../clock'
import { Dialect, first, type Conn, type Engine } from '../../db/engine'
import { firstPageCappedTotal, firstPageTotal } from '../../db/query'
import { auditHash } from './audit-chain'
import type { AuditWho } from '../actor'
import { rawRows } from './raw-rows'
import { listAuditSqlite } from './audit.sqlite'
import { AuditResult, type AuditQuery, type AuditRow } from './audit.rows'

export { AuditResult, type AuditQuery, type AuditRow }
export type { AuditWho }

/** Which program wrote the rows and for which store: set once per engine by the composition root. */
export interface AuditOrigin {
  appVersion: string
  /** "local store" for this machine's SQLite file; an instance URL for remote instances. */
  host: string
}

export const LOCAL_STORE = 'local store'

const origins = new WeakMap<Engine, AuditOrigin>()

export function setAuditOrigin(engine: Engine, origin: AuditOrigin): void {
  origins.set(engine, origin)
}

export function auditOriginOf(engine: Engine): AuditOrigin | null {
  return origins.get(engine) ?? null
}

/**
 * The transaction-level advisory lock that serialises the chain's head on PostgreSQL: every
 * process takes it before reading the newest hash, so two writers never chain to the same row.
 * (SQLite needs none: its one writer at a time already serialises.)
 */
export const AUDIT_CHAIN_LOCK = 0x5357_4244_a0d1

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
export async function writeAudit(conn: Conn, clock: Clock, entry: AuditEntry): Promise<void> {
  const { db, t } = conn
  // Held to the end of the caller's transaction: the next writer reads this row's hash as its previous one.
  if (conn.dialect === Dialect.PG) await rawRows(conn, sql.raw(`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`))
  const previous = await first(db.select({ hash: t.auditLog.hash }).from(t.auditLog).orderBy(desc(t.auditLog.id)).limit(1))
  const row = { ...entry, at: clock.now() }
  await db.insert(t.auditLog).values({ ...row, hash: auditHash(previous?.hash ?? '', row) })
}

function auditFilters({ t }: Conn, query: AuditQuery): SQL[] {
  const filters: SQL[] = []
  if (query.tenantId) filters.push(eq(t.auditLog.actingTenantId, query.tenantId))
  if (query.actorUserId) filters.push(eq(t.auditLog.actorUserId, query.actorUserId))
  if (query.action) filters.push(eq(t.auditLog.action, query.action))
  if (query.target) filters.push(eq(t.auditLog.target, query.target))
  if (query.result) filters.push(eq(t.auditLog.result, query.result))
  if (query.from) filters.push(gte(t.auditLog.at, query.from))
  if (query.to) filters.push(lt(t.auditLog.at, query.to))
  return filters
}

/**
 * One keyset page, newest first by (at, id), after `after` (the last row's at in ms, and id).
 * Every filter has an (x, at, id) index (drizzle/0012), so a page is a seek, never a sort.
 */
export function auditPageQuery(conn: Conn, query: AuditQuery, after: [number, number] | null, limit: number) {
  const { db, t } = conn
  const filters = auditFilters(conn, query)
  if (after) {
    // The moment through its column, so that each engine gets it as it keeps it (ms on SQLite, timestamptz on PostgreSQL).
    const at = sql.param(new Date(after[0]), t.auditLog.at)
    // The single-column bound lets SQLite seek the index; the row value breaks ties by id.
    filters.push(sql`${t.auditLog.at} <= ${at} and (${t.auditLog.at}, ${t.auditLog.id}) < (${at}, ${after[1]})`)
  }
  return db
    .select()
    .from(t.auditLog)
    .where(and(...filters))
    .orderBy(desc(t.auditLog.at), desc(t.auditLog.id))
    .limit(limit + 1)
}

/**
 * A page (see `auditPageQuery`) and, for the first page, how many rows the filters match: for the
 * list counted up to a cap ("1,000+", the log only grows), exactly for an export's progress.
 */
export async function listAudit(conn: Conn, query: AuditQuery, after: [number, number] | null, limit: number, exact = false) {
  if (conn.dialect === Dialect.SQLITE) return listAuditSqlite(conn, query, after, limit, exact)
  const where = and(...auditFilters(conn, query))
  const { total, totalCapped } = exact
    ? { total: await firstPageTotal(conn, conn.t.auditLog, where, after), totalCapped: false }
    : await firstPageCappedTotal(conn, conn.t.auditLog, where, after)
  return { rows: await auditPageQuery(conn, query, after, limit), total, totalCapped }
}

/**
 * The distinct actions in the log (of one tenant, or all), alphabetically, as one query: a
 * recursive skip-scan through the action indexes, one index seek per action however long the log
 * has grown. Both engines run it as written.
 */
export function distinctActionsQuery({ t }: Conn, tenantId: string | undefined): SQL {
  const scope = tenantId ? sql`${t.auditLog.actingTenantId} = ${tenantId} and` : sql``
  return sql`
    with recursive seen(action) as (
      select (select min(${t.auditLog.action}) from ${t.auditLog} where ${scope} true)
      union all
      select (select min(${t.auditLog.action}) from ${t.auditLog} where ${scope} ${t.auditLog.action} > seen.action)
      from seen where seen.action is not null
    )
    select action from seen where action is not null`
}

export async function distinctActions(conn: Conn, tenantId: string | undefined): Promise<string[]> {
  const rows = await rawRows<{ action: string }>(conn, distinctActionsQuery(conn, tenantId))
  return rows.map((r) => r.action)
}

/** A page of audit rows in order, for verifying the chain. */
export function auditRowsAfter({ db, t }: Conn, afterId: number, limit: number) {
  return db.select().from(t.auditLog).where(gt(t.auditLog.id, afterId)).orderBy(asc(t.auditLog.id)).limit(limit)
}

/** How many `denied` rows an actor (null: no known actor) has at or after `since` (audit_log_actor_at_idx). */
export async function countDeniedSince({ db, t }: Conn, actorUserId: string | null, since: Date): Promise<number> {
  const row = await first(
    db
      .select({ n: count() })
      .from(t.auditLog)
      .where(
        and(
          actorUserId === null ? isNull(t.auditLog.actorUserId) : eq(t.auditLog.actorUserId, actorUserId),
          gte(t.auditLog.at, since),
          eq(t.auditLog.result, AuditResult.DENIED),
        ),
      ),
  )
  return Number(row?.n ?? 0)
}
