import { randomUUID } from 'node:crypto'
import { Role, type Delivery, type Invitation } from '../../../shared/contract'
import { AppError, ErrorCode, ErrorReason } from '../../../shared/errors'
import type { Clock } from '../../clock'
import type { Db } from '../../db/store'
import type { Links } from '../../links'
import type { Mailer } from '../../mail/mailer'
import { invitationMail } from '../../mail/templates'
import { hashPassword } from '../../security/passwords'
import { hashToken, newToken } from '../../security/tokens'
import { auditActor, notFound, requireMayHandle, requireRole, USER_MANAGERS } from '../access'
import { AuditResult, writeAudit } from '../audit/audit.repository'
import { findUserByEmail } from '../auth/auth.repository'
import type { Actor } from '../auth/auth.service'
import { insertUser } from '../setup/setup.repository'
import * as repo from './invitations.repository'

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000

export const LINK_INVALID =
  'This invitation link is no longer valid: it was replaced by a newer one or withdrawn. Ask your administrator to resend the invitation.'
export const LINK_USED =
  'This invitation has already been used. Sign in with the account you registered, or ask your administrator for a new invitation.'
export const LINK_EXPIRED = 'This invitation has expired (links are valid for 7 days). Ask your administrator to resend it.'

export interface InvitationResult {
  invitation: Invitation
  /** null when the email could not be sent; `invitation.sendError` says why. */
  delivery: Delivery | null
}

