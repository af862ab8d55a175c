import { randomUUID } from 'node:crypto'
import QRCode from 'qrcode'
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server'
import {
  MAX_PASSKEYS,
  type OwnerProof,
  type Passkey,
  type PasskeyAssertion,
  type PasskeyRegistration,
  type SecondFactorStatus,
  type TotpEnrolment,
} from '../../../shared/contract/account.contract'
import type { EnrolmentReason } from '../../../shared/contract'
import { isSuperAdmin, USER_MANAGERS } from '../../../shared/access'
import { AppError, ErrorCode, ErrorReason } from '../../../shared/errors'
import type { Clock } from '../../clock'
import type { Conn, Engine } from '../../db/engine'
import type { Mailer } from '../../mail/mailer'
import { recoveryCodeUsedMail, secondFactorResetMail, type RenderedMail } from '../../mail/templates'
import { hashPassword, verifyPassword } from '../../security/passwords'
import { open, seal } from '../../security/sealed-secret'
import { hashToken, newToken } from '../../security/tokens'
import { STEP_UP_WINDOW_MS } from '../../../shared/step-up'
import { setFactorProven } from '../auth/auth.repository'
import { notFound, requireMayHandle, requireRole } from '../access'
import { asThemselves, type Actor } from '../actor'
import type { DeniedRecorder } from '../audit/denied'
import { mutate } from '../audit/mutation'
import { findById as findOrganisation } from '../organisations/organisations.repository'
import { linkKey, secondFactorKey, type Throttle } from '../throttle/throttle.service'
import { countLiveSessions, revokeSessionsOfUser } from '../auth/auth.repository'
import { findUserById, findUserInTenant, type UserRow } from '../users/users.repository'
import * as repo from './factors.repository'
import { enrolmentReasonOf, type EnrolmentFacts } from './enrolment'
import * as passkeyRepo from './passkeys.repository'
import type { RelyingParty } from './relying-party'
import { newRecoveryCodes, normaliseRecoveryCode } from './recovery-codes'
import { matchingStep, newTotpSecret, totpUri } from './totp'

/**
 * The WebAuthn library, loaded when a passkey is first used: it takes about a third of a second to
 * load, which every start of the console and the instance would otherwise pay (start-up ≤ 1 s, issue 22).
 */
const webauthn = () => import('@simplewebauthn/server')

/** How long the half-way point of a sign-in (password right, code to come) stays usable. */
export const CHALLENGE_TTL_MS = 5 * 60 * 1000

export const CODE_WRONG =
  'That code is not right, or it was used already. Wait for the next code from your authenticator app and try again.'
export const RECOVERY_CODE_WRONG = 'That recovery code is not right, or it was used already.'
export const PASSWORD_WRONG = 'That password is not right.'
export const FACTOR_KEY_MISSING =
  'Authenticator codes cannot be checked here: this server does not have the factor.key file they were set up with. Use a recovery code, and ask the administrator to copy factor.key from the other servers (or restore it).'
export const CHALLENGE_EXPIRED = 'This sign-in has expired (you have 5 minutes to enter the code). Sign in again with your password.'

export const STEP_UP_NEEDS_FACTOR =
  'You have a second factor set up: enter a code from your authenticator app, use your passkey, or enter one of your recovery codes.'
export const STEP_UP_NEEDS_PASSWORD = 'You have no second factor set up: enter your password.'
export const NO_AUTHENTICATOR_APP = 'You have no authenticator app set up: use your passkey or your password.'

export const PASSKEY_WRONG = 'That passkey could not be checked. Try again; if it keeps failing, use another factor.'
export const PASSKEY_CHALLENGE_GONE =
  'This passkey request has expired or was used already (you have 5 minutes). Try again: a new request is made.'
export const NO_PASSKEYS = 'You have no passkey set up.'
export const PASSKEY_NOT_FOUND = 'That passkey'

/** How long a WebAuthn challenge (registration, sign-in, step-up) stays usable. */
export const WEBAUTHN_CHALLENGE_TTL_MS = 5 * 60 * 1000

/** What confirms it is still the session's user before a step-up operation (see shared/step-up.ts). */
export type StepUpProof = { code?: string; recoveryCode?: string; password?: string; passkey?: PasskeyAssertion }

/** What finishes a sign-in after the password: a code from the app, a passkey, or one recovery code. */
export type SecondFactorProof =
  | { code: string; recoveryCode?: undefined; passkey?: undefined }
  | { recoveryCode: string; code?: undefined; passkey?: undefined }
  | { passkey: PasskeyAssertion; code?: undefined; recoveryCode?: undefined }

const passkeyOut = (row: passkeyRepo.PasskeyRow): Passkey => ({
  id: row.id,
  name: row.name,
  createdAt: row.createdAt,
  lastUsedAt: row.lastUsedAt,
})

const transportsOf = (row: passkeyRepo.PasskeyRow) =>
  row.transports ? (row.transports.split(',') as NonNullable<RegistrationResponseJSON['response']['transports']>) : undefined

