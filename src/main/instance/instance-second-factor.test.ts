import { Secret, TOTP } from 'otpauth'
import { afterEach, expect, it } from 'vitest'
import { backendOn, describeEngines, type EngineName } from '../../../tests/support/engines'
import { connectInstance } from '../../../tests/support/instance-client'
import { scriptApi } from '../../../tests/support/script-api'
import { OPERATOR, tempRendererDir } from '../../../tests/support/temp-backend'
import { IDEMPOTENCY_KEY_HEADER, INSTANCE_PATHS } from '../remote/protocol'
import { startInstanceServer, type InstanceServer } from './instance-server'

let server: InstanceServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

/** The parts of /api answers this test reads. */
interface Answer {
  code?: string
  data: { reason?: string; pendingToken?: string }
  user?: { email: string }
  secret: string
  qrSvg?: string
  recoveryCodes?: string[]
  recoveryCodesLeft?: number
}

/** An instance with its operator set up, and /api as a script calls it; its authenticator runs on the instance's (test) clock. */
async function operatorInstance(engine: EngineName) {
  const backend = await backendOn(engine)
  server = await startInstanceServer({ services: backend.services, rendererDir: tempRendererDir(), engine: backend.engine })
  await connectInstance(server.url).client.auth.setup(OPERATOR)
  const codeNow = (secret: string) => new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: backend.clock.now().getTime() })
  const credentials = { email: OPERATOR.admin.email, password: OPERATOR.admin.password }
  return { backend, url: server.url, call: scriptApi<Answer>(server.url), credentials, codeNow }
}

