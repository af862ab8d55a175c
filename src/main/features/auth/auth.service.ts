import { randomUUID } from 'node:crypto'
import { SWITCHER_LIMIT, type Me, type SwitchableTenant, type Tenant } from '../../../shared/contract'
import type { Feature } from '../../../shared/features'
import {
  RECENT_TENANTS_KEPT,
  recentlyUsed,
  recordRecentTenant,
  switchable,
  switchableById,
} from '../organisations/organisations.repository'
import { orderTenantChoices } from './tenant-choices'
import { AppError, ErrorCode } from '../../../shared/errors'
import type { Clock } from '../../clock'
import type { Db } from '../../db/store'
import { burnVerify, hashPassword, verifyPassword } from '../../security/passwords'
import { hashToken, newToken } from '../../security/tokens'
import { AuditResult, writeAudit } from '../audit/audit.repository'
import * as repo from './auth.repository'

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000

export const RESET_LINK_INVALID =
  'This password reset link is no longer valid: it was used, replaced by a newer one, or the account was deactivated. Ask your administrator for a new one.'
export const RESET_LINK_EXPIRED =
  'This password reset link has expired (links are valid for 1 hour). Ask your administrator to send a new one.'

/** One message for every sign-in failure, so that nothing tells which emails exist. */
export const SIGN_IN_FAILED = 'That email and password do not match an active account.'

/** Who is calling, resolved from the session; the only source of tenant scope. */
export interface Actor {
  sessionId: string
  userId: string
  role: Me['user']['role']
  homeTenantId: string
  actingTenantId: string
}

