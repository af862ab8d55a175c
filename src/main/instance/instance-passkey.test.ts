import { afterEach, expect, it } from 'vitest'
import { backendOn, describeEngines } from '../../../tests/support/engines'
import { connectInstance } from '../../../tests/support/instance-client'
import { scriptApi } from '../../../tests/support/script-api'
import { SoftAuthenticator } from '../../../tests/support/soft-authenticator'
import { OPERATOR, tempRendererDir } from '../../../tests/support/temp-backend'
import { startInstanceServer, type InstanceServer } from './instance-server'

let server: InstanceServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

/** The parts of /api answers this test reads. */
interface Answer {
  code?: string
  message?: string
  data: { reason?: string; pendingToken?: string; fields?: Record<string, string> }
  user?: { email: string }
  options: Record<string, unknown> & { challenge: string; rp?: { id: string }; rpId?: string }
  passkey: { id: string; name: string; lastUsedAt: string | null }
  recoveryCodes?: string[]
  passkeys?: number
  recoveryCodesLeft?: number
  stepUpUntil?: string
}

describeEngines('passkeys over /api, as a script does it', (engine) => {
  it('adds a passkey, signs in with the password and the passkey, steps up with it, renames and removes it', async () => {
    const backend = await backendOn(engine)
    server = await startInstanceServer({ services: backend.services, rendererDir: tempRendererDir(), engine: backend.engine })
    await connectInstance(server.url).client.auth.setup(OPERATOR)
    const call = scriptApi<Answer>(server.url)
    const credentials = { email: OPERATOR.admin.email, password: OPERATOR.admin.password }
    // The instance listens on loopback: its relying party is localhost, at its port.
    const origin = `http://localhost:${new URL(server.url).port}`
    const key = new SoftAuthenticator(origin, 'localhost')

    const first = await call('auth/signIn', credentials)
    const session = first.token!
    const started = await call('account/startPasskey', undefined, session)
    expect([started.status, started.json.options.rp?.id]).toEqual([200, 'localhost'])
    // Garbage in place of the authenticator's answer: 422 on the input, never a fault.
    const garbage = await call('account/finishPasskey', { name: 'Laptop', response: { id: 'x', rawId: 'x', type: 'public-key' } }, session)
    expect([garbage.status, garbage.json.code]).toEqual([422, 'VALIDATION'])
    const registration = key.register(started.json.options)
    const added = await call('account/finishPasskey', { name: 'Work laptop', response: registration }, session)
    expect([added.status, added.json.passkey.name, added.json.recoveryCodes]).toEqual([200, 'Work laptop', expect.any(Array)])
    expect(added.json.recoveryCodes).toHaveLength(10)
    // Used up: the same answer again finds no challenge.
    const replayedRegistration = await call('account/finishPasskey', { name: 'Again', response: registration }, session)
    expect([replayedRegistration.status, replayedRegistration.json.data.reason]).toEqual([422, 'SECOND_FACTOR_EXPIRED'])
    expect((await call('account/secondFactor', undefined, session)).json).toMatchObject({ passkeys: 1, recoveryCodesLeft: 10 })
    expect((await call('account/passkeys', undefined, session)).json).toEqual([
      expect.objectContaining({ id: added.json.passkey.id, name: 'Work laptop', lastUsedAt: null }),
    ])

    // The password alone opens no session now; the passkey finishes it.
    const step1 = await call('auth/signIn', credentials)
    expect([step1.status, step1.json.data.reason, step1.token]).toEqual([401, 'SECOND_FACTOR_REQUIRED', null])
    const pendingToken = step1.json.data.pendingToken!
    const options = await call('auth/passkeyOptions', { pendingToken })
    expect([options.status, options.json.options.rpId, options.json.options.userVerification]).toEqual([200, 'localhost', 'preferred'])
    // An answer for another origin (a phishing page): refused, and the pending sign-in stays usable.
    const phished = await call('auth/verifySecondFactor', {
      pendingToken,
      passkey: key.assert(options.json.options, { origin: 'https://evil.example.test' }),
    })
    expect([phished.status, phished.json.data.reason, phished.token]).toEqual([401, 'SECOND_FACTOR_INVALID', null])
    const fresh = await call('auth/passkeyOptions', { pendingToken })
    const assertion = key.assert(fresh.json.options)
    const step2 = await call('auth/verifySecondFactor', { pendingToken, passkey: assertion })
    expect([step2.status, step2.json.user?.email, typeof step2.token]).toEqual([200, OPERATOR.admin.email, 'string'])
    const signedIn = step2.token!
    // Replayed: the pending sign-in worked once.
    const replayed = await call('auth/verifySecondFactor', { pendingToken, passkey: assertion })
    expect([replayed.status, replayed.json.data.reason]).toEqual([401, 'SECOND_FACTOR_EXPIRED'])
    expect((await call('auth/passkeyOptions', { pendingToken })).json.data.reason).toBe('SECOND_FACTOR_EXPIRED')

    // Step-up with the passkey; another session's challenge is not this one's.
    const stepOptions = await call('auth/stepUpPasskeyOptions', undefined, signedIn)
    expect(stepOptions.status).toBe(200)
    const stepAnswer = key.assert(stepOptions.json.options)
    const elsewhere = await call('auth/stepUp', { passkey: stepAnswer }, session)
    expect([elsewhere.status, elsewhere.json.data.reason]).toEqual([422, 'SECOND_FACTOR_EXPIRED'])
    const stepped = await call('auth/stepUp', { passkey: stepAnswer }, signedIn)
    expect([stepped.status, typeof stepped.json.stepUpUntil]).toEqual([200, 'string'])
    const malformed = await call(
      'auth/stepUp',
      { passkey: { ...stepAnswer, response: { ...stepAnswer.response, signature: '%%%' } } },
      signedIn,
    )
    expect([malformed.status, malformed.json.code]).toEqual([422, 'VALIDATION'])

    // Rename; remove after the password — the last factor takes the recovery codes with it.
    const renamed = await call('account/renamePasskey', { id: added.json.passkey.id, name: 'Old laptop' }, signedIn)
    expect([renamed.status, (renamed.json as unknown as { name: string }).name]).toEqual([200, 'Old laptop'])
    const wrongPassword = await call('account/removePasskey', { id: added.json.passkey.id, proof: { password: 'not it' } }, signedIn)
    expect([wrongPassword.status, wrongPassword.json.data.reason]).toEqual([422, 'SECOND_FACTOR_INVALID'])
    const removed = await call(
      'account/removePasskey',
      { id: added.json.passkey.id, proof: { password: OPERATOR.admin.password } },
      signedIn,
    )
    expect(removed.status).toBe(200)
    expect((await call('account/secondFactor', undefined, signedIn)).json).toMatchObject({ passkeys: 0, recoveryCodesLeft: 0 })
    expect((await call('auth/signIn', credentials)).status).toBe(200)

    // The audit trail has each step.
    const actions = (await backend.engine.read(({ db, t }) => db.select().from(t.auditLog).orderBy(t.auditLog.id))).map((r) => r.action)
    expect(actions).toEqual(
      expect.arrayContaining([
        'account.add-passkey',
        'auth.sign-in-with-passkey',
        'auth.step-up-with-passkey',
        'account.rename-passkey',
        'account.remove-passkey',
      ]),
    )
  })
})
