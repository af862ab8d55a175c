import { sql } from 'drizzle-orm'
import type { Overview } from '../../../shared/contract'
import { connectionCache, writeVersion } from '../../db/connection-cache'
import { Dialect, type Conn } from '../../db/engine'
import { binder, writtenRows } from '../../db/query'
import type { DayCounts, TenantCounts } from './overview.rows'

export type { DayCounts, TenantCounts }

const DAY_MS = 24 * 60 * 60 * 1000

/** The UTC day an instant falls on, as tenant_daily keys it (days since 1970-01-01; the triggers' `sent_at / 86400000`). */
export const dayOf = (at: Date): number => Math.floor(at.getTime() / DAY_MS)

/** A day number as `YYYY-MM-DD`. */
export const dayLabel = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10)

/** What the overview repository counts itself; invitations sent are counted by triggers on invitations (drizzle/0021). */
export const DailyEvent = { DEACTIVATION: 'deactivations', FAILED_SIGN_IN: 'failedSignIns' } as const
export type DailyEvent = (typeof DailyEvent)[keyof typeof DailyEvent]

/**
 * Counts one deactivation or failed sign-in of a tenant on the day of `at` (the injected clock's
 * time). Called in the transaction that makes the change, so the count and the change commit together.
 */
export async function countDailyEvent({ db, t }: Conn, tenantId: string, at: Date, event: DailyEvent): Promise<void> {
  const d = t.tenantDaily
  await db
    .insert(d)
    .values({ tenantId, day: dayOf(at), [event]: 1 })
    .onConflictDoUpdate({ target: [d.tenantId, d.day], set: { [event]: sql`${d[event]} + 1` } })
}

/*
 * The Overview's reads are statements written out once, the same texts on both engines (the
 * Overview is every console's first screen; db/pg-query.ts says what drizzle's building costs).
 * sum() is a bigint on PostgreSQL, handed over as a string: sums are read through Number.
 */

const COUNTERS = 'tenant_id as "tenantId", users, active_users as "activeUsers", open_invitations as "openInvitations"'

/** One tenant's counters (zeros for a tenant nothing was ever counted in). */
export async function tenantCounts(conn: Conn, tenantId: string): Promise<TenantCounts> {
  const { values, bind } = binder(conn.dialect)
  const text = `select ${COUNTERS} from tenant_counters where tenant_id = ${bind(tenantId)}`
  const [row] = await writtenRows<TenantCounts>(conn, { text, values, samePlan: true })
  return row ?? { tenantId, users: 0, activeUsers: 0, openInvitations: 0 }
}

type Sum = number | string | null

/**
 * Every tenant's counters added up: the slots of instance_counters (one on SQLite, 64 on PostgreSQL),
 * which a trigger on tenant_counters keeps, never a row per tenant.
 */
export async function instanceCounts(conn: Conn): Promise<Omit<TenantCounts, 'tenantId'>> {
  const [row] = await writtenRows<{ users: Sum; activeUsers: Sum; openInvitations: Sum }>(conn, {
    text: 'select sum(users) as users, sum(active_users) as "activeUsers", sum(open_invitations) as "openInvitations" from instance_counters',
    values: [],
    samePlan: true,
  })
  return { users: Number(row?.users ?? 0), activeUsers: Number(row?.activeUsers ?? 0), openInvitations: Number(row?.openInvitations ?? 0) }
}

/** A tenant as the Overview ranks it: its counters, its name, and its open invitations now and soon to expire. */
export interface RankedTenant extends TenantCounts {
  name: string
  slug: string
  /** Open invitations not expired at `now`: counted for the invitations ranking and a single tenant only (0 in the users ranking). */
  pendingInvitations: number
  /** Of those, the ones that expire by `soon`. */
  expiringSoon: number
}

type RankedRow = Omit<RankedTenant, 'users' | 'activeUsers' | 'openInvitations' | 'pendingInvitations' | 'expiringSoon'> & {
  ranking: 'invitations' | 'users'
  users: Sum
  activeUsers: Sum
  openInvitations: Sum
  pendingInvitations: Sum
  expiringSoon: Sum
}

/**
 * The Overview's tenants in one statement: with `scope`, that tenant alone (zeros when nothing was
 * ever counted in it); otherwise the heads of tenant_counters_open_invitations_idx and of
 * tenant_counters_users_idx, read backwards, `limit` each, most first. Each row comes with its
 * organisation's name and slug (a primary-key probe) and, for the invitations ranking, its pending and
 * expiring-soon counts along invitations_open_tenant_expires_idx: subqueries run for the rows kept
 * only, so the screen waits for one round trip where it waited for three (counters, then names and counts).
 */
