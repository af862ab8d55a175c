import { and, desc, eq, gt, gte, lte, sql, sum } from 'drizzle-orm'
import { Dialect, first, type Conn } from '../../db/engine'
import type { DayCounts, TenantCounts } from './overview.rows'
import * as sqlite from './overview.sqlite'

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

/** One tenant's counters (zeros for a tenant nothing was ever counted in). */
export async function tenantCounts(conn: Conn, tenantId: string): Promise<TenantCounts> {
  const { db, t } = conn
  const row =
    conn.dialect === Dialect.SQLITE
      ? sqlite.tenantCountsSqlite(conn, tenantId)
      : await first(db.select().from(t.tenantCounters).where(eq(t.tenantCounters.tenantId, tenantId)))
  return row ?? { tenantId, users: 0, activeUsers: 0, openInvitations: 0 }
}

/** Every tenant's counters added up: one small row per tenant, never a user or an invitation. */
export async function instanceCounts(conn: Conn): Promise<Omit<TenantCounts, 'tenantId'>> {
  const { db, t } = conn
  const c = t.tenantCounters
  const [row] =
    conn.dialect === Dialect.SQLITE
      ? [sqlite.instanceCountsSqlite(conn)]
      : await db.select({ users: sum(c.users), activeUsers: sum(c.activeUsers), openInvitations: sum(c.openInvitations) }).from(c)
  return { users: Number(row?.users ?? 0), activeUsers: Number(row?.activeUsers ?? 0), openInvitations: Number(row?.openInvitations ?? 0) }
}

/** The tenants with the most open invitations, most first: the head of tenant_counters_open_invitations_idx, read backwards. */
export async function mostOpenInvitations(conn: Conn, limit: number): Promise<TenantCounts[]> {
  if (conn.dialect === Dialect.SQLITE) return sqlite.mostSqlite(conn, 'open_invitations', limit)
  const { db, t } = conn
  const c = t.tenantCounters
  return db.select().from(c).where(gt(c.openInvitations, 0)).orderBy(desc(c.openInvitations), desc(c.tenantId)).limit(limit)
}

/** The tenants with the most users, most first: the head of tenant_counters_users_idx, read backwards. */
export async function mostUsers(conn: Conn, limit: number): Promise<TenantCounts[]> {
  if (conn.dialect === Dialect.SQLITE) return sqlite.mostSqlite(conn, 'users', limit)
  const { db, t } = conn
  const c = t.tenantCounters
  return db.select().from(c).where(gt(c.users, 0)).orderBy(desc(c.users), desc(c.tenantId)).limit(limit)
}

/**
 * Per day from `fromDay` to `toDay` (both included), of one tenant or of every tenant when null:
 * one tenant's days off its key, every tenant's off tenant_daily_day_idx (a row per tenant and day
 * on which something happened).
 */
export async function dailyCounts(conn: Conn, tenantId: string | null, fromDay: number, toDay: number): Promise<DayCounts[]> {
  if (conn.dialect === Dialect.SQLITE) return sqlite.dailyCountsSqlite(conn, tenantId, fromDay, toDay)
  const { db, t } = conn
  const d = t.tenantDaily
  const rows = await db
    .select({
      day: d.day,
      invitationsSent: sum(d.invitationsSent),
      deactivations: sum(d.deactivations),
      failedSignIns: sum(d.failedSignIns),
    })
    .from(d)
    .where(and(tenantId === null ? undefined : eq(d.tenantId, tenantId), gte(d.day, fromDay), lte(d.day, toDay)))
    .groupBy(d.day)
    .orderBy(d.day)
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

/** The daily rows as they stand, for checks against a recount. */
export async function allDailyRows({ db, t }: Conn) {
  return db.select().from(t.tenantDaily).orderBy(t.tenantDaily.tenantId, t.tenantDaily.day)
}
