import { randomUUID } from 'node:crypto'
import { grantableRoles, isSuperAdmin, USER_MANAGERS } from '../../../shared/access'
import type {
  BulkInvitationResult,
  Delivery,
  Invitation,
  InvitationQueueInput,
  PendingInvitationsInput,
  QueuedInvitation,
  Role,
} from '../../../shared/contract'
import { AppError, ErrorCode, ErrorReason } from '../../../shared/errors'
import type { Clock } from '../../clock'
import type { Conn, Engine } from '../../db/engine'
import type { Links } from '../../links'
import type { Mailer } from '../../mail/mailer'
import { invitationMail } from '../../mail/templates'
import { hashPassword } from '../../security/passwords'
import { decodeMomentCursor, keysetPage } from '../cursor'
import { hashToken, newToken } from '../../security/tokens'
import { notFound, requireMayHandle, requireRole } from '../access'
import { auditAction, deniedTarget, type DeniedRecorder } from '../audit/denied'
import { mutate } from '../audit/mutation'
import { actingIn } from '../actor'
import type { Actor } from '../auth/auth.service'
import { findById as findOrganisation } from '../organisations/organisations.repository'
import { tenantCounts } from '../overview/overview.repository'
import { findTeam, upsertMember } from '../teams/teams.repository'
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

