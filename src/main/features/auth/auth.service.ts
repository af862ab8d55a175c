import { randomUUID } from 'node:crypto'
import { SWITCHER_LIMIT, type Me, type SwitchableTenant, type Tenant } from '../../../shared/contract'
import type { Feature } from '../../../shared/features'
import { AppError, ErrorCode } from '../../../shared/errors'
import type { Clock } from '../../clock'
import type { Db } from '../../db/store'
import type { Reader } from '../../db/types'
import { burnVerify, hashPassword, verifyPassword } from '../../security/passwords'
import { hashToken, newToken } from '../../security/tokens'
import type { Actor, AuditWho } from '../actor'
import type { DeniedRecorder } from '../audit/denied'
import { mutate } from '../audit/mutation'
import {
  findById as findOrganisation,
  RECENT_TENANTS_KEPT,
  recentlyUsed,
  recordRecentTenant,
  switchable,
  switchableById,
  type OrganisationRow,
} from '../organisations/organisations.repository'
import { findUserByEmail, findUserById, recordSignIn, setPasswordHash, type UserRow } from '../users/users.repository'
import { linkKey, signInKey, type Throttle } from '../throttle/throttle.service'
import * as repo from './auth.repository'
import { orderTenantChoices } from './tenant-choices'

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000

export const RESET_LINK_INVALID =
  'This password reset link is no longer valid: it was used, replaced by a newer one, or the account was deactivated. Ask your administrator for a new one.'
export const RESET_LINK_EXPIRED =
  'This password reset link has expired (links are valid for 1 hour). Ask your administrator to send a new one.'

/** One message for every sign-in failure, so that nothing tells which emails exist. */
export const SIGN_IN_FAILED = 'That email and password do not match an active account.'

export type { Actor } from '../actor'

interface SignedIn {
  me: Me
  /** Handed to the host to keep (cookie, per-window slot); never to the renderer. */
  token: string
}

/** A user acting for themselves in their home tenant (sign-in, a reset link). */
const asThemselves = (user: UserRow): AuditWho => ({ actorUserId: user.id, homeTenantId: user.tenantId, actingTenantId: user.tenantId })

