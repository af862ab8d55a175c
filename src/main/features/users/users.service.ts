import { randomUUID } from 'node:crypto'
import { grantableRoles, isSuperAdmin, USER_MANAGERS, worksTickets } from '../../../shared/access'
import {
  type Role,
  userListInputSchema,
  type DeactivationImpact,
  type Delivery,
  type Handover,
  type UserDetail,
  type UserListInput,
  type UserSummary,
} from '../../../shared/contract'
import { AppError, ErrorCode, ErrorReason } from '../../../shared/errors'
import type { Clock } from '../../clock'
import type { Conn, Engine } from '../../db/engine'
import type { Links } from '../../links'
import type { Mailer } from '../../mail/mailer'
import { passwordResetMail } from '../../mail/templates'
import { hashToken, newToken } from '../../security/tokens'
import { notFound, requireMayHandle, requireRole } from '../access'
import { mutate } from '../audit/mutation'
import { insertReset, revokeOpenResets, revokeSessionsOfUser } from '../auth/auth.repository'
import type { Actor } from '../auth/auth.service'
import { decodeCursor, keysetPage } from '../cursor'
import { hasConfirmedFactor } from '../factors/factors.repository'
import { userHistory } from '../helpdesk/helpdesk.repository'
import { findById as findOrganisation } from '../organisations/organisations.repository'
import { countDailyEvent, DailyEvent } from '../overview/overview.repository'
import type { OrganisationsService } from '../organisations/organisations.service'
import { findTeam, memberIdsOf, memberRole, teamNamesByIds } from '../teams/teams.repository'
import { appointManagers, teamsWithSuccessors } from './deactivation-managers'
import { summaryOf } from './users.list'
import * as repo from './users.repository'
import * as authRepo from '../auth/auth.repository'
import * as helpdesk from '../helpdesk/helpdesk.repository'
import * as teamsRepo from '../teams/teams.repository'

export const RESET_TTL_MS = 60 * 60 * 1000
/** Open tickets listed in a deactivation's impact; all of them are counted and handed over. */
export const IMPACT_TICKETS_SHOWN = 50

