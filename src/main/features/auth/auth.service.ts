import { randomUUID } from 'node:crypto'
import { SWITCHER_LIMIT, type EnrolmentReason, type Me, type SwitchableTenant, type Tenant } from '../../../shared/contract'
import type { Feature } from '../../../shared/features'
import { stepUpFresh } from '../../../shared/step-up'
import { AppError, ErrorCode, ErrorReason } from '../../../shared/errors'
import type { Clock } from '../../clock'
import type { Conn, Engine } from '../../db/engine'
import { burnVerify, hashPassword, verifyPassword } from '../../security/passwords'
import { hashToken, newToken } from '../../security/tokens'
import { asThemselves, type Actor } from '../actor'
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
import { countDailyEvent, DailyEvent } from '../overview/overview.repository'
import { linkKey, signInKey, type Throttle } from '../throttle/throttle.service'
import type { FactorsService, SecondFactorProof } from '../factors/factors.service'
import * as repo from './auth.repository'
import type { MeRows } from './session-state'
import { orderTenantChoices } from './tenant-choices'

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000

export const RESET_LINK_INVALID =
  'This password reset link is no longer valid: it was used, replaced by a newer one, or the account was deactivated. Ask your administrator for a new one.'
export const RESET_LINK_EXPIRED =
  'This password reset link has expired (links are valid for 1 hour). Ask your administrator to send a new one.'

/** One message for every sign-in failure, so that nothing tells which emails exist. */
export const SIGN_IN_FAILED = 'That email and password do not match an active account.'
export const SECOND_FACTOR_NEEDED = 'Enter the code from your authenticator app to finish signing in.'

export type { Actor } from '../actor'

/** A live session as a request sees it (see `resolveSession`). */
export interface ResolvedSession {
  actor: Actor
  enrolmentReason: EnrolmentReason | null
}

interface SignedIn {
  me: Me
  /** Handed to the host to keep (cookie, per-window slot); never to the renderer. */
  token: string
}

