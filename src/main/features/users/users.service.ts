import { randomUUID } from 'node:crypto'
import { Role, userListInputSchema, type Delivery, type UserDetail, type UserListInput, type UserSummary } from '../../../shared/contract'
import { AppError, ErrorCode } from '../../../shared/errors'
import type { Clock } from '../../clock'
import type { Db } from '../../db/store'
import type { Links } from '../../links'
import type { Mailer } from '../../mail/mailer'
import { passwordResetMail } from '../../mail/templates'
import { hashToken, newToken } from '../../security/tokens'
import { auditActor, notFound, requireMayHandle, requireRole, USER_MANAGERS } from '../access'
import { AuditResult, writeAudit } from '../audit/audit.repository'
import { revokeSessionsOfUser } from '../auth/auth.repository'
import type { Actor } from '../auth/auth.service'
import { decodeCursor, keysetPage } from '../cursor'
import type { OrganisationsService } from '../organisations/organisations.service'
import { findTeam } from '../teams/teams.repository'
import * as repo from './users.repository'

export const RESET_TTL_MS = 60 * 60 * 1000

export function createUsersService(
  db: Db,
  clock: Clock,
  mailer: Mailer,
  links: Links,
  organisations: Pick<OrganisationsService, 'requireFeature'>,
) {
  function detail(tenantId: string, id: string): UserDetail {
    const user = repo.findUserInTenant(db, tenantId, id)
    if (!user) throw notFound('That user')
    return {
      id: user.id,
      name: user.name,
      email: user.email,
      role: user.role,
      active: user.active,
      lastSignInAt: user.lastSignInAt,
      createdAt: user.createdAt,
      history: repo.userHistory(db, tenantId, id),
    }
  }

  return {
    list(actor: Actor, input: UserListInput): { items: UserSummary[]; nextCursor: string | null; total: number | null } {
      const query = userListInputSchema.parse(input)
      const after = query.cursor ? decodeCursor(query.cursor) : null
      const { rows, total } = repo.listUsers(db, actor.actingTenantId, query, after)
      const { page, nextCursor } = keysetPage(rows, query.limit)
      return { items: page.map(({ sortKey: _sortKey, ...user }) => user), nextCursor, total }
    },

    get(actor: Actor, id: string): UserDetail {
      requireRole(actor, USER_MANAGERS, 'open user profiles')
      return detail(actor.actingTenantId, id)
    },

    update(actor: Actor, input: { id: string; role?: Role; active?: boolean }): UserDetail {
      requireRole(actor, USER_MANAGERS, 'change users')
      const now = clock.now()
      db.transaction(
        (tx) => {
          const user = repo.findUserInTenant(tx, actor.actingTenantId, input.id)
          if (!user) throw notFound('That user')
          const role = input.role ?? user.role
          const active = input.active ?? user.active
          if (role === user.role && active === user.active) return
          if (user.id === actor.userId) {
            throw new AppError(ErrorCode.FORBIDDEN, 'You cannot change your own role or deactivate yourself. Ask another administrator.')
          }
          for (const touched of [user.role, role]) requireMayHandle(actor, touched, 'grant, remove or change a SUPER_ADMIN')
          if (
            role === Role.SUPER_ADMIN &&
            user.role !== Role.SUPER_ADMIN &&
            !repo.findOrganisationFlags(tx, actor.actingTenantId)?.isAdminTenant
          ) {
            throw new AppError(ErrorCode.VALIDATION, 'SUPER_ADMIN can be granted only inside the Admin Tenant.', {
              role: 'Not available in this organisation',
            })
          }
          const losesSuperAdmin = user.role === Role.SUPER_ADMIN && user.active && (role !== Role.SUPER_ADMIN || !active)
          if (losesSuperAdmin && repo.countActiveSuperAdmins(tx) <= 1) {
            throw new AppError(ErrorCode.CONFLICT, `${user.name} is the last active SUPER_ADMIN; make someone else SUPER_ADMIN first.`)
          }
          repo.updateUser(tx, user.id, { role, active })
          const deactivated = !active && user.active
          // Deactivation takes effect at once: sessions end. Reset links die with it, and with a
          // promotion to SUPER_ADMIN (a link sent before may sit in an ADMIN-readable Outbox).
          if (deactivated) revokeSessionsOfUser(tx, user.id, now)
          if (deactivated || (role === Role.SUPER_ADMIN && user.role !== Role.SUPER_ADMIN)) repo.revokeOpenResets(tx, user.id, now)
          const change = [
            role !== user.role ? `role ${user.role}→${role}` : null,
            active !== user.active ? (active ? 'reactivated' : 'deactivated') : null,
          ]
          writeAudit(tx, clock, {
            ...auditActor(actor),
            action: 'users.update',
            target: `${user.id} (${change.filter(Boolean).join(', ')})`,
            result: AuditResult.OK,
          })
        },
        { behavior: 'immediate' },
      )
      return detail(actor.actingTenantId, input.id)
    },

    async sendPasswordReset(actor: Actor, id: string): Promise<Delivery> {
      requireRole(actor, USER_MANAGERS, 'send password resets')
      const token = newToken()
      const now = clock.now()
      const expiresAt = new Date(now.getTime() + RESET_TTL_MS)
      const user = db.transaction((tx) => {
        const found = repo.findUserInTenant(tx, actor.actingTenantId, id)
        if (!found) throw notFound('That user')
        requireMayHandle(actor, found.role, 'send a password reset to a SUPER_ADMIN')
        if (!found.active)
          throw new AppError(ErrorCode.CONFLICT, `${found.name} is deactivated. Reactivate them before sending a password reset.`)
        // A new link replaces any earlier one.
        repo.revokeOpenResets(tx, found.id, now)
        repo.insertReset(tx, { id: randomUUID(), userId: found.id, tokenHash: hashToken(token), createdAt: now, expiresAt })
        writeAudit(tx, clock, { ...auditActor(actor), action: 'users.send-password-reset', target: found.id, result: AuditResult.OK })
        return found
      })
      const org = repo.findOrganisationFlags(db, actor.actingTenantId)
      return mailer.send({
        tenantId: actor.actingTenantId,
        to: user.email,
        localOnly: org?.isDemo ?? false,
        superAdminOnly: user.role === Role.SUPER_ADMIN,
        ...passwordResetMail({ name: user.name, link: links.resetPassword(token), expiresAt }),
      })
    },

    /**
     * The one list behind every assignee dropdown: active users who can take work, of one
     * team when `teamId` is given. Assignees exist for helpdesk work.
     */
    assignable(actor: Actor, search?: string, teamId?: string) {
      organisations.requireFeature(actor, 'helpdesk')
      if (teamId && !findTeam(db, actor.actingTenantId, teamId)) throw notFound('That team')
      return repo.assignableUsers(db, actor.actingTenantId, search, teamId)
    },
  }
}

export type UsersService = ReturnType<typeof createUsersService>