export function createUsersService(
  engine: Engine,
  clock: Clock,
  mailer: Mailer,
  links: Links,
  organisations: Pick<OrganisationsService, 'requireFeature'>,
) {
  async function detail(tenantId: string, id: string): Promise<UserDetail> {
    const { user, history, secondFactor } = await engine.read(async (conn) => {
      const user = await repo.findUserInTenant(conn, tenantId, id)
      return {
        user,
        history: user && (await userHistory(conn, tenantId, id)),
        secondFactor: !!user && (await hasConfirmedFactor(conn, user.id)),
      }
    })
    if (!user || !history) throw notFound('That user')
    return {
      id: user.id,
      name: user.name,
      email: user.email,
      role: user.role,
      active: user.active,
      lastSignInAt: user.lastSignInAt,
      createdAt: user.createdAt,
      secondFactor,
      history,
    }
  }

  /** A role and/or Active change inside a transaction, with every rule; null when nothing changes. */
  async function changeUser(conn: Conn, actor: Actor, user: repo.UserRow, next: { role: Role; active: boolean }): Promise<string | null> {
    const { role, active } = next
    const now = clock.now()
    if (role === user.role && active === user.active) return null
    if (user.id === actor.userId) {
      throw new AppError(
        ErrorCode.FORBIDDEN,
        'You cannot change your own role or deactivate yourself. Ask another administrator.',
        undefined,
        {
          reason: ErrorReason.SELF_CHANGE,
          ids: { userId: user.id },
        },
      )
    }
    for (const touched of [user.role, role]) requireMayHandle(actor, touched, 'grant, remove or change a SUPER_ADMIN')
    const inAdminTenant = (await findOrganisation(conn, actor.actingTenantId))?.isAdminTenant ?? false
    if (role !== user.role && !grantableRoles(actor.role, inAdminTenant).includes(role)) {
      throw new AppError(
        ErrorCode.VALIDATION,
        'SUPER_ADMIN can be granted only inside the Admin Tenant.',
        { role: 'Not available in this organisation' },
        { reason: ErrorReason.ROLE_NOT_GRANTABLE, ids: { userId: user.id } },
      )
    }
    const losesSuperAdmin = isSuperAdmin(user.role) && user.active && (!isSuperAdmin(role) || !active)
    if (losesSuperAdmin && (await repo.countActiveSuperAdmins(conn)) <= 1) {
      throw new AppError(
        ErrorCode.CONFLICT,
        `${user.name} is the last active SUPER_ADMIN; make someone else SUPER_ADMIN first.`,
        undefined,
        { reason: ErrorReason.LAST_SUPER_ADMIN, ids: { userId: user.id } },
      )
    }
    await repo.updateUser(conn, user.id, { role, active })
    const deactivated = !active && user.active
    // Deactivation takes effect at once: sessions end. Reset links die with it, and with a
    // promotion to SUPER_ADMIN (a link sent before may sit in an ADMIN-readable Outbox).
    if (deactivated) await revokeSessionsOfUser(conn, user.id, now)
    // The Overview's deactivations per day, counted in the transaction that deactivates.
    if (deactivated) await countDailyEvent(conn, user.tenantId, now, DailyEvent.DEACTIVATION)
    if (deactivated || (isSuperAdmin(role) && !isSuperAdmin(user.role))) await revokeOpenResets(conn, user.id, now)
    const change = [
      role !== user.role ? `role ${user.role}→${role}` : null,
      active !== user.active ? (active ? 'reactivated' : 'deactivated') : null,
    ]
    return change.filter(Boolean).join(', ')
  }

  return {
    async list(
      actor: Actor,
      input: UserListInput,
    ): Promise<{ items: UserSummary[]; nextCursor: string | null; total: number | null; totalCapped: boolean }> {
      const query = userListInputSchema.parse(input)
      const after = query.cursor ? decodeCursor(query.cursor) : null
      const { rows, total, totalCapped } = await engine.read((conn) => repo.listUsers(conn, actor.actingTenantId, query, after))
      const { page, nextCursor } = keysetPage(rows, query.limit, (user) => [user.sortKey, user.id])
      return { items: page.map(summaryOf), nextCursor, total, totalCapped }
    },

    async get(actor: Actor, id: string): Promise<UserDetail> {
      requireRole(actor, USER_MANAGERS, 'open user profiles')
      return detail(actor.actingTenantId, id)
    },

    async update(actor: Actor, input: { id: string; role?: Role; active?: boolean }): Promise<UserDetail> {
      requireRole(actor, USER_MANAGERS, 'change users')
      await mutate(
        engine,
        clock,
        actor,
        'users.update',
        async (conn) => {
          const user = await repo.findUserInTenant(conn, actor.actingTenantId, input.id)
          if (!user) throw notFound('That user')
          const change = await changeUser(conn, actor, user, { role: input.role ?? user.role, active: input.active ?? user.active })
          return change === null ? null : { target: `${user.id} (${change})`, value: undefined }
        },
        { immediate: true },
      )
      return detail(actor.actingTenantId, input.id)
    },

    async deactivationImpact(actor: Actor, id: string): Promise<DeactivationImpact> {
      requireRole(actor, USER_MANAGERS, 'change users')
      const tenantId = actor.actingTenantId
      return engine.read(async (conn) => {
        const user = await repo.findUserInTenant(conn, tenantId, id)
        if (!user) throw notFound('That user')
        const tickets = await helpdesk.openTicketsAssignedTo(conn, tenantId, id)
        const shown = tickets.slice(0, IMPACT_TICKETS_SHOWN)
        const teamNames = await teamNamesByIds(
          conn,
          tenantId,
          shown.flatMap((t) => (t.teamId ? [t.teamId] : [])),
        )
        return {
          user: { id: user.id, name: user.name, email: user.email, role: user.role, active: user.active, lastSignInAt: user.lastSignInAt },
          openTickets: shown.map(({ teamId, ...t }) => ({ ...t, team: teamId ? { id: teamId, name: teamNames.get(teamId) ?? '' } : null })),
          openTicketCount: tickets.length,
          teams: await teamsWithSuccessors(conn, tenantId, id),
          signatures: await teamsRepo.teamsWhoseSignatureNames(conn, tenantId, [user.name, user.email]),
          liveSessions: await authRepo.countLiveSessions(conn, id, clock.now()),
        }
      })
    },

    /**
     * Deactivation with handover: the open tickets move (to one assignee, or to their team's
     * queue) and the user is deactivated in one transaction, or nothing happens at all.
     */
    async deactivate(
      actor: Actor,
      input: { id: string; handover?: Handover; managers?: readonly { teamId: string; userId: string }[] },
    ): Promise<{ user: UserDetail; ticketsMoved: number; managersAppointed: number; sessionsEnded: number }> {
      requireRole(actor, USER_MANAGERS, 'change users')
      const tenantId = actor.actingTenantId
      const { ticketsMoved, managersAppointed, sessionsEnded } = await mutate(
        engine,
        clock,
        actor,
        'users.deactivate',
        async (conn) => {
          const user = await repo.findUserInTenant(conn, tenantId, input.id)
          if (!user) throw notFound('That user')
          if (!user.active) {
            throw new AppError(ErrorCode.CONFLICT, `${user.name} is already deactivated.`, undefined, {
              reason: ErrorReason.USER_DEACTIVATED,
              ids: { userId: user.id },
            })
          }
          const sessionsEnded = await authRepo.countLiveSessions(conn, user.id, clock.now())
          const handover = input.handover
          let ticketsMoved = 0
          if (handover) {
            const tickets = await helpdesk.openTicketsAssignedTo(conn, tenantId, user.id)
            const assigneeId = handover.to === 'user' ? handover.assigneeId : null
            const assignee = assigneeId ? await repo.findUserInTenant(conn, tenantId, assigneeId) : undefined
            const mayTake = new Map<string | null, boolean>()
            // One ticket at a time, each checked against its team: a ticket the assignee may not
            // take, found after others have moved, undoes the whole transaction.
            for (const ticket of tickets) {
              if (assigneeId) {
                if (!mayTake.has(ticket.teamId)) {
                  const ok =
                    !!assignee &&
                    assignee.id !== user.id &&
                    assignee.active &&
                    worksTickets(assignee.role) &&
                    (!ticket.teamId || (await memberRole(conn, ticket.teamId, assignee.id)) !== undefined)
                  mayTake.set(ticket.teamId, ok)
                }
                if (!mayTake.get(ticket.teamId)) {
                  const teamName = ticket.teamId ? (await findTeam(conn, tenantId, ticket.teamId))?.name : undefined
                  throw new AppError(
                    ErrorCode.VALIDATION,
                    teamName
                      ? `Ticket #${ticket.number} belongs to ${teamName}: only its active members can take it. Nothing was changed.`
                      : 'Only another active user who can take work can be given the tickets. Nothing was changed.',
                    { assigneeId: 'Not assignable' },
                    {
                      reason: ErrorReason.NOT_ASSIGNABLE,
                      ids: { userId: user.id, ticketId: ticket.id, assigneeId, ...(ticket.teamId ? { teamId: ticket.teamId } : {}) },
                    },
                  )
                }
              }
              await helpdesk.reassignTickets(conn, tenantId, [ticket.id], assigneeId)
              ticketsMoved++
            }
          }
          const appointments = input.managers ?? []
          const managersAppointed = await appointManagers(conn, tenantId, user, appointments, clock.now())
          const change = await changeUser(conn, actor, user, { role: user.role, active: false })
          const to = !handover ? 'kept' : handover.to === 'queue' ? 'to team queue' : `to ${handover.assigneeId}`
          const appointed = appointments.length
            ? `; MANAGER appointed: ${appointments.map((a) => `${a.userId} of ${a.teamId}`).join(', ')}`
            : ''
          return {
            target: `${user.id} (${change}; ${ticketsMoved} open ticket${ticketsMoved === 1 ? '' : 's'} ${to}${appointed}; ${sessionsEnded} session${sessionsEnded === 1 ? '' : 's'} ended)`,
            value: { ticketsMoved, managersAppointed, sessionsEnded },
          }
        },
        { immediate: true },
      )
      return { user: await detail(tenantId, input.id), ticketsMoved, managersAppointed, sessionsEnded }
    },

    async sendPasswordReset(actor: Actor, id: string): Promise<Delivery> {
      requireRole(actor, USER_MANAGERS, 'send password resets')
      const token = newToken()
      const now = clock.now()
      const expiresAt = new Date(now.getTime() + RESET_TTL_MS)
      const tokenHash = hashToken(token)
      const user = await mutate(engine, clock, actor, 'users.send-password-reset', async (conn) => {
        const found = await repo.findUserInTenant(conn, actor.actingTenantId, id)
        if (!found) throw notFound('That user')
        requireMayHandle(actor, found.role, 'send a password reset to a SUPER_ADMIN')
        if (!found.active) {
          throw new AppError(
            ErrorCode.CONFLICT,
            `${found.name} is deactivated. Reactivate them before sending a password reset.`,
            undefined,
            { reason: ErrorReason.USER_DEACTIVATED, ids: { userId: found.id } },
          )
        }
        // A new link replaces any earlier one.
        await revokeOpenResets(conn, found.id, now)
        await insertReset(conn, { id: randomUUID(), userId: found.id, tokenHash, createdAt: now, expiresAt })
        return { target: found.id, value: found }
      })
      // Sent after the transaction: mail never waits inside one, and a rerun never sends twice.
      const organisation = await engine.read((conn) => findOrganisation(conn, actor.actingTenantId))
      return mailer.send({
        tenantId: actor.actingTenantId,
        to: user.email,
        localOnly: organisation?.isDemo ?? false,
        superAdminOnly: isSuperAdmin(user.role),
        ...passwordResetMail({ name: user.name, link: links.resetPassword(token), expiresAt }),
      })
    },

    /**
     * The one list behind every assignee dropdown: active users who can take work, of one
     * team when `teamId` is given. Assignees exist for helpdesk work.
     */
    async assignable(actor: Actor, search?: string, teamId?: string) {
      await organisations.requireFeature(actor, 'helpdesk')
      return engine.read(async (conn) => {
        if (!teamId) return repo.assignableUsers(conn, actor.actingTenantId, search)
        if (!(await findTeam(conn, actor.actingTenantId, teamId))) throw notFound('That team')
        // The teams repository's subquery, embedded in this query on the same conn.
        return repo.assignableUsers(conn, actor.actingTenantId, search, memberIdsOf(conn, teamId))
      })
    },
  }
}

export type UsersService = ReturnType<typeof createUsersService>