export function createInvitationsService(
  engine: Engine,
  clock: Clock,
  mailer: Mailer,
  links: Links,
  throttle: Throttle,
  denied: Pick<DeniedRecorder, 'record'>,
) {
  /** An invitation as the console shows it, at `now` (ms). */
  function toInvitation(row: repo.ListedInvitation, now: number): Invitation {
    return {
      id: row.id,
      email: row.email,
      role: row.role,
      invitedBy: { id: row.invitedBy, name: row.inviterName ?? '' },
      sentAt: row.sentAt,
      expiresAt: row.expiresAt,
      expired: now >= row.expiresAt.getTime(),
      sendError: row.sendError,
    }
  }

  /** A page's invitations, read with their inviters' names. */
  const toInvitations = (rows: repo.ListedInvitation[]): Invitation[] => {
    const now = clock.now().getTime()
    return rows.map((row) => toInvitation(row, now))
  }

  function load(tenantId: string, id: string): Promise<Invitation> {
    return engine.read(async (conn) => {
      const found = await repo.findOpenInTenant(conn, tenantId, id)
      if (!found) throw notFound('That invitation')
      const inviter = (await usersByIds(conn, [found.invitedBy])).get(found.invitedBy)
      return toInvitation({ ...found, inviterName: inviter?.name ?? null }, clock.now().getTime())
    })
  }

  /** Sends the link; a failure is recorded on the invitation (not lost) and reported. */
  async function deliver(actor: Actor, invitation: Invitation, token: string): Promise<InvitationResult> {
    const org = (await engine.read((conn) => findOrganisation(conn, actor.actingTenantId)))!
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
      await engine.transaction((conn) => repo.setSendError(conn, invitation.id, reason))
      return { invitation: { ...invitation, sendError: reason }, delivery: null }
    }
  }

  /** Finds the invitation behind a link and says exactly why it cannot be used. */
  async function openByToken(conn: Conn, token: string): Promise<repo.InvitationRow> {
    const found = await repo.findByTokenHash(conn, hashToken(token))
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

  /**
   * Runs one row of a bulk action as the single action does, acting in the invitation's tenant (so
   * its rules apply there and its audit row is written there); a failure is this row's result only.
   */
  async function eachInScope(
    actor: Actor,
    ids: readonly string[],
    operation: 'invitations.resend' | 'invitations.revoke',
    run: (inTenant: Actor, id: string) => Promise<string | null>,
  ): Promise<BulkInvitationResult[]> {
    // Members of the Admin Tenant see every tenant's invitations (any they may switch into); others their own.
    const everyTenant = actor.homeIsAdminTenant
    const results: BulkInvitationResult[] = []
    for (const id of [...new Set(ids)]) {
      let inTenant: Actor | null = null
      try {
        const found = await engine.read((conn) =>
          everyTenant ? repo.findOpen(conn, id) : repo.findOpenInTenant(conn, actor.actingTenantId, id),
        )
        if (!found) throw notFound('That invitation')
        inTenant = actingIn(actor, found.tenantId)
        const message = await run(inTenant, id)
        results.push({ id, ok: message === null, code: message === null ? null : 'SEND_FAILED', message })
      } catch (error) {
        if (!(error instanceof AppError)) throw error
        // A refusal is on record as the single action's would be (the RPC layer records FORBIDDEN
        // answers): a denied row, in the row's tenant. Not found and conflicts are not refusals.
        if (error.code === ErrorCode.FORBIDDEN && inTenant) await denied.record(inTenant, auditAction(operation), deniedTarget({ id }))
        results.push({ id, ok: false, code: error.code, message: error.message })
      }
    }
    return results
  }

  const service = {
    /** Issue 20: All Invitations — open ones across the tenants the actor may act in, soonest to expire first. */
    async queue(actor: Actor, input: InvitationQueueInput): Promise<{ items: QueuedInvitation[]; nextCursor: string | null; total: null }> {
      requireRole(actor, USER_MANAGERS, 'see invitations')
      const everyTenant = actor.homeIsAdminTenant
      if (!everyTenant && input.tenantId !== undefined && input.tenantId !== actor.actingTenantId) {
        throw new AppError(ErrorCode.FORBIDDEN, "Only members of the Admin Tenant can see other organisations' invitations.")
      }
      const after = decodeMomentCursor(input.cursor)
      const limit = input.limit ?? 50
      const now = clock.now()
      const rows = await engine.read((conn) =>
        repo.listQueue(
          conn,
          {
            tenantId: everyTenant ? (input.tenantId ?? null) : actor.actingTenantId,
            role: input.role,
            status: input.status ?? 'all',
            now,
            sentBefore: input.minAgeDays === undefined ? undefined : new Date(now.getTime() - input.minAgeDays * 24 * 60 * 60 * 1000),
          },
          after,
          limit + 1,
        ),
      )
      const { page, nextCursor } = keysetPage(rows, limit, (row) => [row.expiresAt.getTime(), row.id])
      // Each invitation is new here: given its tenant in place (a spread copy costs more than the page's SQL).
      const items = page.map((row) => Object.assign(toInvitation(row, now.getTime()), { tenant: row.tenant }))
      return { items, nextCursor, total: null }
    },

    /** Resends each as `resend` does, in its own tenant; one failure does not stop the rest. */
    async resendMany(actor: Actor, ids: readonly string[]): Promise<{ results: BulkInvitationResult[] }> {
      requireRole(actor, USER_MANAGERS, 'resend invitations')
      const results = await eachInScope(
        actor,
        ids,
        'invitations.resend',
        async (inTenant, id) => (await service.resend(inTenant, id)).invitation.sendError,
      )
      return { results }
    },

    /** Revokes each as `revoke` does, in its own tenant; one failure does not stop the rest. */
    async revokeMany(actor: Actor, ids: readonly string[]): Promise<{ results: BulkInvitationResult[] }> {
      requireRole(actor, USER_MANAGERS, 'revoke invitations')
      const results = await eachInScope(actor, ids, 'invitations.revoke', async (inTenant, id) => {
        await service.revoke(inTenant, id)
        return null
      })
      return { results }
    },

    async list(actor: Actor): Promise<Invitation[]> {
      requireRole(actor, USER_MANAGERS, 'see invitations')
      return engine.read(async (conn) => toInvitations(await repo.listOpen(conn, actor.actingTenantId)))
    },

    /** Pending Invitations a page at a time, newest sent first; the first page counts them from the tenant's counters. */
    async pending(
      actor: Actor,
      input: PendingInvitationsInput,
    ): Promise<{ items: Invitation[]; nextCursor: string | null; total: number | null }> {
      requireRole(actor, USER_MANAGERS, 'see invitations')
      const after = decodeMomentCursor(input.cursor)
      const limit = input.limit ?? 50
      const tenantId = actor.actingTenantId
      return engine.read(async (conn) => {
        // The page (with its inviters' names) and, on the first, the tenant's count: at once.
        const [rows, counted] = await Promise.all([
          repo.listOpen(conn, tenantId, { after, limit: limit + 1 }),
          after ? null : tenantCounts(conn, tenantId),
        ])
        const { page, nextCursor } = keysetPage(rows, limit, (row) => [row.sentAt.getTime(), row.id])
        return { items: toInvitations(page), nextCursor, total: counted?.openInvitations ?? null }
      })
    },

    /** `name` and `teamId` come from a bulk invite's file (the team is joined on registering). */
    async create(actor: Actor, input: { email: string; role: Role; name?: string; teamId?: string }): Promise<InvitationResult> {
      requireRole(actor, USER_MANAGERS, 'invite users')
      const token = newToken()
      const now = clock.now()
      const id = randomUUID()
      await mutate(
        engine,
        clock,
        actor,
        'invitations.create',
        async (conn) => {
          const inAdminTenant = (await findOrganisation(conn, actor.actingTenantId))?.isAdminTenant ?? false
          if (!grantableRoles(actor.role, inAdminTenant).includes(input.role)) {
            throw new AppError(
              ErrorCode.VALIDATION,
              'SUPER_ADMIN can be granted only by a SUPER_ADMIN inside the Admin Tenant.',
              { role: 'Not available here' },
              { reason: ErrorReason.ROLE_NOT_GRANTABLE },
            )
          }
          const existing = await findUserByEmail(conn, input.email)
          const pending = await repo.findOpenByEmail(conn, input.email)
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
          await repo.insertInvitation(conn, {
            id,
            tenantId: actor.actingTenantId,
            email: input.email,
            role: input.role,
            name: input.name ?? null,
            teamId: input.teamId ?? null,
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
      return deliver(actor, await load(actor.actingTenantId, id), token)
    },

    async resend(actor: Actor, id: string): Promise<InvitationResult> {
      requireRole(actor, USER_MANAGERS, 'resend invitations')
      const token = newToken()
      const now = clock.now()
      await mutate(engine, clock, actor, 'invitations.resend', async (conn) => {
        const open = await repo.findOpenInTenant(conn, actor.actingTenantId, id)
        if (!open) throw notFound('That invitation')
        requireMayHandle(actor, open.role, 'resend an invitation to become SUPER_ADMIN')
        // A new token: the previous link stops working.
        await repo.renewToken(conn, id, hashToken(token), now, new Date(now.getTime() + INVITATION_TTL_MS))
        return { target: id, value: undefined }
      })
      return deliver(actor, await load(actor.actingTenantId, id), token)
    },

    async revoke(actor: Actor, id: string): Promise<void> {
      requireRole(actor, USER_MANAGERS, 'revoke invitations')
      await mutate(engine, clock, actor, 'invitations.revoke', async (conn) => {
        const open = await repo.findOpenInTenant(conn, actor.actingTenantId, id)
        if (!open) throw notFound('That invitation')
        requireMayHandle(actor, open.role, 'revoke an invitation to become SUPER_ADMIN')
        await repo.revoke(conn, id, clock.now())
        return { target: id, value: undefined }
      })
    },

    /** What a registration link is for, or why it cannot be used; failures are throttled per caller. */
    async inspect(token: string, client: string) {
      const invitation = await throttle.guard(linkKey(client), () => engine.read((conn) => openByToken(conn, token)))
      const organisation = await engine.read((conn) => findOrganisation(conn, invitation.tenantId))
      return {
        email: invitation.email,
        organisation: organisation?.name ?? '',
        role: invitation.role,
        ...(invitation.name ? { name: invitation.name } : {}),
      }
    },

    /** Creates the invited user in the inviting tenant with the invited role; the link then dies. */
    async register(token: string, input: { name: string; password: string }, client: string): Promise<{ userId: string }> {
      const { tenantId } = await throttle.guard(linkKey(client), () => engine.read((conn) => openByToken(conn, token)))
      const passwordHash = await hashPassword(input.password)
      const userId = randomUUID()
      // The new user is the actor, at home in the inviting tenant (an invitation never changes tenant).
      const who = { actorUserId: userId, homeTenantId: tenantId, actingTenantId: tenantId }
      await mutate(
        engine,
        clock,
        who,
        'invitations.accept',
        async (conn) => {
          const invitation = await openByToken(conn, token)
          const now = clock.now()
          if (!(await repo.consume(conn, invitation.id, hashToken(token), now))) throw linkUsed(invitation.id)
          const existing = await findUserByEmail(conn, invitation.email)
          if (existing) throw emailTaken(existing.id, 'This email already belongs to a Switchboard user. Sign in instead.')
          await insertUser(conn, {
            id: userId,
            tenantId: invitation.tenantId,
            email: invitation.email,
            name: input.name,
            role: invitation.role,
            active: true,
            passwordHash,
            createdAt: now,
          })
          // A bulk invite's team: joined as MEMBER, if the team is still the tenant's.
          if (invitation.teamId && (await findTeam(conn, invitation.tenantId, invitation.teamId))) {
            await upsertMember(conn, { tenantId: invitation.tenantId, teamId: invitation.teamId, userId, role: 'MEMBER', addedAt: now })
          }
          return { target: invitation.id, value: undefined }
        },
        { immediate: true },
      )
      return { userId }
    },
  }
  return service
}

export type InvitationsService = ReturnType<typeof createInvitationsService>