export function createInvitationsService(db: Db, clock: Clock, mailer: Mailer, links: Links) {
  function toInvitation(row: repo.InvitationRow, inviterName: string): Invitation {
    return {
      id: row.id,
      email: row.email,
      role: row.role,
      invitedBy: { id: row.invitedBy, name: inviterName },
      sentAt: row.sentAt,
      expiresAt: row.expiresAt,
      expired: clock.now().getTime() >= row.expiresAt.getTime(),
      sendError: row.sendError,
    }
  }

  function load(tenantId: string, id: string): Invitation {
    const found = repo.findOpenInTenant(db, tenantId, id)
    if (!found) throw notFound('That invitation')
    return toInvitation(found.invitation, found.inviterName)
  }

  /** Sends the link; a failure is recorded on the invitation (not lost) and reported. */
  async function deliver(actor: Actor, invitation: Invitation, token: string): Promise<InvitationResult> {
    const org = repo.findOrganisation(db, actor.actingTenantId)!
    try {
      const delivery = await mailer.send({
        tenantId: org.id,
        to: invitation.email,
        localOnly: org.isDemo,
        superAdminOnly: invitation.role === Role.SUPER_ADMIN,
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
  function openByToken(tx: Pick<Db, 'select'>, token: string) {
    const found = repo.findByTokenHash(tx, hashToken(token))
    if (!found || found.invitation.revokedAt) throw new AppError(ErrorCode.NOT_FOUND, LINK_INVALID)
    if (found.invitation.acceptedAt) throw new AppError(ErrorCode.CONFLICT, LINK_USED)
    if (clock.now().getTime() >= found.invitation.expiresAt.getTime()) throw new AppError(ErrorCode.EXPIRED, LINK_EXPIRED)
    return found
  }

  return {
    list(actor: Actor): Invitation[] {
      requireRole(actor, USER_MANAGERS, 'see invitations')
      return repo.listOpen(db, actor.actingTenantId).map((r) => toInvitation(r.invitation, r.inviterName))
    },

    async create(actor: Actor, input: { email: string; role: Role }): Promise<InvitationResult> {
      requireRole(actor, USER_MANAGERS, 'invite users')
      const token = newToken()
      const now = clock.now()
      const id = randomUUID()
      db.transaction(
        (tx) => {
          const org = repo.findOrganisation(tx, actor.actingTenantId)
          if (input.role === Role.SUPER_ADMIN && (actor.role !== Role.SUPER_ADMIN || !org?.isAdminTenant)) {
            throw new AppError(ErrorCode.VALIDATION, 'SUPER_ADMIN can be granted only by a SUPER_ADMIN inside the Admin Tenant.', {
              role: 'Not available here',
            })
          }
          if (findUserByEmail(tx, input.email)) {
            throw new AppError(
              ErrorCode.CONFLICT,
              'This email already belongs to a Switchboard user.',
              { email: 'Already belongs to a user' },
              { reason: ErrorReason.EMAIL_TAKEN },
            )
          }
          const pending = repo.findOpenByEmail(tx, input.email)
          if (pending) {
            const here = pending.tenantId === actor.actingTenantId
            throw new AppError(
              ErrorCode.CONFLICT,
              here
                ? 'This email already has a pending invitation. Use Resend to send it again.'
                : 'This email has a pending invitation to another organisation.',
              { email: here ? 'Already invited — use Resend' : 'Invited elsewhere' },
              here ? { reason: ErrorReason.ALREADY_INVITED, ids: { invitationId: pending.id } } : { reason: ErrorReason.INVITED_ELSEWHERE },
            )
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
          writeAudit(tx, clock, { ...auditActor(actor), action: 'invitations.create', target: id, result: AuditResult.OK })
        },
        { behavior: 'immediate' },
      )
      return deliver(actor, load(actor.actingTenantId, id), token)
    },

    async resend(actor: Actor, id: string): Promise<InvitationResult> {
      requireRole(actor, USER_MANAGERS, 'resend invitations')
      const token = newToken()
      const now = clock.now()
      db.transaction((tx) => {
        const open = repo.findOpenInTenant(tx, actor.actingTenantId, id)
        if (!open) throw notFound('That invitation')
        requireMayHandle(actor, open.invitation.role, 'resend an invitation to become SUPER_ADMIN')
        // A new token: the previous link stops working.
        repo.renewToken(tx, id, hashToken(token), now, new Date(now.getTime() + INVITATION_TTL_MS))
        writeAudit(tx, clock, { ...auditActor(actor), action: 'invitations.resend', target: id, result: AuditResult.OK })
      })
      return deliver(actor, load(actor.actingTenantId, id), token)
    },

    revoke(actor: Actor, id: string): void {
      requireRole(actor, USER_MANAGERS, 'revoke invitations')
      db.transaction((tx) => {
        const open = repo.findOpenInTenant(tx, actor.actingTenantId, id)
        if (!open) throw notFound('That invitation')
        requireMayHandle(actor, open.invitation.role, 'revoke an invitation to become SUPER_ADMIN')
        repo.revoke(tx, id, clock.now())
        writeAudit(tx, clock, { ...auditActor(actor), action: 'invitations.revoke', target: id, result: AuditResult.OK })
      })
    },

    inspect(token: string) {
      const { invitation, organisation } = openByToken(db, token)
      return { email: invitation.email, organisation, role: invitation.role }
    },

    /** Creates the invited user in the inviting tenant with the invited role; the link then dies. */
    async register(token: string, input: { name: string; password: string }): Promise<{ userId: string }> {
      openByToken(db, token)
      const passwordHash = await hashPassword(input.password)
      const userId = randomUUID()
      db.transaction(
        (tx) => {
          const { invitation } = openByToken(tx, token)
          const now = clock.now()
          if (!repo.consume(tx, invitation.id, hashToken(token), now)) throw new AppError(ErrorCode.CONFLICT, LINK_USED)
          if (findUserByEmail(tx, invitation.email)) {
            throw new AppError(ErrorCode.CONFLICT, 'This email already belongs to a Switchboard user. Sign in instead.')
          }
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
          writeAudit(tx, clock, {
            actorUserId: userId,
            homeTenantId: invitation.tenantId,
            actingTenantId: invitation.tenantId,
            action: 'invitations.accept',
            target: invitation.id,
            result: AuditResult.OK,
          })
        },
        { behavior: 'immediate' },
      )
      return { userId }
    },
  }
}

export type InvitationsService = ReturnType<typeof createInvitationsService>
