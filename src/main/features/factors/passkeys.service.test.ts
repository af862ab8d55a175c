import { describe, expect, it } from 'vitest'
import { failure } from '../../../../tests/support/failure'
import { backendOn, describeEngines, type EngineName } from '../../../../tests/support/engines'
import { PASSWORD, seedOperator, seedUser } from '../../../../tests/support/seed'
import { SoftAuthenticator } from '../../../../tests/support/soft-authenticator'
import { useMailCapture } from '../../../../tests/support/mail-capture'
import { ErrorCode, ErrorReason } from '../../../shared/errors'
import type { Backend } from '../../backend'
import { totpCodeAt } from './totp'
import { WEBAUTHN_CHALLENGE_TTL_MS } from './factors.service'
import { PASSKEYS_UNAVAILABLE_ADDRESS, PASSKEYS_UNAVAILABLE_DESKTOP, relyingPartyOf } from './relying-party'

useMailCapture()

const ORIGIN = 'https://console.example.test'
const RP_ID = 'console.example.test'

const auditActions = async (b: Backend) =>
  (await b.engine.read(({ db, t }) => db.select().from(t.auditLog).orderBy(t.auditLog.id))).map((r) => [r.action, r.result])
const passkeyRows = (b: Backend) => b.engine.read(({ db, t }) => db.select().from(t.passkeys).orderBy(t.passkeys.createdAt))
const refusal = async (run: () => unknown) => {
  const error = await failure(run)
  return [error.code, error.reason]
}

/** An instance at ORIGIN with an agent; `authenticator()` makes a software passkey for it. */
async function setUp(engine: EngineName) {
  const backend = await backendOn(engine)
  const { services, clock } = backend
  clock.set(new Date('2026-03-02T09:00:00.000Z'))
  services.links.setHostBase(ORIGIN)
  const op = await seedOperator(backend)
  const agent = await seedUser(backend, op.tenantId, 'AGENT', 'Al Agent')
  const authenticator = () => new SoftAuthenticator(ORIGIN, RP_ID)
  /** Registers a new software passkey for the agent's session under this name. */
  const register = async (name: string, actor = agent.actor) => {
    const key = authenticator()
    const { options } = await services.factors.startPasskey(actor)
    const result = await services.factors.finishPasskey(actor, name, key.register(options))
    return { key, ...result }
  }
  /** Another session of the agent (signed in while they had no factor yet). */
  const otherSession = async () => (await services.auth.resolve((await services.auth.signIn(agent.email, PASSWORD)).token))!
  /** The password step: SECOND_FACTOR_REQUIRED with its pending token. */
  const pending = async () => {
    const error = await failure(() => services.auth.signIn(agent.email, PASSWORD))
    expect([error.code, error.reason]).toEqual([ErrorCode.UNAUTHENTICATED, ErrorReason.SECOND_FACTOR_REQUIRED])
    return error.pendingToken!
  }
  return { backend, services, clock, op, agent, authenticator, register, otherSession, pending }
}

describe('the relying party', () => {
  it('follows the console’s own address: https names, loopback as localhost; never an IP, plain http or the desktop scheme', () => {
    expect(relyingPartyOf('https://console.example.test')).toEqual({ rpID: 'console.example.test', origin: 'https://console.example.test' })
    expect(relyingPartyOf('https://console.example.test:8443/')).toEqual({
      rpID: 'console.example.test',
      origin: 'https://console.example.test:8443',
    })
    expect(relyingPartyOf('http://127.0.0.1:5173')).toEqual({ rpID: 'localhost', origin: 'http://localhost:5173' })
    expect(relyingPartyOf('http://[::1]:5173')).toEqual({ rpID: 'localhost', origin: 'http://localhost:5173' })
    expect(relyingPartyOf('http://localhost:5173')).toEqual({ rpID: 'localhost', origin: 'http://localhost:5173' })
    expect(relyingPartyOf('https://10.0.0.5')).toEqual({ unavailable: PASSKEYS_UNAVAILABLE_ADDRESS })
    expect(relyingPartyOf('http://console.example.test')).toEqual({ unavailable: PASSKEYS_UNAVAILABLE_ADDRESS })
    expect(relyingPartyOf('switchboard://app')).toEqual({ unavailable: PASSKEYS_UNAVAILABLE_DESKTOP })
    expect(relyingPartyOf('app://switchboard')).toEqual({ unavailable: PASSKEYS_UNAVAILABLE_DESKTOP })
  })
})

