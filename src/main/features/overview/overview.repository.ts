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
  const [row] = await writtenRows<TenantCounts>(conn, { text, values })
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
  })
  return { users: Number(row?.users ?? 0), activeUsers: Number(row?.activeUsers ?? 0), openInvitations: Number(row?.openInvitations ?? 0) }
}

/** The head of one counter's index, read backwards: the tenants with the most, most first. */
async function most(conn: Conn, by: 'users' | 'open_invitations', limit: number): Promise<TenantCounts[]> {
  const { values, bind } = binder(conn.dialect)
  const text = `select ${COUNTERS} from tenant_counters where ${by} > 0 order by ${by} desc, tenant_id desc limit ${bind(limit)}`
  return writtenRows<TenantCounts>(conn, { text, values })
}

/** The tenants with the most open invitations, most first: the head of tenant_counters_open_invitations_idx, read backwards. */
export const mostOpenInvitations = (conn: Conn, limit: number) => most(conn, 'open_invitations', limit)

/** The tenants with the most users, most first: the head of tenant_counters_users_idx, read backwards. */
export const mostUsers = (conn: Conn, limit: number) => most(conn, 'users', limit)

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
  const rows = await writtenRows<{ day: number; invitationsSent: Sum; deactivations: Sum; failedSignIns: Sum }>(conn, { text, values })
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