/** A proof that checked out, still to be taken (in the transaction that opens the session). */
export interface PassedChallenge {
  user: UserRow
  viaRecoveryCode: boolean
  viaPasskey: boolean
  /** Consumes the half-way sign-in and the code; throws (nothing written) if another request took either first. */
  take(conn: Conn): Promise<void>
}

/**
 * Second factors: the authenticator app (TOTP, RFC 6238) and recovery codes. A TOTP key is sealed
 * with AES-256-GCM under the store's factor key (factor.key in the data folder, never in the
 * database); recovery codes are argon2id-hashed as passwords are. Every check of a code or password
 * goes through the sign-in throttle under one key per user.
 */
export function createFactorsService(
  engine: Engine,
  clock: Clock,
  factorKey: () => Buffer,
  throttle: Throttle,
  denied: DeniedRecorder,
  mailer: Mailer,
  relyingParty: () => RelyingParty | { unavailable: string },
  /** SWITCHBOARD_SUPER_ADMIN_SECOND_FACTOR when set: overrides the stored rule for SUPER_ADMINs. */
  superAdminRule: boolean | undefined,
) {
  const sealSecret = (userId: string, secret: string) => seal(factorKey(), secret, userId)
  /**
   * The factor's key in clear, for checking a code. It opens only under the factor.key it was sealed
   * with: a data folder without that file (not copied to this machine, or lost) cannot check codes,
   * which is said plainly rather than as a fault; recovery codes still work.
   */
  function openSecret(factor: repo.FactorRow): string {
    try {
      return open(factorKey(), factor.secret, factor.userId)
    } catch {
      throw new AppError(ErrorCode.UNAVAILABLE, FACTOR_KEY_MISSING)
    }
  }

  /**
   * Runs a check of something the account's owner typed under the user's throttle key. On the
   * account page the caller is signed in: a refusal there must not read as a session that ended
   * (401), so a wrong code or password, and a throttled one, answer VALIDATION on the field.
   */
  async function ownerCheck<T>(
    userId: string,
    field: 'code' | 'password' | 'recoveryCode' | 'passkey',
    check: () => Promise<T | null>,
    wrong: string,
  ): Promise<T> {
    const key = secondFactorKey(userId)
    try {
      await throttle.begin(key)
    } catch (error) {
      if (error instanceof AppError && error.reason === ErrorReason.THROTTLED) {
        throw new AppError(
          ErrorCode.VALIDATION,
          error.message,
          { [field]: error.message },
          {
            reason: ErrorReason.THROTTLED,
            retryAfterSeconds: error.retryAfterSeconds,
          },
        )
      }
      throw error
    }
    const passed = await check()
    if (passed === null) throw new AppError(ErrorCode.VALIDATION, wrong, { [field]: wrong }, { reason: ErrorReason.SECOND_FACTOR_INVALID })
    await throttle.succeeded(key)
    return passed
  }

  async function userOf(actor: Actor): Promise<UserRow> {
    const user = await engine.read((conn) => findUserById(conn, actor.userId))
    if (!user) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Your session has ended. Sign in again.')
    return user
  }

  /** Where passkeys are made for, or 503 PASSKEYS_UNAVAILABLE saying why they cannot work here. */
  function requireRelyingParty(): RelyingParty {
    const rp = relyingParty()
    if ('unavailable' in rp)
      throw new AppError(ErrorCode.UNAVAILABLE, rp.unavailable, undefined, { reason: ErrorReason.PASSKEYS_UNAVAILABLE })
    return rp
  }

  /** Stores a fresh challenge for this owner (a session, a half-way sign-in) and purpose, replacing its pending one. */
  async function putChallenge(userId: string, ownerId: string, purpose: passkeyRepo.WebauthnPurpose, challenge: string): Promise<void> {
    const now = clock.now()
    await engine.transaction((conn) =>
      passkeyRepo.putChallenge(conn, {
        id: randomUUID(),
        userId,
        ownerId,
        purpose,
        challenge,
        createdAt: now,
        expiresAt: new Date(now.getTime() + WEBAUTHN_CHALLENGE_TTL_MS),
      }),
    )
  }

  /** Authentication options over the user's passkeys, their challenge kept for this owner. */
  async function assertionOptions(
    user: UserRow,
    ownerId: string,
    purpose: 'sign-in' | 'step-up',
  ): Promise<{ options: Record<string, unknown> }> {
    const rp = requireRelyingParty()
    const keys = await engine.read((conn) => passkeyRepo.listPasskeys(conn, user.id))
    if (!keys.length) {
      throw new AppError(ErrorCode.VALIDATION, NO_PASSKEYS, { passkey: NO_PASSKEYS }, { reason: ErrorReason.NO_SECOND_FACTOR })
    }
    const { generateAuthenticationOptions } = await webauthn()
    const options = await generateAuthenticationOptions({
      rpID: rp.rpID,
      allowCredentials: keys.map((key) => ({ id: key.credentialId, transports: transportsOf(key) })),
      userVerification: 'preferred',
      timeout: WEBAUTHN_CHALLENGE_TTL_MS,
    })
    await putChallenge(user.id, ownerId, purpose, options.challenge)
    return { options: options as unknown as Record<string, unknown> }
  }

  /**
   * Checks an assertion against the owner's pending challenge, which it uses up whatever the outcome.
   * Answers the passkey and the counter to take, or null (no challenge → `gone`). Never throws on a
   * malformed answer: the library's refusals are a wrong passkey, not a fault.
   */
  async function checkAssertion(
    user: UserRow,
    ownerId: string,
    purpose: 'sign-in' | 'step-up',
    assertion: PasskeyAssertion,
  ): Promise<{ key: passkeyRepo.PasskeyRow; newCounter: number } | 'gone' | null> {
    const rp = requireRelyingParty()
    const challenge = await engine.transaction((conn) => passkeyRepo.takeChallenge(conn, ownerId, purpose, user.id, clock.now()))
    if (challenge === null) return 'gone'
    const key = await engine.read((conn) => passkeyRepo.findPasskeyByCredential(conn, user.id, assertion.id))
    if (!key) return null
    try {
      const { verifyAuthenticationResponse } = await webauthn()
      const result = await verifyAuthenticationResponse({
        response: { ...assertion, clientExtensionResults: assertion.clientExtensionResults ?? {} } as AuthenticationResponseJSON,
        expectedChallenge: challenge,
        expectedOrigin: rp.origin,
        expectedRPID: rp.rpID,
        credential: {
          id: key.credentialId,
          publicKey: new Uint8Array(Buffer.from(key.publicKey, 'base64url')),
          counter: key.counter,
          transports: transportsOf(key),
        },
        requireUserVerification: false,
      })
      return result.verified ? { key, newCounter: result.authenticationInfo.newCounter } : null
    } catch {
      return null
    }
  }

  /** Ten new codes and their hashes (hashed before any transaction: argon2 is slow). */
  async function freshRecoveryCodes(userId: string) {
    const codes = newRecoveryCodes()
    const now = clock.now()
    const rows = await Promise.all(
      codes.map(async (code) => ({ id: randomUUID(), userId, codeHash: await hashPassword(normaliseRecoveryCode(code)), createdAt: now })),
    )
    return { codes, rows }
  }

  /** The unused recovery code this one is, or null. */
  async function matchRecoveryCode(userId: string, code: string): Promise<string | null> {
    const normal = normaliseRecoveryCode(code)
    const unused = await engine.read((conn) => repo.unusedRecoveryCodes(conn, userId))
    for (const row of unused) if (normal && (await verifyPassword(row.codeHash, normal))) return row.id
    return null
  }

  /** The step of a right, not yet used code of this factor, or null. */
  function totpStep(factor: repo.FactorRow, code: string): number | null {
    const step = matchingStep(openSecret(factor), code.replace(/\s+/g, ''), clock.now())
    return step !== null && (factor.lastUsedStep === null || step > factor.lastUsedStep) ? step : null
  }

  /** A current code or the password, checked under the throttle. */
  async function requireOwner(
    actor: Actor,
    proof: OwnerProof,
  ): Promise<{ user: UserRow; factor: repo.FactorRow | null; step: number | null }> {
    const user = await userOf(actor)
    const totp = await engine.read((conn) => repo.findTotp(conn, user.id))
    const factor = totp?.confirmedAt ? totp : null
    if (proof.code !== undefined) {
      if (!factor)
        throw new AppError(
          ErrorCode.VALIDATION,
          NO_AUTHENTICATOR_APP,
          { code: NO_AUTHENTICATOR_APP },
          { reason: ErrorReason.SECOND_FACTOR_INVALID },
        )
      const step = await ownerCheck(user.id, 'code', async () => totpStep(factor, proof.code!), CODE_WRONG)
      return { user, factor, step }
    }
    await ownerCheck(
      user.id,
      'password',
      async () => (user.passwordHash && (await verifyPassword(user.passwordHash, proof.password ?? ''))) || null,
      PASSWORD_WRONG,
    )
    return { user, factor, step: null }
  }

  /** Takes a code's step inside a transaction: refused if another request used it (or a later one) meanwhile. */
  async function takeStep(conn: Conn, factorId: string | undefined, step: number | null): Promise<void> {
    if (step !== null && factorId !== undefined && !(await repo.useStep(conn, factorId, step))) {
      throw new AppError(ErrorCode.VALIDATION, CODE_WRONG, { code: CODE_WRONG }, { reason: ErrorReason.SECOND_FACTOR_INVALID })
    }
  }

  /**
   * Tells the user a recovery code was used to sign in as them, or to step up (if it was not them,
   * they should act). Sent afterwards: mail that cannot go out (no server) is kept in the Outbox as
   * not sent and does not stop the caller.
   */
  async function mailRecoveryCodeUsed(user: UserRow): Promise<void> {
    const left = await engine.read((conn) => repo.countUnusedRecoveryCodes(conn, user.id))
    await mailUser(user, recoveryCodeUsedMail({ name: user.name, at: clock.now(), left }))
  }

  /** A notice to the user about their factors: kept in the Outbox if it cannot go out, never failing the caller. */
  async function mailUser(user: UserRow, mail: RenderedMail): Promise<void> {
    const organisation = await engine.read((conn) => findOrganisation(conn, user.tenantId))
    await mailer
      .send({
        tenantId: user.tenantId,
        to: user.email,
        localOnly: organisation?.isDemo ?? false,
        superAdminOnly: isSuperAdmin(user.role),
        ...mail,
      })
      .catch(() => undefined)
  }

  /** A passkey answer on the account page or in step-up with no pending challenge of its own (expired, used, never asked). */
  const challengeGone = () =>
    new AppError(
      ErrorCode.VALIDATION,
      PASSKEY_CHALLENGE_GONE,
      { passkey: PASSKEY_CHALLENGE_GONE },
      { reason: ErrorReason.SECOND_FACTOR_EXPIRED },
    )

  const pendingExpired = () =>
    new AppError(ErrorCode.UNAUTHENTICATED, CHALLENGE_EXPIRED, undefined, { reason: ErrorReason.SECOND_FACTOR_EXPIRED })

  /** The half-way sign-in behind a pending token and its user, or SECOND_FACTOR_EXPIRED (failures throttled per caller). */
  async function openPending(pendingToken: string, client: string): Promise<{ challenge: repo.ChallengeRow; user: UserRow }> {
    return throttle.guard(linkKey(client), () =>
      engine.read(async (conn) => {
        const challenge = await repo.findChallengeByTokenHash(conn, hashToken(pendingToken))
        const user = challenge && (await findUserById(conn, challenge.userId))
        if (!challenge || !user?.active || challenge.usedAt || challenge.expiresAt.getTime() <= clock.now().getTime())
          throw pendingExpired()
        return { challenge, user }
      }),
    )
  }

  return {
    /** Why a session is limited to enrolment, from the facts read with it (auth.repository.ts), under this instance's override. */
    reasonFrom(facts: EnrolmentFacts): EnrolmentReason | null {
      return enrolmentReasonOf(facts, superAdminRule)
    },

    /** Why the user's sessions are limited to enrolment, or null when they are not: see `enrolmentReason`. */
    enrolmentReason(who: Pick<Actor, 'userId' | 'homeTenantId' | 'role'>): Promise<EnrolmentReason | null> {
      return engine.read((conn) =>
        repo.enrolmentReason(conn, { id: who.userId, tenantId: who.homeTenantId, role: who.role }, superAdminRule),
      )
    },

    async status(actor: Actor): Promise<SecondFactorStatus> {
      return engine.read(async (conn) => {
        const factor = await repo.findTotp(conn, actor.userId)
        const passkeys = await passkeyRepo.countPasskeys(conn, actor.userId)
        return {
          totp: factor?.confirmedAt ? { confirmedAt: factor.confirmedAt } : null,
          passkeys,
          recoveryCodesLeft: factor?.confirmedAt || passkeys ? await repo.countUnusedRecoveryCodes(conn, actor.userId) : 0,
        }
      })
    },

    async passkeys(actor: Actor): Promise<Passkey[]> {
      return (await engine.read((conn) => passkeyRepo.listPasskeys(conn, actor.userId))).map(passkeyOut)
    },

    /**
     * Registration options for a new passkey; the challenge belongs to this session (one at a time).
     * A pending challenge is security bookkeeping, as the half-way sign-in is: no audit row (the
     * passkey it may lead to is recorded).
     */
    async startPasskey(actor: Actor): Promise<{ options: Record<string, unknown> }> {
      const rp = requireRelyingParty()
      const user = await userOf(actor)
      const keys = await engine.read((conn) => passkeyRepo.listPasskeys(conn, user.id))
      if (keys.length >= MAX_PASSKEYS) {
        throw new AppError(
          ErrorCode.CONFLICT,
          `You have ${MAX_PASSKEYS} passkeys, as many as a user may have. Remove one first.`,
          undefined,
          {
            reason: ErrorReason.PASSKEY_LIMIT,
          },
        )
      }
      const { generateRegistrationOptions } = await webauthn()
      const options = await generateRegistrationOptions({
        rpName: 'Switchboard',
        rpID: rp.rpID,
        userName: user.email,
        userDisplayName: user.name,
        userID: new TextEncoder().encode(user.id),
        attestationType: 'none',
        excludeCredentials: keys.map((key) => ({ id: key.credentialId, transports: transportsOf(key) })),
        authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
        timeout: WEBAUTHN_CHALLENGE_TTL_MS,
      })
      await putChallenge(user.id, actor.sessionId, 'register', options.challenge)
      return { options: options as unknown as Record<string, unknown> }
    },

    /**
     * Checks the authenticator's answer against this session's pending challenge (used up either way)
     * and keeps the passkey. The first factor brings ten recovery codes, answered this once.
     */
    async finishPasskey(
      actor: Actor,
      name: string,
      response: PasskeyRegistration,
    ): Promise<{ passkey: Passkey; recoveryCodes?: string[] }> {
      const rp = requireRelyingParty()
      const user = await userOf(actor)
      const invalid = () =>
        new AppError(ErrorCode.VALIDATION, PASSKEY_WRONG, { passkey: PASSKEY_WRONG }, { reason: ErrorReason.SECOND_FACTOR_INVALID })
      const challenge = await engine.transaction((conn) =>
        passkeyRepo.takeChallenge(conn, actor.sessionId, 'register', user.id, clock.now()),
      )
      if (challenge === null) throw challengeGone()
      let credential
      try {
        const { verifyRegistrationResponse } = await webauthn()
        const result = await verifyRegistrationResponse({
          response: { ...response, clientExtensionResults: response.clientExtensionResults ?? {} } as RegistrationResponseJSON,
          expectedChallenge: challenge,
          expectedOrigin: rp.origin,
          expectedRPID: rp.rpID,
          requireUserVerification: false,
        })
        if (!result.verified) throw invalid()
        credential = result.registrationInfo.credential
      } catch {
        throw invalid()
      }
      const first = await engine.read(async (conn) => !(await repo.hasConfirmedFactor(conn, user.id)))
      const fresh = first ? await freshRecoveryCodes(user.id) : null
      const now = clock.now()
      const row = {
        id: randomUUID(),
        userId: user.id,
        credentialId: credential.id,
        publicKey: Buffer.from(credential.publicKey).toString('base64url'),
        counter: credential.counter,
        transports: (response.response.transports ?? credential.transports ?? []).join(','),
        name,
        createdAt: now,
        lastUsedAt: null,
      }
      const recoveryCodes = await mutate(
        engine,
        clock,
        actor,
        'account.add-passkey',
        async (conn) => {
          if (await passkeyRepo.credentialTaken(conn, row.credentialId)) {
            throw new AppError(ErrorCode.CONFLICT, 'This passkey is registered already.', undefined, {
              reason: ErrorReason.SECOND_FACTOR_SET_UP,
            })
          }
          if ((await passkeyRepo.countPasskeys(conn, user.id)) >= MAX_PASSKEYS) {
            throw new AppError(
              ErrorCode.CONFLICT,
              `You have ${MAX_PASSKEYS} passkeys, as many as a user may have. Remove one first.`,
              undefined,
              {
                reason: ErrorReason.PASSKEY_LIMIT,
              },
            )
          }
          // Codes only with the first factor: checked again here, in case another one came meanwhile.
          const stillFirst = fresh !== null && !(await repo.hasConfirmedFactor(conn, user.id))
          await passkeyRepo.insertPasskey(conn, row)
          if (stillFirst) {
            await repo.deleteRecoveryCodes(conn, user.id)
            await repo.insertRecoveryCodes(conn, fresh.rows)
          }
          // Set up again after an administrator's reset: no longer held to enrolment by it.
          await repo.clearReset(conn, user.id)
          return { target: `${user.id} (passkey ${row.id})`, value: stillFirst ? fresh.codes : undefined }
        },
        { immediate: true },
      )
      return { passkey: passkeyOut(row), ...(recoveryCodes ? { recoveryCodes } : {}) }
    },

    async renamePasskey(actor: Actor, id: string, name: string): Promise<Passkey> {
      return mutate(
        engine,
        clock,
        actor,
        'account.rename-passkey',
        async (conn) => {
          if (!(await passkeyRepo.renamePasskey(conn, actor.userId, id, name))) throw notFound(PASSKEY_NOT_FOUND)
          const row = (await passkeyRepo.findPasskey(conn, actor.userId, id))!
          return { target: `${actor.userId} (passkey ${id})`, value: passkeyOut(row) }
        },
        { immediate: true },
      )
    },

    /** After a current code or the password; the recovery codes go with the last factor. */
    async removePasskey(actor: Actor, id: string, proof: OwnerProof): Promise<void> {
      const found = await engine.read((conn) => passkeyRepo.findPasskey(conn, actor.userId, id))
      if (!found) throw notFound(PASSKEY_NOT_FOUND)
      const { user, factor, step } = await requireOwner(actor, proof)
      await mutate(
        engine,
        clock,
        actor,
        'account.remove-passkey',
        async (conn) => {
          await takeStep(conn, factor?.id, step)
          if (!(await passkeyRepo.deletePasskey(conn, user.id, id))) throw notFound(PASSKEY_NOT_FOUND)
          if (!(await repo.hasConfirmedFactor(conn, user.id))) await repo.deleteRecoveryCodes(conn, user.id)
          return { target: `${user.id} (passkey ${id})`, value: undefined }
        },
        { immediate: true },
      )
    },

    /** Authentication options for a step-up by passkey; the challenge belongs to this session. */
    async stepUpPasskeyOptions(actor: Actor): Promise<{ options: Record<string, unknown> }> {
      return assertionOptions(await userOf(actor), actor.sessionId, 'step-up')
    },

    /** A new key, not counting until confirmed; replaces one never confirmed. */
    async startTotp(actor: Actor): Promise<TotpEnrolment> {
      const user = await userOf(actor)
      const secret = newTotpSecret()
      const sealed = sealSecret(user.id, secret)
      await mutate(
        engine,
        clock,
        actor,
        'account.start-totp',
        async (conn) => {
          const existing = await repo.findTotp(conn, user.id)
          if (existing?.confirmedAt) {
            throw new AppError(
              ErrorCode.CONFLICT,
              'You have an authenticator app set up already. Remove it before setting up another.',
              undefined,
              { reason: ErrorReason.SECOND_FACTOR_SET_UP },
            )
          }
          if (existing) await repo.deleteFactor(conn, user.id, existing.id)
          await repo.insertFactor(conn, { id: randomUUID(), userId: user.id, kind: 'totp', secret: sealed, createdAt: clock.now() })
          return { target: user.id, value: undefined }
        },
        { immediate: true },
      )
      const uri = totpUri(secret, user.email)
      return { secret, uri, qrSvg: await QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }) }
    },

    /**
     * The first code makes the factor count. When it is the user's first factor (no passkey yet) it
     * answers ten recovery codes, this once; with a passkey there already, the codes the user has stay
     * and the answer's list is empty.
     */
    async confirmTotp(actor: Actor, code: string): Promise<{ recoveryCodes: string[] }> {
      const factor = await engine.read((conn) => repo.findTotp(conn, actor.userId))
      if (!factor) {
        throw new AppError(ErrorCode.CONFLICT, 'Start setting up an authenticator app first: there is nothing to confirm.', undefined, {
          reason: ErrorReason.SECOND_FACTOR_NOT_STARTED,
        })
      }
      if (factor.confirmedAt) {
        throw new AppError(ErrorCode.CONFLICT, 'Your authenticator app is confirmed already.', undefined, {
          reason: ErrorReason.SECOND_FACTOR_SET_UP,
        })
      }
      const step = await ownerCheck(actor.userId, 'code', async () => totpStep(factor, code), CODE_WRONG)
      const { codes, rows } = await freshRecoveryCodes(actor.userId)
      const handedOut = await mutate(
        engine,
        clock,
        actor,
        'account.confirm-totp',
        async (conn) => {
          const first = !(await repo.hasConfirmedFactor(conn, actor.userId))
          if (!(await repo.confirmFactor(conn, actor.userId, factor.id, clock.now(), step))) {
            throw new AppError(ErrorCode.CONFLICT, 'This set-up was confirmed or replaced meanwhile. Reload the page.', undefined, {
              reason: ErrorReason.SECOND_FACTOR_NOT_STARTED,
            })
          }
          if (first) {
            await repo.deleteRecoveryCodes(conn, actor.userId)
            await repo.insertRecoveryCodes(conn, rows)
          }
          await repo.clearReset(conn, actor.userId)
          return { target: actor.userId, value: first }
        },
        { immediate: true },
      )
      return { recoveryCodes: handedOut ? codes : [] }
    },

    async removeTotp(actor: Actor, proof: OwnerProof): Promise<void> {
      const { user, factor, step } = await requireOwner(actor, proof)
      if (!factor) throw new AppError(ErrorCode.NOT_FOUND, 'You have no authenticator app set up.')
      await mutate(
        engine,
        clock,
        actor,
        'account.remove-totp',
        async (conn) => {
          await takeStep(conn, factor.id, step)
          await repo.deleteFactor(conn, user.id, factor.id)
          // Recovery codes stand in for a second factor: they go with the last one.
          if (!(await repo.hasConfirmedFactor(conn, user.id))) await repo.deleteRecoveryCodes(conn, user.id)
          return { target: user.id, value: undefined }
        },
        { immediate: true },
      )
    },

    /** New codes; the old ones stop working in the same transaction. */
    async regenerateRecoveryCodes(actor: Actor, proof: OwnerProof): Promise<{ recoveryCodes: string[] }> {
      const { user, factor, step } = await requireOwner(actor, proof)
      const { codes, rows } = await freshRecoveryCodes(user.id)
      await mutate(
        engine,
        clock,
        actor,
        'account.regenerate-recovery-codes',
        async (conn) => {
          await takeStep(conn, factor?.id, step)
          if (!(await repo.hasConfirmedFactor(conn, user.id))) throw new AppError(ErrorCode.NOT_FOUND, 'You have no second factor set up.')
          await repo.deleteRecoveryCodes(conn, user.id)
          await repo.insertRecoveryCodes(conn, rows)
          return { target: user.id, value: undefined }
        },
        { immediate: true },
      )
      return { recoveryCodes: codes }
    },

    /**
     * Step-up: proves the session's user again, so that operations which can take over tenants run
     * for the next 5 minutes. A user with a confirmed authenticator app gives a code (or a recovery
     * code, used up and mailed as at sign-in); a user without one gives their password, as GitHub's
     * sudo mode does. Checked under the sign-in throttle; a refusal is 422 on the field and changes nothing.
     */
    async stepUp(actor: Actor, proof: StepUpProof): Promise<{ stepUpUntil: Date }> {
      const user = await userOf(actor)
      const factor = await engine.read((conn) => repo.findTotp(conn, user.id))
      const hasFactor = await engine.read((conn) => repo.hasConfirmedFactor(conn, user.id))
      if (proof.code !== undefined && !factor?.confirmedAt) {
        throw new AppError(
          ErrorCode.VALIDATION,
          NO_AUTHENTICATOR_APP,
          { code: NO_AUTHENTICATOR_APP },
          { reason: ErrorReason.SECOND_FACTOR_INVALID },
        )
      }
      if (hasFactor && proof.password !== undefined) {
        throw new AppError(
          ErrorCode.VALIDATION,
          STEP_UP_NEEDS_FACTOR,
          { code: STEP_UP_NEEDS_FACTOR },
          { reason: ErrorReason.SECOND_FACTOR_INVALID },
        )
      }
      if (!hasFactor && proof.password === undefined) {
        throw new AppError(
          ErrorCode.VALIDATION,
          STEP_UP_NEEDS_PASSWORD,
          { password: STEP_UP_NEEDS_PASSWORD },
          { reason: ErrorReason.SECOND_FACTOR_INVALID },
        )
      }
      let step: number | null = null
      let codeId: string | null = null
      let passkey: { key: passkeyRepo.PasskeyRow; newCounter: number } | null = null
      if (proof.passkey !== undefined) {
        const assertion = proof.passkey
        passkey = await ownerCheck(
          user.id,
          'passkey',
          async () => {
            const checked = await checkAssertion(user, actor.sessionId, 'step-up', assertion)
            if (checked === 'gone') throw challengeGone()
            return checked
          },
          PASSKEY_WRONG,
        )
      } else if (proof.password !== undefined) {
        const password = proof.password
        await ownerCheck(
          user.id,
          'password',
          async () => (user.passwordHash && (await verifyPassword(user.passwordHash, password))) || null,
          PASSWORD_WRONG,
        )
      } else if (proof.recoveryCode !== undefined) {
        const code = proof.recoveryCode
        codeId = await ownerCheck(user.id, 'recoveryCode', () => matchRecoveryCode(user.id, code), RECOVERY_CODE_WRONG)
      } else {
        const code = proof.code ?? ''
        step = await ownerCheck(user.id, 'code', async () => totpStep(factor!, code), CODE_WRONG)
      }
      const action = codeId !== null ? 'auth.step-up-with-recovery-code' : passkey !== null ? 'auth.step-up-with-passkey' : 'auth.step-up'
      const now = clock.now()
      await mutate(
        engine,
        clock,
        actor,
        action,
        async (conn) => {
          if (codeId !== null && !(await repo.useRecoveryCode(conn, codeId, now))) {
            throw new AppError(
              ErrorCode.VALIDATION,
              RECOVERY_CODE_WRONG,
              { recoveryCode: RECOVERY_CODE_WRONG },
              { reason: ErrorReason.SECOND_FACTOR_INVALID },
            )
          }
          if (step !== null) await takeStep(conn, factor!.id, step)
          if (passkey !== null && !(await passkeyRepo.usePasskey(conn, passkey.key.id, passkey.key.counter, passkey.newCounter, now))) {
            throw new AppError(
              ErrorCode.VALIDATION,
              PASSKEY_WRONG,
              { passkey: PASSKEY_WRONG },
              { reason: ErrorReason.SECOND_FACTOR_INVALID },
            )
          }
          await setFactorProven(conn, actor.sessionId, now)
          return { target: actor.sessionId, value: undefined }
        },
        { immediate: true },
      )
      if (codeId !== null) await mailRecoveryCodeUsed(user)
      return { stepUpUntil: new Date(now.getTime() + STEP_UP_WINDOW_MS) }
    },

    /**
     * Lost devices: an ADMIN or SUPER_ADMIN resets another user of the acting tenant — their
     * authenticator app (also one still being set up) and recovery codes go, and their sessions end, in
     * one transaction with its audit row in that tenant. Never one's own (that is `account.removeTotp`,
     * with the password). The user is mailed afterwards (no secret in it); signing in then asks for
     * the password alone, and they set up an app again on Your account.
     */
    async resetOf(actor: Actor, userId: string): Promise<{ sessionsEnded: number }> {
      requireRole(actor, USER_MANAGERS, "reset another user's second factor")
      if (userId === actor.userId) {
        throw new AppError(
          ErrorCode.FORBIDDEN,
          'You cannot reset your own second factor. Remove your authenticator app on Your account, or ask another administrator.',
          undefined,
          { reason: ErrorReason.SELF_CHANGE, ids: { userId } },
        )
      }
      const { user, sessionsEnded } = await mutate(
        engine,
        clock,
        actor,
        'users.reset-second-factor',
        async (conn) => {
          const user = await findUserInTenant(conn, actor.actingTenantId, userId)
          if (!user) throw notFound('That user')
          requireMayHandle(actor, user.role, "reset a SUPER_ADMIN's second factor")
          if (!(await repo.findTotp(conn, user.id)) && !(await passkeyRepo.countPasskeys(conn, user.id))) {
            throw new AppError(ErrorCode.CONFLICT, `${user.name} has no second factor set up: there is nothing to reset.`, undefined, {
              reason: ErrorReason.NO_SECOND_FACTOR,
              ids: { userId: user.id },
            })
          }
          const sessionsEnded = await countLiveSessions(conn, user.id, clock.now())
          await repo.deleteFactorsOfUser(conn, user.id)
          await passkeyRepo.deletePasskeysOfUser(conn, user.id)
          await repo.deleteRecoveryCodes(conn, user.id)
          // They must set one up again at their next sign-in, whatever their organisation requires.
          await repo.recordReset(conn, user.id, clock.now())
          await revokeSessionsOfUser(conn, user.id, clock.now())
          return {
            target: `${user.id} (${sessionsEnded} session${sessionsEnded === 1 ? '' : 's'} ended)`,
            value: { user, sessionsEnded },
          }
        },
        { immediate: true },
      )
      // Sent after the transaction: mail never waits inside one. Mail that cannot go out stays in the Outbox.
      const by = await engine.read((conn) => findUserById(conn, actor.userId))
      await mailUser(user, secondFactorResetMail({ name: user.name, byName: by?.name ?? 'unknown', at: clock.now() }))
      return { sessionsEnded }
    },

    /**
     * For a user whose password was just right: a half-way sign-in token if they have a confirmed
     * factor, else null. Only its hash is kept. Security bookkeeping, as the throttle's counters:
     * no audit row (the session it may lead to is recorded).
     */
    async openChallenge(user: UserRow): Promise<string | null> {
      const token = newToken()
      const opened = await engine.transaction(async (conn) => {
        if (!(await repo.hasConfirmedFactor(conn, user.id))) return false
        const now = clock.now()
        await repo.insertChallenge(conn, {
          id: randomUUID(),
          tokenHash: hashToken(token),
          userId: user.id,
          createdAt: now,
          expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS),
        })
        return true
      })
      return opened ? token : null
    },

    /**
     * Checks the second step of a sign-in. An unknown, used or expired token is SECOND_FACTOR_EXPIRED
     * (throttled per caller, as links are); a wrong code SECOND_FACTOR_INVALID, throttled per user
     * with the password's limiter, leaving the half-way sign-in usable for another try.
     */
    async passChallenge(pendingToken: string, proof: SecondFactorProof, client: string): Promise<PassedChallenge> {
      const { challenge, user } = await openPending(pendingToken, client)
      const key = secondFactorKey(user.id)
      await throttle.begin(key)
      const factor = await engine.read((conn) => repo.findTotp(conn, user.id))
      if (!(await engine.read((conn) => repo.hasConfirmedFactor(conn, user.id)))) throw pendingExpired()
      const step = proof.code !== undefined && factor?.confirmedAt ? totpStep(factor, proof.code) : null
      const codeId = proof.recoveryCode !== undefined ? await matchRecoveryCode(user.id, proof.recoveryCode) : null
      const checked = proof.passkey !== undefined ? await checkAssertion(user, challenge.id, 'sign-in', proof.passkey) : null
      const passkey = checked === 'gone' ? null : checked
      if (step === null && codeId === null && passkey === null) {
        await denied.record(asThemselves(user), 'auth.verify-second-factor', user.id)
        const message =
          checked === 'gone'
            ? PASSKEY_CHALLENGE_GONE
            : proof.passkey !== undefined
              ? PASSKEY_WRONG
              : proof.code !== undefined
                ? CODE_WRONG
                : RECOVERY_CODE_WRONG
        throw new AppError(ErrorCode.UNAUTHENTICATED, message, undefined, { reason: ErrorReason.SECOND_FACTOR_INVALID })
      }
      await throttle.succeeded(key)
      return {
        user,
        viaRecoveryCode: codeId !== null,
        viaPasskey: passkey !== null,
        async take(conn) {
          const now = clock.now()
          if (!(await repo.consumeChallenge(conn, challenge.id, now))) throw pendingExpired()
          const taken =
            codeId !== null
              ? await repo.useRecoveryCode(conn, codeId, now)
              : passkey !== null
                ? await passkeyRepo.usePasskey(conn, passkey.key.id, passkey.key.counter, passkey.newCounter, now)
                : await repo.useStep(conn, factor!.id, step!)
          if (!taken) {
            const message = codeId !== null ? RECOVERY_CODE_WRONG : passkey !== null ? PASSKEY_WRONG : CODE_WRONG
            throw new AppError(ErrorCode.UNAUTHENTICATED, message, undefined, { reason: ErrorReason.SECOND_FACTOR_INVALID })
          }
        },
      }
    },

    /**
     * Authentication options for finishing a sign-in with a passkey: the challenge belongs to this
     * half-way sign-in (one at a time). An unknown, used or expired token is SECOND_FACTOR_EXPIRED,
     * throttled per caller as links are.
     */
    async passkeyOptions(pendingToken: string, client: string): Promise<{ options: Record<string, unknown> }> {
      const { challenge, user } = await openPending(pendingToken, client)
      return assertionOptions(user, challenge.id, 'sign-in')
    },

    mailRecoveryCodeUsed,
  }
}

export type FactorsService = ReturnType<typeof createFactorsService>