export function createAuthService(
  engine: Engine,
  clock: Clock,
  featuresOfRow: (row: OrganisationRow) => Promise<Feature[]>,
  throttle: Throttle,
  denied: DeniedRecorder,
  factors: FactorsService,
) {
  function toTenant(row: OrganisationRow): Tenant {
    return { id: row.id, name: row.name, slug: row.slug, isAdminTenant: row.isAdminTenant, isDemo: row.isDemo }
  }

  /** A live session: who it acts as, and why it is limited to enrolment (null: it is not). */
  async function resolveSession(token: string | null): Promise<ResolvedSession | null> {
    if (!token) return null
    const tokenHash = hashToken(token)
    const state = await engine.read((conn) => repo.findLiveSessionState(conn, tokenHash, clock.now()))
    return state && { actor: state.actor, enrolmentReason: factors.reasonFrom(state.enrolment) }
  }

  /** The user and both organisations `me` shows; each organisation read once, and once only when home and acting are the same. */
  async function readMeRows(conn: Conn, userId: string, actingTenantId: string): Promise<MeRows> {
    const user = await findUserById(conn, userId)
    const home = user && (await findOrganisation(conn, user.tenantId))
    const acting = home && home.id === actingTenantId ? home : user && (await findOrganisation(conn, actingTenantId))
    if (!user || !home || !acting) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Your session has ended. Sign in again.')
    const { id, name, email, role, tenantId } = user
    return { user: { id, name, email, role, tenantId }, home, acting }
  }

  /** `me` from its rows; the features are worked out per call (the licence may have expired since the rows were read). */
  async function meOf({ user, home, acting }: MeRows, reason: EnrolmentReason | null): Promise<Me> {
    return {
      user: { id: user.id, name: user.name, email: user.email, role: user.role },
      homeTenant: toTenant(home),
      actingTenant: toTenant(acting),
      features: await featuresOfRow(acting),
      canSwitchTenant: home.isAdminTenant,
      secondFactorRequired: home.requireSecondFactor,
      enrolmentOnly: reason !== null,
      enrolmentReason: reason,
    }
  }

  /** What the console shows of the caller, read afresh (a sign-in, a tenant switch). */
  async function buildMe(userId: string, actingTenantId: string): Promise<Me> {
    const rows = await engine.read((conn) => readMeRows(conn, userId, actingTenantId))
    const { user } = rows
    return meOf(rows, await factors.enrolmentReason({ userId: user.id, homeTenantId: user.tenantId, role: user.role }))
  }

  /**
   * Starts a session for a user who has proven who they are, and records the sign-in; `before` runs
   * first in the same transaction (a second factor being taken), so both land or neither does.
   */
  async function openSession(user: UserRow, action = 'auth.sign-in', before?: (conn: Conn) => Promise<void>): Promise<SignedIn> {
    const token = newToken()
    const tokenHash = hashToken(token)
    await mutate(engine, clock, asThemselves(user), action, async (conn) => {
      await before?.(conn)
      const now = clock.now()
      await repo.insertSession(conn, {
        id: randomUUID(),
        tokenHash,
        userId: user.id,
        homeTenantId: user.tenantId,
        actingTenantId: user.tenantId,
        createdAt: now,
        expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
        // The sign-in proved the user (with their factor, if they have one): step-up operations run for 5 minutes.
        factorProvenAt: now,
      })
      await recordSignIn(conn, user.id, now)
      return { target: user.id, value: undefined }
    })
    return { me: await buildMe(user.id, user.tenantId), token }
  }

  function requireAdminTenantMember(actor: Actor): void {
    if (!actor.homeIsAdminTenant) {
      throw new AppError(ErrorCode.FORBIDDEN, 'Only members of the Admin Tenant can switch tenants.')
    }
  }

  async function openReset(conn: Conn, token: string) {
    const reset = await repo.findResetByTokenHash(conn, hashToken(token))
    const user = reset && (await findUserById(conn, reset.userId))
    if (!reset || !user || reset.usedAt || reset.revokedAt || !user.active) throw new AppError(ErrorCode.NOT_FOUND, RESET_LINK_INVALID)
    if (clock.now().getTime() >= reset.expiresAt.getTime()) throw new AppError(ErrorCode.EXPIRED, RESET_LINK_EXPIRED)
    return { reset, user }
  }

  return {
    buildMe,

    /** Signs in a user who has just proven who they are another way (first-run setup, registration). */
    async openSessionFor(userId: string): Promise<SignedIn> {
      const user = await engine.read((conn) => findUserById(conn, userId))
      if (!user?.active) throw new AppError(ErrorCode.UNAUTHENTICATED, SIGN_IN_FAILED)
      return openSession(user)
    },

    /** Throttled per typed email (see throttle.service.ts): refused while blocked, before any check. */
    async signIn(email: string, password: string): Promise<SignedIn> {
      const key = signInKey(email)
      await throttle.begin(key)
      const user = await engine.read((conn) => findUserByEmail(conn, email))
      const passwordOk = user?.passwordHash ? await verifyPassword(user.passwordHash, password) : (await burnVerify(password), false)
      if (!user || !passwordOk || !user.active) {
        await denied.record(user ? asThemselves(user) : null, 'auth.sign-in', user?.id ?? email.trim().toLowerCase())
        // The Overview's failed sign-ins per day, in the tenant of the account tried (unknown emails have none).
        if (user) await engine.transaction((conn) => countDailyEvent(conn, user.tenantId, clock.now(), DailyEvent.FAILED_SIGN_IN))
        throw new AppError(ErrorCode.UNAUTHENTICATED, SIGN_IN_FAILED)
      }
      await throttle.succeeded(key)
      // With a second factor, a right password only opens the way to it (auth.verifySecondFactor).
      const pendingToken = await factors.openChallenge(user)
      if (pendingToken) {
        throw new AppError(ErrorCode.UNAUTHENTICATED, SECOND_FACTOR_NEEDED, undefined, {
          reason: ErrorReason.SECOND_FACTOR_REQUIRED,
          pendingToken,
        })
      }
      return openSession(user)
    },

    /**
     * The second step of a sign-in: the half-way token with a code or a recovery code. The token, the
     * code's step (or the recovery code) and the new session are taken in one transaction with its
     * audit row. A recovery code's use is its own audit action, and mailed to the user.
     */
    async verifySecondFactor(pendingToken: string, proof: SecondFactorProof, client: string): Promise<SignedIn> {
      const passed = await factors.passChallenge(pendingToken, proof, client)
      const action = passed.viaRecoveryCode
        ? 'auth.sign-in-with-recovery-code'
        : passed.viaPasskey
          ? 'auth.sign-in-with-passkey'
          : 'auth.sign-in'
      const signedIn = await openSession(passed.user, action, passed.take)
      if (passed.viaRecoveryCode) await factors.mailRecoveryCodeUsed(passed.user)
      return signedIn
    },

    /** The live session behind a token, or null (unknown, expired, revoked, or user deactivated). */
    async resolve(token: string | null): Promise<Actor | null> {
      return (await resolveSession(token))?.actor ?? null
    },

    /** The same with why it is limited to enrolment: one lookup, what every authenticated call needs. */
    resolveSession,

    /**
     * `auth.me`: the caller as the console shows them, or null without a live session. Its rows are
     * read with the session (SQLite keeps them with the cached session, forgotten with it: see
     * auth.sqlite.ts); the enrolment reason comes from the session's own facts.
     */
    async me(token: string | null): Promise<Me | null> {
      if (!token) return null
      const tokenHash = hashToken(token)
      return engine.read(async (conn) => {
        const state = await repo.findLiveSessionState(conn, tokenHash, clock.now())
        if (!state) return null
        let rows = repo.cachedMeRows(conn, tokenHash)
        if (!rows) repo.keepMeRows(conn, tokenHash, (rows = await readMeRows(conn, state.actor.userId, state.actor.actingTenantId)))
        return meOf(rows, factors.reasonFrom(state.enrolment))
      })
    },

    /** Whether the actor's session proved a factor recently enough for a step-up operation (shared/step-up.ts). */
    async stepUpFresh(actor: Actor): Promise<boolean> {
      return stepUpFresh(await engine.read((conn) => repo.factorProvenAt(conn, actor.sessionId)), clock.now())
    },

    /** Which account a reset link is for, or why it cannot be used; failures are throttled per caller. */
    async inspectReset(token: string, client: string): Promise<{ email: string }> {
      const { user } = await throttle.guard(linkKey(client), () => engine.read((conn) => openReset(conn, token)))
      return { email: user.email }
    },

    /** Sets the new password from a reset link (once) and ends every session of that user. */
    async resetPassword(token: string, password: string, client: string): Promise<void> {
      const { user } = await throttle.guard(linkKey(client), () => engine.read((conn) => openReset(conn, token)))
      // Hashed before the transaction: argon2 is slow, and nothing waits on it holding a lock.
      const passwordHash = await hashPassword(password)
      await mutate(
        engine,
        clock,
        asThemselves(user),
        'auth.reset-password',
        async (conn) => {
          const { reset } = await openReset(conn, token)
          const now = clock.now()
          if (!(await repo.consumeReset(conn, reset.id, now))) throw new AppError(ErrorCode.NOT_FOUND, RESET_LINK_INVALID)
          await setPasswordHash(conn, user.id, passwordHash)
          await repo.revokeSessionsOfUser(conn, user.id, now)
          return { target: user.id, value: undefined }
        },
        { immediate: true },
      )
    },

    /** Organisations the actor may switch into: any, for members of the Admin Tenant. */
    async switchableTenants(actor: Actor, search?: string): Promise<SwitchableTenant[]> {
      requireAdminTenantMember(actor)
      const term = search || undefined
      return engine.read(async (conn) => {
        // Three reads that wait for no other answer: on PostgreSQL, in flight at once.
        const [current, recent, byName] = await Promise.all([
          switchableById(conn, actor.actingTenantId, term),
          recentlyUsed(conn, actor.userId, term),
          // Enough by name to fill the list after the current and recent ones are taken out.
          switchable(conn, term, SWITCHER_LIMIT + RECENT_TENANTS_KEPT + 1),
        ])
        return orderTenantChoices(current, recent, byName)
      })
    },

    /** Re-scopes the session; the user's own role applies in the target tenant. */
    async switchTenant(actor: Actor, tenantId: string): Promise<Me> {
      const target = `${actor.actingTenantId} → ${tenantId}`
      // Refused (FORBIDDEN), the attempt is recorded where the caller still is, by the RPC layer.
      requireAdminTenantMember(actor)
      // Recorded as acting in the tenant switched into.
      const who = { actorUserId: actor.userId, homeTenantId: actor.homeTenantId, actingTenantId: tenantId }
      await mutate(engine, clock, who, 'auth.switch-tenant', async (conn) => {
        if (!(await findOrganisation(conn, tenantId))) throw new AppError(ErrorCode.NOT_FOUND, 'That organisation was not found.')
        await repo.setActingTenant(conn, actor.sessionId, tenantId)
        // Both ends of a switch were used lately: the way back is one click too.
        await recordRecentTenant(conn, actor.userId, actor.actingTenantId, clock.now())
        await recordRecentTenant(conn, actor.userId, tenantId, clock.now())
        return { target, value: undefined }
      })
      return buildMe(actor.userId, tenantId)
    },

    async signOut(actor: Actor): Promise<void> {
      await mutate(engine, clock, actor, 'auth.sign-out', async (conn) => {
        await repo.revokeSession(conn, actor.sessionId, clock.now())
        return { target: actor.sessionId, value: undefined }
      })
    },

    /** Ends every session of the caller: this one, other devices, scripts' bearer tokens. */
    async signOutEverywhere(actor: Actor): Promise<void> {
      await mutate(engine, clock, actor, 'auth.sign-out-everywhere', async (conn) => {
        await repo.revokeSessionsOfUser(conn, actor.userId, clock.now())
        return { target: actor.userId, value: undefined }
      })
    },
  }
}

export type AuthService = ReturnType<typeof createAuthService>
