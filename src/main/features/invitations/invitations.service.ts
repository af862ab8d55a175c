import { randomUUID } from 'node:crypto'
import { grantableRoles, isSuperAdmin, USER_MANAGERS } from '../../../shared/access'
import type { Delivery, Invitation, Role } from '../../../shared/contract'
import { AppError, ErrorCode, ErrorReason } from '../../../shared/errors'
import type { Clock } from '../../clock'
import type { Db } from '../../db/store'
import type { Reader } from '../../db/types'
import type { Links } from '../../links'
import type { Mailer } from '../../mail/mailer'
import { invitationMail } from '../../mail/templates'
import { hashPassword } from '../../security/passwords'
import { hashToken, newToken } from '../../security/tokens'
import { notFound, requireMayHandle, requireRole } from '../access'
import { mutate } from '../audit/mutation'
import type { Actor } from '../auth/auth.service'
import { findById as findOrganisation } from '../organisations/organisations.repository'
import { findUserByEmail, insertUser, usersByIds } from '../users/users.repository'
import { linkKey, type Throttle } from '../throttle/throttle.service'
import * as repo from './invitations.repository'

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000

export const LINK_INVALID =
  'This invitation link is no longer valid: it was replaced by a newer one or withdrawn. Ask your administrator to resend the invitation.'
export const LINK_USED =
  'This invitation has already been used. Sign in with the account you registered, or ask your administrator for a new invitation.'
export const EMAIL_ELSEWHERE =
  'This email is already in use in another organisation on this Switchboard, so it cannot be invited here. Ask the person for another address.'
export const LINK_EXPIRED = 'This invitation has expired (links are valid for 7 days). Ask your administrator to resend it.'

interface InvitationResult {
  invitation: Invitation
  /** null when the email could not be sent; `invitation.sendError` says why. */
  delivery: Delivery | null
}

