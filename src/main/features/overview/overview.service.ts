import { USER_MANAGERS } from '../../../shared/access'
import { EXPIRING_SOON_HOURS, OVERVIEW_DAYS, OVERVIEW_TOP, OVERVIEW_WINDOW_DAYS, type Overview } from '../../../shared/contract'
import type { Clock } from '../../clock'
import { Dialect, type Conn, type Engine } from '../../db/engine'
import { requireRole } from '../access'
import type { AuditLogService } from '../audit/audit-log.service'
import type { Actor } from '../auth/auth.service'
import type { InvitationsService } from '../invitations/invitations.service'
import { countOpenExpiring, nextOpenExpiry } from '../invitations/invitations.repository'
import * as repo from './overview.repository'

const HOUR_MS = 60 * 60 * 1000
const DAY_MS = 24 * HOUR_MS

/** Every tenant's totals: instance_counters' sums, and the open invitations that expire by `soon`. */
async function instanceTotals(conn: Conn, now: Date, soon: Date) {
  const [counts, expiringSoon] = await Promise.all([repo.instanceCounts(conn), countOpenExpiring(conn, now, soon)])
  return { ...counts, expiringSoon }
}

/**
 * The Overview (issue 20): everything read from counters kept by the writes themselves
 * (tenant_counters, tenant_daily) and from index ranges no longer than their answer, so that it costs
 * the same at ten tenants and at ten thousand. Members of the Admin Tenant see every tenant (as
 * auth.switchableTenants lets them switch into any); anyone else their acting (= home) tenant.
 * The expiring invitations and the audit events are the first rows of All Invitations and of the
 * Audit Log, through their own services and with their own scoping.
 */
export function createOverviewService(engine: Engine, clock: Clock, uses: { invitations: InvitationsService; auditLog: AuditLogService }) {
  return {
    async get(actor: Actor): Promise<Overview> {
      requireRole(actor, USER_MANAGERS, 'see the Overview')
      const now = clock.now()
      // On SQLite the answer is kept while nothing is written and no moment it counts by passes (see `keep`).
      const key = `${actor.userId} ${actor.actingTenantId} ${actor.role}`
      const kept = engine.dialect === Dialect.SQLITE ? await engine.read(async (conn) => repo.keptOverview(conn, key, now)) : null
      if (kept?.overview) return kept.overview
      const overview = await read(actor, now)
      if (kept?.version) await keep(key, kept.version, now, overview)
      return overview
    },
  }

  /**
   * Keeps an Overview read at `now` until the first moment that changes what it counts with no write:
   * the next UTC day (the charts' days), the next open invitation to expire (pending) and the next to
   * come within EXPIRING_SOON_HOURS of expiring (expiring soon). Any write before then, by this
   * process or another, is seen by keptOverview's write version.
   */
  async function keep(key: string, version: string, now: Date, overview: Overview): Promise<void> {
    const soonMs = EXPIRING_SOON_HOURS * HOUR_MS
    await engine.read(async (conn) => {
      const [expires, entersSoon] = await Promise.all([nextOpenExpiry(conn, now), nextOpenExpiry(conn, new Date(now.getTime() + soonMs))])
      const until = Math.min(
        (repo.dayOf(now) + 1) * DAY_MS,
        expires?.getTime() ?? Infinity,
        entersSoon ? entersSoon.getTime() - soonMs : Infinity,
      )
      repo.keepOverview(conn, key, { overview, version, from: now.getTime(), until })
    })
  }

  /** The Overview as it stands at `now`, read afresh. */
  async function read(actor: Actor, now: Date): Promise<Overview> {
    const soon = new Date(now.getTime() + EXPIRING_SOON_HOURS * HOUR_MS)
    const today = repo.dayOf(now)
    // The first rows of All Invitations and of the Audit Log come through their own services, read
    // meanwhile: on PostgreSQL every statement that waits for no other answer is in flight at once.
    const [counted, [expiringNext, recentAudit]] = await Promise.all([
      engine.read(async (conn) => {
        const everyTenant = actor.homeIsAdminTenant
        const scope = everyTenant ? null : actor.actingTenantId
        // One round trip: each read waits for no other (the tenants come with their names and counts).
        const [{ byInvitations, byUsers }, instance, days] = await Promise.all([
          repo.rankedTenants(conn, scope, OVERVIEW_TOP, now, soon),
          everyTenant ? instanceTotals(conn, now, soon) : null,
          repo.dailyCounts(conn, scope, today - OVERVIEW_DAYS + 1, today),
        ])
        return {
          everyTenant,
          // A single tenant's totals are its own row, which rankedTenants always gives (zeros if nothing was counted).
          totals: instance ?? byInvitations[0]!,
          invitationTenants: byInvitations.filter((r) => r.openInvitations > 0),
          byUsers: byUsers.filter((r) => r.users > 0),
          days,
        }
      }),
      Promise.all([uses.invitations.queue(actor, { status: 'pending', limit: OVERVIEW_TOP }), uses.auditLog.latest(actor, OVERVIEW_TOP)]),
    ])
    const byDay = new Map(counted.days.map((d) => [d.day, d]))
    const days = Array.from({ length: OVERVIEW_DAYS }, (_, n) => {
      const day = today - OVERVIEW_DAYS + 1 + n
      const found = byDay.get(day)
      return {
        day: repo.dayLabel(day),
        invitationsSent: found?.invitationsSent ?? 0,
        deactivations: found?.deactivations ?? 0,
        failedSignIns: found?.failedSignIns ?? 0,
      }
    })
    const window = days.slice(-OVERVIEW_WINDOW_DAYS)
    return {
      scope: counted.everyTenant ? 'every-tenant' : 'tenant',
      totals: {
        users: counted.totals.users,
        activeUsers: counted.totals.activeUsers,
        openInvitations: counted.totals.openInvitations,
        expiringSoon: counted.totals.expiringSoon,
        deactivations: window.reduce((n, d) => n + d.deactivations, 0),
        failedSignIns: window.reduce((n, d) => n + d.failedSignIns, 0),
      },
      invitationTenants: counted.invitationTenants.map(({ tenantId, name, slug, openInvitations, pendingInvitations, expiringSoon }) => ({
        id: tenantId,
        name,
        slug,
        openInvitations,
        pendingInvitations,
        expiringSoon,
      })),
      userTenants: counted.byUsers.map(({ tenantId, name, slug, users, activeUsers }) => ({
        id: tenantId,
        name,
        slug,
        users,
        activeUsers,
      })),
      days,
      expiringNext: expiringNext.items,
      recentAudit,
    }
  }
}

export type OverviewService = ReturnType<typeof createOverviewService>