describeEngines('second factors: passkeys', (engine) => {
  it('registers several, named; the first brings recovery codes; each is renamed, listed and counts as a second factor', async () => {
    const { backend, services, clock, agent, op, register } = await setUp(engine)
    const first = await register('Work laptop')
    expect(first.recoveryCodes).toHaveLength(10)
    expect(first.passkey).toEqual({ id: expect.any(String), name: 'Work laptop', createdAt: clock.now(), lastUsedAt: null })
    clock.advance(60_000)
    const second = await register('YubiKey')
    expect(second.recoveryCodes).toBeUndefined()
    expect((await services.factors.passkeys(agent.actor)).map((p) => p.name)).toEqual(['Work laptop', 'YubiKey'])
    expect(await services.factors.status(agent.actor)).toEqual({ totp: null, passkeys: 2, recoveryCodesLeft: 10 })
    // Stored: the credential id, its COSE key and counter, the transports.
    const rows = await passkeyRows(backend)
    expect(rows[0]).toMatchObject({ credentialId: first.key.id, counter: 0, transports: 'internal', userId: agent.id })

    expect(await services.factors.renamePasskey(agent.actor, second.passkey.id, 'Blue YubiKey')).toMatchObject({ name: 'Blue YubiKey' })
    expect(await refusal(() => services.factors.renamePasskey(op.actor, second.passkey.id, 'Mine now'))).toEqual([
      ErrorCode.NOT_FOUND,
      undefined,
    ])
    // The administrator's view of the user: they have a second factor.
    expect(await services.users.get(op.actor, agent.id)).toMatchObject({ secondFactor: true })
    // An app set up afterwards brings no new codes: the ones from the first factor stay.
    const { secret } = await services.factors.startTotp(agent.actor)
    expect(await services.factors.confirmTotp(agent.actor, totpCodeAt(secret, clock.now()))).toEqual({ recoveryCodes: [] })
    expect(await services.factors.status(agent.actor)).toMatchObject({ recoveryCodesLeft: 10 })
    expect((await auditActions(backend)).slice(-5)).toEqual([
      ['account.add-passkey', 'ok'],
      ['account.add-passkey', 'ok'],
      ['account.rename-passkey', 'ok'],
      ['account.start-totp', 'ok'],
      ['account.confirm-totp', 'ok'],
    ])
  })

  it('finishes a sign-in after the password, takes the counter and refuses a replayed or stale answer', async () => {
    const { backend, services, clock, agent, register, pending } = await setUp(engine)
    const { key, passkey } = await register('Work laptop')
    clock.advance(60_000)
    const token = await pending()
    const { options } = await services.factors.passkeyOptions(token, 'test')
    expect(options).toMatchObject({ rpId: RP_ID, userVerification: 'preferred', allowCredentials: [{ id: key.id, type: 'public-key' }] })
    const assertion = key.assert(options)
    const signedIn = await services.auth.verifySecondFactor(token, { passkey: assertion }, 'test')
    expect(signedIn.me.user.id).toBe(agent.id)
    expect((await auditActions(backend)).at(-1)).toEqual(['auth.sign-in-with-passkey', 'ok'])
    expect(await services.factors.passkeys(agent.actor)).toEqual([{ ...passkey, lastUsedAt: clock.now() }])
    expect((await passkeyRows(backend))[0]!.counter).toBe(1)

    // The same answer again, on a new half-way sign-in: another challenge, refused; the token stays usable.
    const again = await pending()
    await services.factors.passkeyOptions(again, 'test')
    expect(await refusal(() => services.auth.verifySecondFactor(again, { passkey: assertion }, 'test'))).toEqual([
      ErrorCode.UNAUTHENTICATED,
      ErrorReason.SECOND_FACTOR_INVALID,
    ])
    // The challenge went with that try: the same answer a third time finds none.
    expect(await refusal(() => services.auth.verifySecondFactor(again, { passkey: assertion }, 'test'))).toEqual([
      ErrorCode.UNAUTHENTICATED,
      ErrorReason.SECOND_FACTOR_INVALID,
    ])
    // A counter not above the one stored (a cloned authenticator): refused, nothing taken.
    const stale = await services.factors.passkeyOptions(again, 'test')
    expect(
      await refusal(() => services.auth.verifySecondFactor(again, { passkey: key.assert(stale.options, { counter: 1 }) }, 'test')),
    ).toEqual([ErrorCode.UNAUTHENTICATED, ErrorReason.SECOND_FACTOR_INVALID])
    expect((await passkeyRows(backend))[0]!.counter).toBe(1)
    // The right answer to a fresh challenge still works with the same pending token.
    const fresh = await services.factors.passkeyOptions(again, 'test')
    await expect(services.auth.verifySecondFactor(again, { passkey: key.assert(fresh.options) }, 'test')).resolves.toBeTruthy()
    expect((await passkeyRows(backend))[0]!.counter).toBe(2)
    // A used pending token: expired, sign in again.
    expect(await refusal(() => services.factors.passkeyOptions(again, 'test'))).toEqual([
      ErrorCode.UNAUTHENTICATED,
      ErrorReason.SECOND_FACTOR_EXPIRED,
    ])
  })

  it('refuses a wrong challenge, origin or relying party, another user’s passkey and a malformed answer: 4xx, nothing changed', async () => {
    const { backend, services, agent, op, authenticator, register, pending } = await setUp(engine)
    const { key } = await register('Work laptop')
    const rowsBefore = await passkeyRows(backend)
    const token = await pending()
    const tries = {
      'wrong challenge': (options: Record<string, unknown>) => key.assert(options, { challenge: 'bm90LXRoZS1jaGFsbGVuZ2U' }),
      'wrong origin': (options: Record<string, unknown>) => key.assert(options, { origin: 'https://evil.example.test' }),
      'wrong relying party': (options: Record<string, unknown>) => key.assert(options, { rpID: 'evil.example.test' }),
      'a registration answer': (options: Record<string, unknown>) => key.assert(options, { type: 'webauthn.create' }),
      'an unknown credential': (options: Record<string, unknown>) => authenticator().assert(options),
      'a broken signature': (options: Record<string, unknown>) => {
        const a = key.assert(options)
        return { ...a, response: { ...a.response, signature: 'AAAA' } }
      },
      'garbage data': (options: Record<string, unknown>) => {
        const a = key.assert(options)
        return { ...a, response: { ...a.response, authenticatorData: 'AAAA', clientDataJSON: 'e30' } }
      },
    }
    for (const [what, answer] of Object.entries(tries)) {
      // Each try on its own: failures count towards the throttle (tested with codes), not what this is about.
      await backend.engine.transaction(({ db, t }) => db.delete(t.attemptThrottle))
      const { options } = await services.factors.passkeyOptions(token, 'test')
      expect(await refusal(() => services.auth.verifySecondFactor(token, { passkey: answer(options) }, 'test')), what).toEqual([
        ErrorCode.UNAUTHENTICATED,
        ErrorReason.SECOND_FACTOR_INVALID,
      ])
    }
    expect(await passkeyRows(backend)).toEqual(rowsBefore)

    // Registration: a wrong origin, relying party or challenge, or garbage, adds nothing.
    const registrations = {
      'wrong origin': { origin: 'https://evil.example.test' },
      'wrong relying party': { rpID: 'evil.example.test' },
      'wrong challenge': { challenge: 'bm90LXRoZS1jaGFsbGVuZ2U' },
      'an assertion type': { type: 'webauthn.get' },
    }
    for (const [what, tamper] of Object.entries(registrations)) {
      await backend.engine.transaction(({ db, t }) => db.delete(t.attemptThrottle))
      const { options } = await services.factors.startPasskey(agent.actor)
      const error = await failure(() => services.factors.finishPasskey(agent.actor, 'Evil', authenticator().register(options, tamper)))
      expect([error.code, error.reason, Object.keys(error.fields ?? {})], what).toEqual([
        ErrorCode.VALIDATION,
        ErrorReason.SECOND_FACTOR_INVALID,
        ['passkey'],
      ])
    }
    const { options } = await services.factors.startPasskey(agent.actor)
    const good = authenticator().register(options)
    expect(
      await refusal(() =>
        services.factors.finishPasskey(agent.actor, 'Evil', {
          ...good,
          response: { ...good.response, attestationObject: 'oWNmbXRkbm9uZQ' },
        }),
      ),
    ).toEqual([ErrorCode.VALIDATION, ErrorReason.SECOND_FACTOR_INVALID])
    expect(await passkeyRows(backend)).toEqual(rowsBefore)

    // Another user's passkey does not finish this user's sign-in (the operator registers one of their own).
    const opKey = new SoftAuthenticator(ORIGIN, RP_ID)
    const opOptions = await services.factors.startPasskey(op.actor)
    await services.factors.finishPasskey(op.actor, 'Operator key', opKey.register(opOptions.options))
    const again = await services.factors.passkeyOptions(token, 'test')
    expect(await refusal(() => services.auth.verifySecondFactor(token, { passkey: opKey.assert(again.options) }, 'test'))).toEqual([
      ErrorCode.UNAUTHENTICATED,
      ErrorReason.SECOND_FACTOR_INVALID,
    ])
  })

  it('keeps a challenge to its own session, once, for 5 minutes', async () => {
    const { backend, services, clock, agent, authenticator, otherSession } = await setUp(engine)
    const other = await otherSession()
    const key = authenticator()
    const { options } = await services.factors.startPasskey(agent.actor)
    const answer = key.register(options)
    // The other session has no challenge: its try finds none, and leaves this session's alone.
    const none = await failure(() => services.factors.finishPasskey(other, 'Stolen', answer))
    expect([none.code, none.reason, Object.keys(none.fields ?? {})]).toEqual([
      ErrorCode.VALIDATION,
      ErrorReason.SECOND_FACTOR_EXPIRED,
      ['passkey'],
    ])
    // With a challenge of its own, the answer to this session's is wrong there.
    await services.factors.startPasskey(other)
    expect(await refusal(() => services.factors.finishPasskey(other, 'Stolen', answer))).toEqual([
      ErrorCode.VALIDATION,
      ErrorReason.SECOND_FACTOR_INVALID,
    ])
    expect(await passkeyRows(backend)).toEqual([])
    // This session's challenge is still there: it works, once.
    await services.factors.finishPasskey(agent.actor, 'Work laptop', answer)
    expect(await refusal(() => services.factors.finishPasskey(agent.actor, 'Again', answer))).toEqual([
      ErrorCode.VALIDATION,
      ErrorReason.SECOND_FACTOR_EXPIRED,
    ])
    expect(await passkeyRows(backend)).toHaveLength(1)
    // After 5 minutes a challenge is gone.
    const late = await services.factors.startPasskey(agent.actor)
    clock.advance(WEBAUTHN_CHALLENGE_TTL_MS)
    expect(await refusal(() => services.factors.finishPasskey(agent.actor, 'Late', authenticator().register(late.options)))).toEqual([
      ErrorCode.VALIDATION,
      ErrorReason.SECOND_FACTOR_EXPIRED,
    ])
    expect(await passkeyRows(backend)).toHaveLength(1)
  })

  it('steps up with a passkey; the password no longer does', async () => {
    const { backend, services, clock, agent, register, otherSession } = await setUp(engine)
    const other = await otherSession()
    const { key } = await register('Work laptop')
    clock.advance(10 * 60_000)
    expect(await refusal(() => services.factors.stepUp(agent.actor, { password: PASSWORD }))).toEqual([
      ErrorCode.VALIDATION,
      ErrorReason.SECOND_FACTOR_INVALID,
    ])
    expect(await refusal(() => services.factors.stepUp(agent.actor, { code: '123456' }))).toEqual([
      ErrorCode.VALIDATION,
      ErrorReason.SECOND_FACTOR_INVALID,
    ])
    const { options } = await services.factors.stepUpPasskeyOptions(agent.actor)
    const answer = key.assert(options)
    // Not in another session: its challenge is its own.
    expect(await refusal(() => services.factors.stepUp(other, { passkey: answer }))).toEqual([
      ErrorCode.VALIDATION,
      ErrorReason.SECOND_FACTOR_EXPIRED,
    ])
    expect(await services.factors.stepUp(agent.actor, { passkey: answer })).toEqual({
      stepUpUntil: new Date(clock.now().getTime() + 5 * 60_000),
    })
    expect((await auditActions(backend)).at(-1)).toEqual(['auth.step-up-with-passkey', 'ok'])
    expect(await services.auth.stepUpFresh(agent.actor)).toBe(true)
    // Replayed: no challenge left.
    expect(await refusal(() => services.factors.stepUp(agent.actor, { passkey: answer }))).toEqual([
      ErrorCode.VALIDATION,
      ErrorReason.SECOND_FACTOR_EXPIRED,
    ])
    // A wrong origin: refused on the field.
    const next = await services.factors.stepUpPasskeyOptions(agent.actor)
    expect(
      await refusal(() =>
        services.factors.stepUp(agent.actor, { passkey: key.assert(next.options, { origin: 'https://evil.example.test' }) }),
      ),
    ).toEqual([ErrorCode.VALIDATION, ErrorReason.SECOND_FACTOR_INVALID])
  })

  it('removes one after the password; the last one takes the recovery codes, and the password alone signs in again', async () => {
    const { backend, services, agent, register } = await setUp(engine)
    const one = await register('Work laptop')
    const two = await register('YubiKey')
    expect(await refusal(() => services.factors.removePasskey(agent.actor, one.passkey.id, { password: 'not it' }))).toEqual([
      ErrorCode.VALIDATION,
      ErrorReason.SECOND_FACTOR_INVALID,
    ])
    expect(await passkeyRows(backend)).toHaveLength(2)
    await services.factors.removePasskey(agent.actor, one.passkey.id, { password: PASSWORD })
    expect(await services.factors.status(agent.actor)).toEqual({ totp: null, passkeys: 1, recoveryCodesLeft: 10 })
    await services.factors.removePasskey(agent.actor, two.passkey.id, { password: PASSWORD })
    expect(await services.factors.status(agent.actor)).toEqual({ totp: null, passkeys: 0, recoveryCodesLeft: 0 })
    expect(await refusal(() => services.factors.removePasskey(agent.actor, two.passkey.id, { password: PASSWORD }))).toEqual([
      ErrorCode.NOT_FOUND,
      undefined,
    ])
    expect((await auditActions(backend)).slice(-2)).toEqual([
      ['account.remove-passkey', 'ok'],
      ['account.remove-passkey', 'ok'],
    ])
    await expect(services.auth.signIn(agent.email, PASSWORD)).resolves.toBeTruthy()
  })

  it('counts for an organisation that requires a second factor, and goes with an administrator’s reset', async () => {
    const { backend, services, op, agent, register } = await setUp(engine)
    await services.organisations.setSecondFactorRequired(op.actor, { id: op.tenantId, required: true })
    expect(await services.factors.enrolmentReason(agent.actor)).toBe('organisation')
    await register('Work laptop')
    expect(await services.factors.enrolmentReason(agent.actor)).toBe(null)
    expect(await services.factors.resetOf(op.actor, agent.id)).toEqual({ sessionsEnded: 1 })
    expect(await passkeyRows(backend)).toEqual([])
    expect((await auditActions(backend)).at(-1)).toEqual(['users.reset-second-factor', 'ok'])
  })

  it('says plainly where passkeys cannot work: the desktop app on its own store', async () => {
    const backend = await backendOn(engine)
    const op = await seedOperator(backend)
    const error = await failure(() => backend.services.factors.startPasskey(op.actor))
    expect([error.code, error.reason, error.message]).toEqual([
      ErrorCode.UNAVAILABLE,
      ErrorReason.PASSKEYS_UNAVAILABLE,
      PASSKEYS_UNAVAILABLE_DESKTOP,
    ])
  })
})