export function createInvitationsService(db: Db, clock: Clock, mailer: Mailer, links: Links, throttle: Throttle) {
  /** Invitations as the console shows them, with their inviters' names. */
  function toInvitations(rows: repo.InvitationRow[]): Invitation[] {
    const inviters = usersByIds(
      db,
      rows.map((r) => r.invitedBy),
    )
    return rows.map((row) => ({
      id: row.id,
      email: row.email,
      role: row.role,
      invitedBy: { id: row.invitedBy, name: inviters.get(row.invitedBy)?.name ?? '' },
      sentAt: row.sentAt,
      expiresAt: row.expiresAt,
      expired: clock.now().getTime() >= row.expiresAt.getTime(),
      sendError: row.sendError,
    }))
  }

  function load(tenantId: string, id: string): Invitation {
    const found = repo.findOpenInTenant(db, tenantId, id)
    if (!found) throw notFound('That invitation')
    return toInvitations([found])[0]!
  }

  /** Sends the link; a failure is recorded on the invitation (not lost) and reported. */
  async function deliver(actor: Actor, invitation: Invitation, token: string): Promise<InvitationResult> {
    const org = findOrganisation(db, actor.actingTenantId)!
    try {
      const delivery = await mailer.send({
        tenantId: org.id,
        to: invitation.email,
        localOnly: org.isDemo,
        superAdminOnly: isSuperAdmin(invitation.role),
        ...invitationMail({
          organisation: org.name,
          inviter: invitation.invitedBy.name,
          role: invitation.role,
          link: links.register(token),
          expiresAt: invitation.expiresAt,
        }),
      })
      return { invitation, delivery }
    } catch (error) {
      const reason = error instanceof AppError ? error.message : 'The email could not be sent.'
      repo.setSendError(db, invitation.id, reason)
      return { invitation: { ...invitation, sendError: reason }, delivery: null }
    }
  }

  /** Finds the invitation behind a link and says exactly why it cannot be used. */
  function openByToken(tx: Reader, token: string): repo.InvitationRow {
    const found = repo.findByTokenHash(tx, hashToken(token))
    if (!found || found.revokedAt) throw new AppError(ErrorCode.NOT_FOUND, LINK_INVALID)
    if (found.acceptedAt) throw linkUsed(found.id)
    if (clock.now().getTime() >= found.expiresAt.getTime()) throw new AppError(ErrorCode.EXPIRED, LINK_EXPIRED)
    return found
  }

  const linkUsed = (invitationId: string) =>
    new AppError(ErrorCode.CONFLICT, LINK_USED, undefined, { reason: ErrorReason.LINK_USED, ids: { invitationId } })

  function emailTaken(userId: string, message: string, fields?: Record<string, string>): AppError {
    return new AppError(ErrorCode.CONFLICT, message, fields, { reason: ErrorReason.EMAIL_TAKEN, ids: { userId } })
  }

  return {
    list(actor: Actor): Invitation[] {
      requireRole(actor, USER_MANAGERS, 'see invitations')
      return toInvitations(repo.listOpen(db, actor.actingTenantId))
    },

    async create(actor: Actor, input: { email: string; role: Role }): Promise<InvitationResult> {
      requireRole(actor, USER_MANAGERS, 'invite users')
      const token = newToken()
      const now = clock.now()
      const id = randomUUID()
      mutate(
        db,
        clock,
        actor,
        'invitations.create',
        (tx) => {
          const inAdminTenant = findOrganisation(tx, actor.actingTenantId)?.isAdminTenant ?? false
          if (!grantableRoles(actor.role, inAdminTenant).includes(input.role)) {
            throw new AppError(
              ErrorCode.VALIDATION,
              'SUPER_ADMIN can be granted only by a SUPER_ADMIN inside the Admin Tenant.',
              { role: 'Not available here' },
              { reason: ErrorReason.ROLE_NOT_GRANTABLE },
            )
          }
          const existing = findUserByEmail(tx, input.email)
          const pending = repo.findOpenByEmail(tx, input.email)
          if (existing && existing.tenantId === actor.actingTenantId) {
            throw emailTaken(existing.id, 'This email already belongs to a user of this organisation.', { email: 'Already a user here' })
          }
          if (pending && pending.tenantId === actor.actingTenantId) {
            throw new AppError(
              ErrorCode.CONFLICT,
              'This email already has a pending invitation. Use Resend to send it again.',
              { email: 'Already invited — use Resend' },
              { reason: ErrorReason.ALREADY_INVITED, ids: { invitationId: pending.id } },
            )
          }
          // Elsewhere: one message and reason whether it is a user or an invitation there, naming
          // neither the organisation nor its state (an ADMIN must not learn other tenants' business).
          if (existing || pending) {
            throw new AppError(ErrorCode.CONFLICT, EMAIL_ELSEWHERE, { email: 'In use elsewhere' }, { reason: ErrorReason.EMAIL_ELSEWHERE })
          }
          repo.insertInvitation(tx, {
            id,
            tenantId: actor.actingTenantId,
            email: input.email,
            role: input.role,
            tokenHash: hashToken(token),
            invitedBy: actor.userId,
            createdAt: now,
            sentAt: now,
            expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
          })
          return { target: id, value: undefined }
        },
        { immediate: true },
      )
      return deliver(actor, load(actor.actingTenantId, id), token)
    },

    async resend(actor: Actor, id: string): Promise<InvitationResult> {
      requireRole(actor, USER_MANAGERS, 'resend invitations')
      const token = newToken()
      const now = clock.now()
      mutate(db, clock, actor, 'invitations.resend', (tx) => {
        const open = repo.findOpenInTenant(tx, actor.actingTenantId, id)
        if (!open) throw notFound('That invitation')
        requireMayHandle(actor, open.role, 'resend an invitation to become SUPER_ADMIN')
        // A new token: the previous link stops working.
        repo.renewToken(tx, id, hashToken(token), now, new Date(now.getTime() + INVITATION_TTL_MS))
        return { target: id, value: undefined }
      })
      return deliver(actor, load(actor.actingTenantId, id), token)
    },

    revoke(actor: Actor, id: string): void {
      requireRole(actor, USER_MANAGERS, 'revoke invitations')
      mutate(db, clock, actor, 'invitations.revoke', (tx) => {
        const open = repo.findOpenInTenant(tx, actor.actingTenantId, id)
        if (!open) throw notFound('That invitation')
        requireMayHandle(actor, open.role, 'revoke an invitation to become SUPER_ADMIN')
        repo.revoke(tx, id, clock.now())
        return { target: id, value: undefined }
      })
    },

    /** What a registration link is for, or why it cannot be used; failures are throttled per caller. */
    inspect(token: string, client: string) {
      const invitation = throttle.guard(linkKey(client), () => openByToken(db, token))
      return { email: invitation.email, organisation: findOrganisation(db, invitation.tenantId)?.name ?? '', role: invitation.role }
    },

    /** Creates the invited user in the inviting tenant with the invited role; the link then dies. */
    async register(token: string, input: { name: string; password: string }, client: string): Promise<{ userId: string }> {
      const { tenantId } = throttle.guard(linkKey(client), () => openByToken(db, token))
      const passwordHash = await hashPassword(input.password)
      const userId = randomUUID()
      // The new user is the actor, at home in the inviting tenant (an invitation never changes tenant).
      const who = { actorUserId: userId, homeTenantId: tenantId, actingTenantId: tenantId }
      mutate(
        db,
        clock,
        who,
        'invitations.accept',
        (tx) => {
          const invitation = openByToken(tx, token)
          const now = clock.now()
          if (!repo.consume(tx, invitation.id, hashToken(token), now)) throw linkUsed(invitation.id)
          const existing = findUserByEmail(tx, invitation.email)
          if (existing) throw emailTaken(existing.id, 'This email already belongs to a Switchboard user. Sign in instead.')
          insertUser(tx, {
            id: userId,
            tenantId: invitation.tenantId,
            email: invitation.email,
            name: input.name,
            role: invitation.role,
            active: true,
            passwordHash,
            createdAt: now,
          })
          return { target: invitation.id, value: undefined }
        },
        { immediate: true },
      )
      return { userId }
    },
  }
}

export type InvitationsService = ReturnType<typeof createInvitationsService>
