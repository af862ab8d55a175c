import { and, asc, count, desc, eq, gt, gte, isNull, sql, type SQL } from 'drizzle-orm'
import type { Clock } from '../../clock'
import { Dialect, first, type Conn, type Engine } from '../../db/engine'
import type { Statement } from '../../db/pg-query'
import { binder, cappedCountSql, dateOf, pageTotal, writtenRows, type ReadMoment } from '../../db/query'
import { auditHash } from './audit-chain'
import type { AuditWho } from '../actor'
import { rawRows } from './raw-rows'
import { usersByIds } from '../users/users.repository'
import { organisationLabelsByIds } from '../organisations/organisations.repository'
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

/**
 * The audit list as statements written out once per set of filters given, on both engines (a page
 * is asked for on every visit and every "Load more"): the filters, the page and its total.
 * audit-list.test.ts holds them to drizzle's query of the same filters.
 */

const FILTERS = [
  ['tenantId', 'a.acting_tenant_id ='],
  ['actorUserId', 'a.actor_user_id ='],
  ['action', 'a.action ='],
  ['target', 'a.target ='],
  ['result', 'a.result ='],
  ['from', 'a.at >='],
  ['to', 'a.at <'],
] as const

/** A page's columns. */
const COLUMNS = `a.id, a.at, a.actor_user_id as "actorUserId", a.home_tenant_id as "homeTenantId",
  a.acting_tenant_id as "actingTenantId", a.action, a.target, a.result, a.hash, a.app_version as "appVersion", a.host`

/**
 * On PostgreSQL a page's rows come with who and where by name (null where no longer known), joined by
 * primary key: one round trip. SQLite looks its distinct people and places up after the page instead
 * (`nameRowsSqlite`): in-process, a join's probe per row (three per entry) would cost more than the page.
 */
const NAMED_PG = {
  columns: `${COLUMNS}, u.name as "actorName", u.email as "actorEmail", t.name as "tenantName", h.name as "homeTenantName"`,
  from: `audit_log a left join users u on u.id = a.actor_user_id left join organisations t on t.id = a.acting_tenant_id
  left join organisations h on h.id = a.home_tenant_id`,
}

/** Who and where an entry names, read with its page: the actor's name and email, the tenants' names (null where unknown). */
export interface AuditNames {
  actorName: string | null
  actorEmail: string | null
  tenantName: string | null
  homeTenantName: string | null
}

/** A row as either driver reads it: the id a bigint string on PostgreSQL, the moment ms on SQLite. */
type ReadRow = Omit<AuditRow, 'id' | 'at'> & AuditNames & { id: number | string; at: ReadMoment }

/**
 * Whether a query's plan is the same whatever its values: a tenant's log (or the whole log) is a walk
 * along its one index. Any other filter may be served by its own index or by that walk, as its value's
 * rows are few or many (a rare action, a common one).
 */
function tenantOnly(query: AuditQuery): true | undefined {
  return FILTERS.every(([name]) => name === 'tenantId' || query[name] === undefined || query[name] === '') ? true : undefined
}

/** The given filters and `extra`, as a WHERE clause (empty when none), their values bound in the text's order. */
function whereOf(query: AuditQuery, bind: (value: unknown) => string, extra?: () => string): string {
  const terms = FILTERS.filter(([name]) => query[name] !== undefined && query[name] !== '').map(
    ([name, term]) => `${term} ${bind(query[name])}`,
  )
  if (extra) terms.push(extra())
  return terms.length ? ` where ${terms.join(' and ')}` : ''
}

/**
 * The page's statement: newest first by (at, id), after `after` (the last row's at in ms, and id), one
 * more row than the page; on PostgreSQL each with its names (the joins follow the log's index order: no sort).
 */
export function auditPageStatement(dialect: Dialect, query: AuditQuery, after: [number, number] | null, limit: number): Statement {
  const { values, bind } = binder(dialect)
  // The single-column bound lets SQLite seek the index; the row value breaks ties by id.
  const later = after
    ? () => `a.at <= ${bind(new Date(after[0]))} and (a.at, a.id) < (${bind(new Date(after[0]))}, ${bind(after[1])})`
    : undefined
  const { columns, from } = dialect === Dialect.PG ? NAMED_PG : { columns: COLUMNS, from: 'audit_log a' }
  const text = `select ${columns} from ${from}${whereOf(query, bind, later)} order by a.at desc, a.id desc limit ${bind(limit + 1)}`
  return { text, values, samePlan: tenantOnly(query) }
}

/** How many rows the filters match: exactly, or up to the cap and one more. */
function countStatement(dialect: Dialect, query: AuditQuery, exact: boolean): Statement {
  const { values, bind } = binder(dialect)
  const filter = whereOf(query, bind)
  const text = exact ? `select count(*) as n from audit_log a${filter}` : cappedCountSql(`from audit_log a${filter}`, bind)
  return { text, values, samePlan: tenantOnly(query) }
}

/** How a first page counts the rows its filters match: up to a cap, exactly, or not at all. */
export type AuditCount = 'capped' | 'exact' | 'none'

/**
 * A page of the log (see `auditPageStatement`) and, for the first page, how many rows the filters
 * match: for the list counted up to a cap ("1,000+", the log only grows), exactly for an export's
 * progress, not at all where no count is shown (the Overview). Every filter has an (x, at, id) index
 * (drizzle/0012), so a page is a seek, never a sort.
 */
export async function listAudit(conn: Conn, query: AuditQuery, after: [number, number] | null, limit: number, count: AuditCount) {
  // A first page's count and the page are in flight together (on PostgreSQL two connections, one round trip's wait).
  const [counted, read] = await Promise.all([
    after || count === 'none' ? null : writtenRows<{ n: number | string }>(conn, countStatement(conn.dialect, query, count === 'exact')),
    writtenRows<ReadRow>(conn, auditPageStatement(conn.dialect, query, after, limit)),
  ])
  const { total, totalCapped } = pageTotal(counted, count !== 'exact')
  if (conn.dialect === Dialect.SQLITE) await nameRowsSqlite(conn, read)
  const rows = read.map((r): AuditRow & { names: AuditNames } => ({
    id: Number(r.id),
    at: dateOf(r.at),
    actorUserId: r.actorUserId,
    homeTenantId: r.homeTenantId,
    actingTenantId: r.actingTenantId,
    action: r.action,
    target: r.target,
    result: r.result,
    hash: r.hash,
    appVersion: r.appVersion,
    host: r.host,
    names: { actorName: r.actorName, actorEmail: r.actorEmail, tenantName: r.tenantName, homeTenantName: r.homeTenantName },
  }))
  return { rows, total, totalCapped }
}

/** Gives SQLite's page rows their names: each distinct person and place looked up once. */
async function nameRowsSqlite(conn: Conn, rows: ReadRow[]): Promise<void> {
  const people = await usersByIds(
    conn,
    rows.flatMap((r) => (r.actorUserId ? [r.actorUserId] : [])),
  )
  const places = await organisationLabelsByIds(
    conn,
    rows.flatMap((r) => [r.actingTenantId, r.homeTenantId].filter((id): id is string => !!id)),
  )
  for (const r of rows) {
    const person = r.actorUserId ? people.get(r.actorUserId) : undefined
    r.actorName = person?.name ?? null
    r.actorEmail = person?.email ?? null
    r.tenantName = r.actingTenantId ? (places.get(r.actingTenantId)?.name ?? null) : null
    r.homeTenantName = r.homeTenantId ? (places.get(r.homeTenantId)?.name ?? null) : null
  }
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