export function createAuthService(
  db: Db,
  clock: Clock,
  featuresOf: (tenantId: string) => Feature[],
  throttle: Throttle,
  denied: DeniedRecorder,
) {
  function toTenant(row: OrganisationRow): Tenant {
    return { id: row.id, name: row.name, slug: row.slug, isAdminTenant: row.isAdminTenant, isDemo: row.isDemo }
  }

  function buildMe(userId: string, actingTenantId: string): Me {
    const user = findUserById(db, userId)
    if (!user) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Your session has ended. Sign in again.')
    const home = findOrganisation(db, user.tenantId)
    const acting = findOrganisation(db, actingTenantId)
    if (!home || !acting) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Your session has ended. Sign in again.')
    return {
      user: { id: user.id, name: user.name, email: user.email, role: user.role },
      homeTenant: toTenant(home),
      actingTenant: toTenant(acting),
      features: featuresOf(acting.id),
      canSwitchTenant: home.isAdminTenant,
    }
  }

  /** Starts a session for a user who has proven who they are, and records the sign-in. */
  function openSession(user: UserRow): SignedIn {
    const token = newToken()
    mutate(db, clock, asThemselves(user), 'auth.sign-in', (tx) => {
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
      recordSignIn(tx, user.id, now)
      return { target: user.id, value: undefined }
    })
    return { me: buildMe(user.id, user.tenantId), token }
  }

  function requireAdminTenantMember(actor: Actor): void {
    if (!findOrganisation(db, actor.homeTenantId)?.isAdminTenant) {
      throw new AppError(ErrorCode.FORBIDDEN, 'Only members of the Admin Tenant can switch tenants.')
    }
  }

  function openReset(db: Reader, token: string) {
    const reset = repo.findResetByTokenHash(db, hashToken(token))
    const user = reset && findUserById(db, reset.userId)
    if (!reset || !user || reset.usedAt || reset.revokedAt || !user.active) throw new AppError(ErrorCode.NOT_FOUND, RESET_LINK_INVALID)
    if (clock.now().getTime() >= reset.expiresAt.getTime()) throw new AppError(ErrorCode.EXPIRED, RESET_LINK_EXPIRED)
    return { reset, user }
  }

  return {
    buildMe,

    /** Signs in a user who has just proven who they are another way (first-run setup, registration). */
    openSessionFor(userId: string): SignedIn {
      const user = findUserById(db, userId)
      if (!user?.active) throw new AppError(ErrorCode.UNAUTHENTICATED, SIGN_IN_FAILED)
      return openSession(user)
    },

    /** Throttled per typed email (see throttle.service.ts): refused while blocked, before any check. */
    async signIn(email: string, password: string): Promise<SignedIn> {
      const key = signInKey(email)
      throttle.begin(key)
      const user = findUserByEmail(db, email)
      const passwordOk = user?.passwordHash ? await verifyPassword(user.passwordHash, password) : (await burnVerify(password), false)
      if (!user || !passwordOk || !user.active) {
        denied.record(user ? asThemselves(user) : null, 'auth.sign-in', user?.id ?? email.trim().toLowerCase())
        throw new AppError(ErrorCode.UNAUTHENTICATED, SIGN_IN_FAILED)
      }
      throttle.succeeded(key)
      return openSession(user)
    },

    /** The live session behind a token, or null (unknown, expired, revoked, or user deactivated). */
    resolve(token: string | null): Actor | null {
      if (!token) return null
      return repo.findLiveActorByTokenHash(db, hashToken(token), clock.now())
    },

    /** Which account a reset link is for, or why it cannot be used; failures are throttled per caller. */
    inspectReset(token: string, client: string): { email: string } {
      return { email: throttle.guard(linkKey(client), () => openReset(db, token)).user.email }
    },

    /** Sets the new password from a reset link (once) and ends every session of that user. */
    async resetPassword(token: string, password: string, client: string): Promise<void> {
      const { user } = throttle.guard(linkKey(client), () => openReset(db, token))
      const passwordHash = await hashPassword(password)
      mutate(
        db,
        clock,
        asThemselves(user),
        'auth.reset-password',
        (tx) => {
          const { reset } = openReset(tx, token)
          const now = clock.now()
          if (!repo.consumeReset(tx, reset.id, now)) throw new AppError(ErrorCode.NOT_FOUND, RESET_LINK_INVALID)
          setPasswordHash(tx, user.id, passwordHash)
          repo.revokeSessionsOfUser(tx, user.id, now)
          return { target: user.id, value: undefined }
        },
        { immediate: true },
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
      const target = `${actor.actingTenantId} → ${tenantId}`
      // Refused (FORBIDDEN), the attempt is recorded where the caller still is, by the RPC layer.
      requireAdminTenantMember(actor)
      // Recorded as acting in the tenant switched into.
      const who = { actorUserId: actor.userId, homeTenantId: actor.homeTenantId, actingTenantId: tenantId }
      mutate(db, clock, who, 'auth.switch-tenant', (tx) => {
        if (!findOrganisation(tx, tenantId)) throw new AppError(ErrorCode.NOT_FOUND, 'That organisation was not found.')
        repo.setActingTenant(tx, actor.sessionId, tenantId)
        // Both ends of a switch were used lately: the way back is one click too.
        recordRecentTenant(tx, actor.userId, actor.actingTenantId, clock.now())
        recordRecentTenant(tx, actor.userId, tenantId, clock.now())
        return { target, value: undefined }
      })
      return buildMe(actor.userId, tenantId)
    },

    signOut(actor: Actor): void {
      mutate(db, clock, actor, 'auth.sign-out', (tx) => {
        repo.revokeSession(tx, actor.sessionId, clock.now())
        return { target: actor.sessionId, value: undefined }
      })
    },

    /** Ends every session of the caller: this one, other devices, scripts' bearer tokens. */
    signOutEverywhere(actor: Actor): void {
      mutate(db, clock, actor, 'auth.sign-out-everywhere', (tx) => {
        repo.revokeSessionsOfUser(tx, actor.userId, clock.now())
        return { target: actor.userId, value: undefined }
      })
    },
  }
}

export type AuthService = ReturnType<typeof createAuthService>