export interface SignedIn {
  me: Me
  /** Handed to the host to keep (cookie, per-window slot); never to the renderer. */
  token: string
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

export function createAuthService(db: Db, clock: Clock, featuresOf: (tenantId: string) => Feature[]) {
  function toTenant(row: repo.OrganisationRow): Tenant {
    return { id: row.id, name: row.name, slug: row.slug, isAdminTenant: row.isAdminTenant, isDemo: row.isDemo }
  }

  function buildMe(userId: string, actingTenantId: string): Me {
    const user = repo.findUserById(db, userId)
    if (!user) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Your session has ended. Sign in again.')
    const home = repo.findOrganisation(db, user.tenantId)
    const acting = repo.findOrganisation(db, actingTenantId)
    if (!home || !acting) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Your session has ended. Sign in again.')
    return {
      user: { id: user.id, name: user.name, email: user.email, role: user.role },
      homeTenant: toTenant(home),
      actingTenant: toTenant(acting),
      features: featuresOf(acting.id),
      canSwitchTenant: home.isAdminTenant,
    }
  }

  /** Creates a session inside the caller's transaction and records the sign-in. */
  function startSession(tx: Tx, user: repo.UserRow): string {
    const token = newToken()
    const now = clock.now()
    repo.insertSession(tx, {
      id: randomUUID(),
      tokenHash: hashToken(token),
      userId: user.id,
      homeTenantId: user.tenantId,
      actingTenantId: user.tenantId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
    })
    repo.recordSignIn(tx, user.id, now)
    writeAudit(tx, clock, {
      actorUserId: user.id,
      homeTenantId: user.tenantId,
      actingTenantId: user.tenantId,
      action: 'auth.sign-in',
      target: user.id,
      result: AuditResult.OK,
    })
    return token
  }

  function requireAdminTenantMember(actor: Actor): void {
    if (!repo.findOrganisation(db, actor.homeTenantId)?.isAdminTenant) {
      throw new AppError(ErrorCode.FORBIDDEN, 'Only members of the Admin Tenant can switch tenants.')
    }
  }

  function openReset(token: string) {
    const found = repo.findResetByTokenHash(db, hashToken(token))
    if (!found || found.reset.usedAt || found.reset.revokedAt || !found.user.active)
      throw new AppError(ErrorCode.NOT_FOUND, RESET_LINK_INVALID)
    if (clock.now().getTime() >= found.reset.expiresAt.getTime()) throw new AppError(ErrorCode.EXPIRED, RESET_LINK_EXPIRED)
    return found
  }

  return {
    buildMe,

    /** Signs in a user who has just proven who they are another way (first-run setup, registration). */
    openSessionFor(userId: string): SignedIn {
      const user = repo.findUserById(db, userId)
      if (!user?.active) throw new AppError(ErrorCode.UNAUTHENTICATED, SIGN_IN_FAILED)
      const token = db.transaction((tx) => startSession(tx, user))
      return { me: buildMe(user.id, user.tenantId), token }
    },

    async signIn(email: string, password: string): Promise<SignedIn> {
      const user = repo.findUserByEmail(db, email)
      const passwordOk = user?.passwordHash ? await verifyPassword(user.passwordHash, password) : (await burnVerify(password), false)
      if (!user || !passwordOk || !user.active) {
        writeAudit(db, clock, {
          actorUserId: user?.id ?? null,
          homeTenantId: user?.tenantId ?? null,
          actingTenantId: user?.tenantId ?? null,
          action: 'auth.sign-in',
          target: user?.id ?? email.trim().toLowerCase(),
          result: AuditResult.DENIED,
        })
        throw new AppError(ErrorCode.UNAUTHENTICATED, SIGN_IN_FAILED)
      }
      const token = db.transaction((tx) => startSession(tx, user))
      return { me: buildMe(user.id, user.tenantId), token }
    },

    /** The live session behind a token, or null (unknown, expired, revoked, or user deactivated). */
    resolve(token: string | null): Actor | null {
      if (!token) return null
      const found = repo.findLiveSessionByTokenHash(db, hashToken(token), clock.now())
      if (!found || !found.user.active) return null
      return {
        sessionId: found.session.id,
        userId: found.user.id,
        role: found.user.role,
        homeTenantId: found.session.homeTenantId,
        actingTenantId: found.session.actingTenantId,
      }
    },

    /** Which account a reset link is for, or why it cannot be used. */
    inspectReset(token: string): { email: string } {
      return { email: openReset(token).user.email }
    },

    /** Sets the new password from a reset link (once) and ends every session of that user. */
    async resetPassword(token: string, password: string): Promise<void> {
      openReset(token)
      const passwordHash = await hashPassword(password)
      db.transaction(
        (tx) => {
          const { reset, user } = openReset(token)
          const now = clock.now()
          if (!repo.consumeReset(tx, reset.id, now)) throw new AppError(ErrorCode.NOT_FOUND, RESET_LINK_INVALID)
          repo.setPasswordHash(tx, user.id, passwordHash)
          repo.revokeSessionsOfUser(tx, user.id, now)
          writeAudit(tx, clock, {
            actorUserId: user.id,
            homeTenantId: user.tenantId,
            actingTenantId: user.tenantId,
            action: 'auth.reset-password',
            target: user.id,
            result: AuditResult.OK,
          })
        },
        { behavior: 'immediate' },
      )
    },

    /** Organisations the actor may switch into: any, for members of the Admin Tenant. */
    switchableTenants(actor: Actor, search?: string): SwitchableTenant[] {
      requireAdminTenantMember(actor)
      const term = search || undefined
      return orderTenantChoices(
        switchableById(db, actor.actingTenantId, term),
        recentlyUsed(db, actor.userId, term),
        // Enough by name to fill the list after the current and recent ones are taken out.
        switchable(db, term, SWITCHER_LIMIT + RECENT_TENANTS_KEPT + 1),
      )
    },

    /** Re-scopes the session; the user's own role applies in the target tenant. */
    switchTenant(actor: Actor, tenantId: string): Me {
      const entry = {
        actorUserId: actor.userId,
        homeTenantId: actor.homeTenantId,
        action: 'auth.switch-tenant',
        target: `${actor.actingTenantId} → ${tenantId}`,
      }
      try {
        requireAdminTenantMember(actor)
      } catch (error) {
        // A refused switch is an attempt to leave one's tenant: it is recorded too.
        writeAudit(db, clock, { ...entry, actingTenantId: actor.actingTenantId, result: AuditResult.DENIED })
        throw error
      }
      db.transaction((tx) => {
        if (!repo.findOrganisation(tx, tenantId)) throw new AppError(ErrorCode.NOT_FOUND, 'That organisation was not found.')
        repo.setActingTenant(tx, actor.sessionId, tenantId)
        // Both ends of a switch were used lately: the way back is one click too.
        recordRecentTenant(tx, actor.userId, actor.actingTenantId, clock.now())
        recordRecentTenant(tx, actor.userId, tenantId, clock.now())
        writeAudit(tx, clock, { ...entry, actingTenantId: tenantId, result: AuditResult.OK })
      })
      return buildMe(actor.userId, tenantId)
    },

    signOut(actor: Actor): void {
      db.transaction((tx) => {
        repo.revokeSession(tx, actor.sessionId, clock.now())
        writeAudit(tx, clock, {
          actorUserId: actor.userId,
          homeTenantId: actor.homeTenantId,
          actingTenantId: actor.actingTenantId,
          action: 'auth.sign-out',
          target: actor.sessionId,
          result: AuditResult.OK,
        })
      })
    },
  }
}

export type AuthService = ReturnType<typeof createAuthService>
