import type { Conn } from '../../db/engine'
import { prepared } from '../../db/query'
import type { DayCounts, TenantCounts } from './overview.rows'

/**
 * SQLite's Overview reads (PostgreSQL's are drizzle's, in overview.repository.ts): the same
 * statements, prepared once per connection (the Overview is every console's first screen).
 */

const COUNTERS = 'tenant_id as tenantId, users, active_users as activeUsers, open_invitations as openInvitations'

export function tenantCountsSqlite(conn: Conn, tenantId: string): TenantCounts | undefined {
  return prepared(conn, 'overview.tenant', () => `select ${COUNTERS} from tenant_counters where tenant_id = ?`).get(tenantId) as
    TenantCounts | undefined
}

export function instanceCountsSqlite(conn: Conn): { users: number | null; activeUsers: number | null; openInvitations: number | null } {
  return prepared(
    conn,
    'overview.instance',
    () => 'select sum(users) as users, sum(active_users) as activeUsers, sum(open_invitations) as openInvitations from tenant_counters',
  ).get() as { users: number | null; activeUsers: number | null; openInvitations: number | null }
}

/** The head of one counter's index, read backwards: the tenants with the most, most first. */
export function mostSqlite(conn: Conn, by: 'users' | 'open_invitations', limit: number): TenantCounts[] {
  return prepared(
    conn,
    `overview.most.${by}`,
    () => `select ${COUNTERS} from tenant_counters where ${by} > 0 order by ${by} desc, tenant_id desc limit ?`,
  ).all(limit) as TenantCounts[]
}

export function dailyCountsSqlite(conn: Conn, tenantId: string | null, fromDay: number, toDay: number): DayCounts[] {
  const rows = prepared(
    conn,
    `overview.daily.${tenantId === null ? 'all' : 'tenant'}`,
    () =>
      `select day, sum(invitations_sent) as invitationsSent, sum(deactivations) as deactivations, sum(failed_sign_ins) as failedSignIns
        from tenant_daily where ${tenantId === null ? '' : 'tenant_id = @tenantId and '}day >= @fromDay and day <= @toDay group by day order by day`,
  ).all(tenantId === null ? { fromDay, toDay } : { tenantId, fromDay, toDay }) as DayCounts[]
  return rows.map((r) => ({
    day: r.day,
    invitationsSent: Number(r.invitationsSent ?? 0),
    deactivations: Number(r.deactivations ?? 0),
    failedSignIns: Number(r.failedSignIns ?? 0),
  }))
}