export async function rankedTenants(
  conn: Conn,
  scope: string | null,
  limit: number,
  now: Date,
  soon: Date,
): Promise<{ byInvitations: RankedTenant[]; byUsers: RankedTenant[] }> {
  const { values, bind } = binder(conn.dialect)
  // Each piece binds its values as it is written, in the text's order (SQLite's `?` take them so).
  const counted = (tenant: string) => {
    const open = () =>
      `from invitations i where i.accepted_at is null and i.revoked_at is null and i.tenant_id = ${tenant} and i.expires_at > ${bind(now)}`
    const pending = `(select count(*) ${open()}) as "pendingInvitations"`
    return `${pending}, (select count(*) ${open()} and i.expires_at <= ${bind(soon)}) as "expiringSoon"`
  }
  const named = `coalesce(o.name, '') as name, coalesce(o.slug, '') as slug`
  const counters = 'c.users, c.active_users as "activeUsers", c.open_invitations as "openInvitations"'
  const head = (ranking: RankedRow['ranking'], by: string, counts: () => string) =>
    `select * from (select '${ranking}' as ranking, c.tenant_id as "tenantId", ${counters}, ${named}, ${counts()}
      from tenant_counters c left join organisations o on o.id = c.tenant_id
      where c.${by} > 0 order by c.${by} desc, c.tenant_id desc limit ${bind(limit)}) as ${ranking}_head`
  const text =
    scope === null
      ? `${head('invitations', 'open_invitations', () => counted('c.tenant_id'))} union all ${head('users', 'users', () => '0 as "pendingInvitations", 0 as "expiringSoon"')}`
      : `select 'invitations' as ranking, o.id as "tenantId", ${counters}, ${named}, ${counted('o.id')}
          from organisations o left join tenant_counters c on c.tenant_id = o.id where o.id = ${bind(scope)}`
  const read = await writtenRows<RankedRow>(conn, { text, values, samePlan: true })
  const ranked = (ranking: RankedRow['ranking']) =>
    read
      .filter((r) => r.ranking === ranking)
      .map((r): RankedTenant => ({
        tenantId: r.tenantId,
        name: r.name,
        slug: r.slug,
        users: Number(r.users ?? 0),
        activeUsers: Number(r.activeUsers ?? 0),
        openInvitations: Number(r.openInvitations ?? 0),
        pendingInvitations: Number(r.pendingInvitations ?? 0),
        expiringSoon: Number(r.expiringSoon ?? 0),
      }))
  if (scope !== null) {
    const own = ranked('invitations')[0] ?? {
      tenantId: scope,
      name: '',
      slug: '',
      users: 0,
      activeUsers: 0,
      openInvitations: 0,
      pendingInvitations: 0,
      expiringSoon: 0,
    }
    return { byInvitations: [own], byUsers: [own] }
  }
  return { byInvitations: ranked('invitations'), byUsers: ranked('users') }
}

/**
 * Per day from `fromDay` to `toDay` (both included), of one tenant or of every tenant when null:
 * one tenant's days off its key, every tenant's off tenant_daily_day_idx (a row per tenant and day
 * on which something happened).
 */
export async function dailyCounts(conn: Conn, tenantId: string | null, fromDay: number, toDay: number): Promise<DayCounts[]> {
  const { values, bind } = binder(conn.dialect)
  const tenant = tenantId === null ? '' : `tenant_id = ${bind(tenantId)} and `
  const text = `select day, sum(invitations_sent) as "invitationsSent", sum(deactivations) as deactivations,
      sum(failed_sign_ins) as "failedSignIns"
    from tenant_daily where ${tenant}day >= ${bind(fromDay)} and day <= ${bind(toDay)} group by day order by day`
  const rows = await writtenRows<{ day: number; invitationsSent: Sum; deactivations: Sum; failedSignIns: Sum }>(conn, {
    text,
    values,
    samePlan: true,
  })
  return rows.map((r) => ({
    day: r.day,
    invitationsSent: Number(r.invitationsSent ?? 0),
    deactivations: Number(r.deactivations ?? 0),
    failedSignIns: Number(r.failedSignIns ?? 0),
  }))
}

/** The counters as they stand, for checks against a recount. */
export async function allTenantCounters({ db, t }: Conn) {
  return db.select().from(t.tenantCounters).orderBy(t.tenantCounters.tenantId)
}

/** instance_counters' slots as they stand, for checks against tenant_counters. */
export async function allInstanceCounters({ db, t }: Conn) {
  return db.select().from(t.instanceCounters).orderBy(t.instanceCounters.slot)
}

/** The daily rows as they stand, for checks against a recount. */
export async function allDailyRows({ db, t }: Conn) {
  return db.select().from(t.tenantDaily).orderBy(t.tenantDaily.tenantId, t.tenantDaily.day)
}

/** An Overview kept on SQLite: the answer, the write version it was read at, and the clock span it holds for. */
interface Kept {
  overview: Overview
  version: string
  from: number
  until: number
}
/** Operators × the tenants they act in: past this many, the kept answers are dropped and kept afresh. */
const KEPT_MAX = 64

/**
 * The Overview kept for `key`, if nothing was written since it was read and `now` is still within the
 * span its counts hold for; with the write version to keep a fresh one under (null on PostgreSQL,
 * whose processes do not see one another's writes without asking the database: nothing is kept).
 */
export function keptOverview(conn: Conn, key: string, now: Date): { overview?: Overview; version: string | null } {
  if (conn.dialect !== Dialect.SQLITE) return { version: null }
  const version = writeVersion(conn)
  const kept = connectionCache<string, Kept>(conn, 'overview').get(key)
  const at = now.getTime()
  if (kept && kept.version === version && at >= kept.from && at < kept.until) return { overview: kept.overview, version }
  return { version }
}

/** Keeps an Overview read at write version `version`, for clock times from `from` until (not including) `until`. */
export function keepOverview(conn: Conn, key: string, kept: Kept): void {
  const cache = connectionCache<string, Kept>(conn, 'overview')
  if (cache.size >= KEPT_MAX) cache.clear()
  cache.set(key, kept)
}