describeEngines('second factor over /api, as a script does it', (engine) => {
  it('enrols, then signs in with the password and a code (or a recovery code) as two operations', async () => {
    const { backend, call, credentials, codeNow } = await operatorInstance(engine)

    const first = await call('auth/signIn', credentials)
    expect([first.status, typeof first.token]).toEqual([200, 'string'])
    const started = await call('account/startTotp', undefined, first.token, { [IDEMPOTENCY_KEY_HEADER]: 'enrol-1' })
    expect(started.status).toBe(200)
    expect(started.json.qrSvg).toContain('<svg')
    const confirmed = await call('account/confirmTotp', { code: codeNow(started.json.secret) }, first.token, {
      [IDEMPOTENCY_KEY_HEADER]: 'enrol-2',
    })
    expect(confirmed.status).toBe(200)
    const recoveryCodes = confirmed.json.recoveryCodes!
    expect(recoveryCodes).toHaveLength(10)
    // Answers that hold secrets are not kept for idempotent replays (they would sit in the database in plain text).
    const kept = JSON.stringify(await backend.engine.read(({ db, t }) => db.select().from(t.idempotencyKeys)))
    expect(kept).not.toContain(started.json.secret)
    for (const code of recoveryCodes) expect(kept).not.toContain(code)
    expect((await call('account/secondFactor', undefined, first.token)).json).toMatchObject({ recoveryCodesLeft: 10 })
    backend.clock.advance(30_000)

    // The password alone now opens no session: 401 with the reason and a pending token, and no session token.
    const step1 = await call('auth/signIn', credentials)
    expect([step1.status, step1.json.code, step1.json.data.reason, step1.token]).toEqual([
      401,
      'UNAUTHENTICATED',
      'SECOND_FACTOR_REQUIRED',
      null,
    ])
    const pendingToken = step1.json.data.pendingToken!
    expect(pendingToken).toMatch(/^[A-Za-z0-9_-]{43}$/)

    const wrong = await call('auth/verifySecondFactor', { pendingToken, code: '000000' })
    expect([wrong.status, wrong.json.data.reason, wrong.token]).toEqual([401, 'SECOND_FACTOR_INVALID', null])
    const malformed = await call('auth/verifySecondFactor', { pendingToken, code: 'abc' })
    expect([malformed.status, malformed.json.code]).toEqual([422, 'VALIDATION'])
    const both = await call('auth/verifySecondFactor', { pendingToken, code: '123456', recoveryCode: recoveryCodes[0] })
    expect([both.status, both.json.code]).toEqual([422, 'VALIDATION'])

    const step2 = await call('auth/verifySecondFactor', { pendingToken, code: codeNow(started.json.secret) })
    expect([step2.status, step2.json.user?.email, typeof step2.token]).toEqual([200, OPERATOR.admin.email, 'string'])
    expect((await call('auth/me', undefined, step2.token)).json.user?.email).toBe(OPERATOR.admin.email)
    expect((await call('users/list', {}, step2.token)).status).toBe(200)

    // The pending token worked once; the code, once.
    const replayed = await call('auth/verifySecondFactor', { pendingToken, code: codeNow(started.json.secret) })
    expect([replayed.status, replayed.json.data.reason]).toEqual([401, 'SECOND_FACTOR_EXPIRED'])
    const again = (await call('auth/signIn', credentials)).json.data.pendingToken!
    const reused = await call('auth/verifySecondFactor', { pendingToken: again, code: codeNow(started.json.secret) })
    expect([reused.status, reused.json.data.reason]).toEqual([401, 'SECOND_FACTOR_INVALID'])

    // A recovery code in place of the code, once.
    const viaRecovery = await call('auth/verifySecondFactor', { pendingToken: again, recoveryCode: recoveryCodes[0] })
    expect([viaRecovery.status, typeof viaRecovery.token]).toEqual([200, 'string'])
    expect((await call('account/secondFactor', undefined, viaRecovery.token)).json).toMatchObject({ recoveryCodesLeft: 9 })
  })

  it('refuses an operation that can take over tenants after 5 minutes (403 STEP_UP_REQUIRED), then auth.stepUp, then the same call passes', async () => {
    const { backend, url, call, credentials, codeNow } = await operatorInstance(engine)
    const first = await call('auth/signIn', credentials)
    const tenantId = (first.json as unknown as { homeTenant: { id: string } }).homeTenant.id
    const { secret } = (await call('account/startTotp', undefined, first.token)).json
    expect((await call('account/confirmTotp', { code: codeNow(secret) }, first.token)).status).toBe(200)
    backend.clock.advance(30_000)
    const pendingToken = (await call('auth/signIn', credentials)).json.data.pendingToken!
    const { token } = await call('auth/verifySecondFactor', { pendingToken, code: codeNow(secret) })

    const update = { id: tenantId, name: OPERATOR.organisation.name, slug: OPERATOR.organisation.slug, isAdminTenant: true, isDemo: false }
    const key = { [IDEMPOTENCY_KEY_HEADER]: 'features-1' }
    expect((await call('organisations/update', { ...update, featuresEnabled: '["crm"]' }, token)).status).toBe(200)
    backend.clock.advance(5 * 60 * 1000)
    const refused = await call('organisations/update', { ...update, featuresEnabled: '["helpdesk"]' }, token, key)
    expect([refused.status, refused.json.code, refused.json.data.reason]).toEqual([403, 'FORBIDDEN', 'STEP_UP_REQUIRED'])
    const wrong = await call('auth/stepUp', { code: codeNow(secret) === '000000' ? '111111' : '000000' }, token)
    expect([wrong.status, wrong.json.data.reason]).toEqual([422, 'SECOND_FACTOR_INVALID'])
    const stepped = await call('auth/stepUp', { code: codeNow(secret) }, token)
    expect(stepped.status).toBe(200)
    // The refusal was not kept as the idempotent answer: the same call with the same key now runs.
    const retried = await call('organisations/update', { ...update, featuresEnabled: '["helpdesk"]' }, token, key)
    expect(retried.status).toBe(200)
    expect((retried.json as unknown as { organisation: { featuresEnabled: string[] } }).organisation.featuresEnabled).toEqual(['helpdesk'])

    // The OpenAPI document says so for the operation, with the typed error.
    const doc = (await (await fetch(`${url}${INSTANCE_PATHS.openApi}`)).json()) as {
      paths: Record<string, { post: { description: string; responses: Record<string, unknown> } }>
    }
    const described = Object.entries(doc.paths).find(([path]) => path.endsWith('/organisations/update'))![1].post
    expect(described.description).toContain('STEP_UP_REQUIRED')
    expect(described.responses['403']).toBeTruthy()
    expect(JSON.stringify(doc)).toContain('stepUpRequired')
  })
})
