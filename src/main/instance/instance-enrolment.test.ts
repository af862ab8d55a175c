import { Secret, TOTP } from 'otpauth'
import { afterEach, expect, it } from 'vitest'
import { failure } from '../../../tests/support/failure'
import { backendOn, describeEngines } from '../../../tests/support/engines'
import { PASSWORD, seedOperator, seedTenant, seedUser } from '../../../tests/support/seed'
import { scriptApi } from '../../../tests/support/script-api'
import { tempRendererDir } from '../../../tests/support/temp-backend'
import { ErrorCode } from '../../shared/errors'
import { saveSuperAdminSecondFactor } from '../features/settings/settings.repository'
import { IDEMPOTENCY_KEY_HEADER } from '../remote/protocol'
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
  data?: { reason?: string; pendingToken?: string }
  enrolmentOnly?: boolean
  secondFactorRequired?: boolean
  secret?: string
}

/** /api as a script calls it, each call with an idempotency key of its own. */
function api(base: string) {
  const call = scriptApi<Answer>(base)
  let key = 0
  return (operation: string, body: unknown, token?: string | null) =>
    call(operation, body, token, { [IDEMPOTENCY_KEY_HEADER]: `enrolment-${++key}` })
}

describeEngines('an organisation that requires a second factor', (engine) => {
  it('is set by its own ADMIN or any SUPER_ADMIN, audited; nobody else', async () => {
    const backend = await backendOn(engine)
    const { services } = backend
    const op = await seedOperator(backend)
    const tenantB = await seedTenant(backend, 'Contoso', 'contoso')
    const adminB = await seedUser(backend, tenantB, 'ADMIN', 'Bea Admin', 'bea@contoso.test')
    const agentB = await seedUser(backend, tenantB, 'AGENT', 'Bo Agent', 'bo@contoso.test')
    const audit = async () => (await backend.engine.read(({ db, t }) => db.select().from(t.auditLog).orderBy(t.auditLog.id))).at(-1)!

    expect((await failure(() => services.organisations.setSecondFactorRequired(agentB.actor, { id: tenantB, required: true }))).code).toBe(
      ErrorCode.FORBIDDEN,
    )
    // Another organisation's id, to its ADMIN, does not exist.
    expect(
      (await failure(() => services.organisations.setSecondFactorRequired(adminB.actor, { id: op.tenantId, required: true }))).code,
    ).toBe(ErrorCode.NOT_FOUND)
    expect(await services.organisations.setSecondFactorRequired(adminB.actor, { id: tenantB, required: true })).toEqual({
      id: tenantB,
      requireSecondFactor: true,
    })
    expect(await audit()).toMatchObject({
      action: 'organisations.set-second-factor-required',
      result: 'ok',
      actorUserId: adminB.id,
      actingTenantId: tenantB,
      target: `${tenantB} (required)`,
    })
    const rows = (await audit()).id
    await services.organisations.setSecondFactorRequired(adminB.actor, { id: tenantB, required: true })
    expect((await audit()).id).toBe(rows) // nothing changed, nothing written
    // A SUPER_ADMIN, from the Admin Tenant, for any organisation.
    await services.organisations.setSecondFactorRequired(op.actor, { id: tenantB, required: false })
    expect(await audit()).toMatchObject({
      action: 'organisations.set-second-factor-required',
      actorUserId: op.userId,
      target: `${tenantB} (not required)`,
    })
    expect((await services.organisations.get(op.actor, tenantB)).requireSecondFactor).toBe(false)
  })

  it('gives a user without a factor a session limited to enrolment over /api, full once an app is confirmed', async () => {
    const backend = await backendOn(engine)
    const { services } = backend
    const op = await seedOperator(backend)
    const tenantB = await seedTenant(backend, 'Contoso', 'contoso')
    await seedUser(backend, tenantB, 'ADMIN', 'Bea Admin', 'bea@contoso.test')
    await services.organisations.setSecondFactorRequired(op.actor, { id: tenantB, required: true })
    server = await startInstanceServer({ services, rendererDir: tempRendererDir(), engine: backend.engine })
    const call = api(server.url)

    // The password is right: a session, limited to enrolment.
    const signedIn = await call('auth/signIn', { email: 'bea@contoso.test', password: PASSWORD })
    expect(signedIn.status).toBe(200)
    const token = signedIn.token
    const me = await call('auth/me', undefined, token)
    expect([me.status, me.json.secondFactorRequired, me.json.enrolmentOnly]).toEqual([200, true, true])
    // Every other operation: 403 with the reason, whatever it is (reads and changes alike).
    const sample: [string, unknown][] = [
      ['users/list', {}],
      ['helpdesk/tickets', {}],
      ['overview/get', undefined],
      ['search/palette', { term: 'bea' }],
      ['invitations/create', { email: 'new@contoso.test', role: 'AGENT' }],
      ['teams/create', { name: 'Desk', description: '' }],
    ]
    for (const [operation, body] of sample) {
      const refused = await call(operation, body, token)
      expect([operation, refused.status, refused.json.code, refused.json.data?.reason]).toEqual([
        operation,
        403,
        'FORBIDDEN',
        'SECOND_FACTOR_ENROLMENT_REQUIRED',
      ])
      expect(refused.json.message).toContain('requires a second factor')
    }
    expect(await services.invitations.list((await services.auth.resolve(token!))!)).toEqual([])
    // Enrolment works: start, confirm with a first code.
    expect((await call('account/secondFactor', undefined, token)).status).toBe(200)
    const started = await call('account/startTotp', undefined, token)
    expect(started.status).toBe(200)
    const code = new TOTP({ secret: Secret.fromBase32(started.json.secret!) }).generate({ timestamp: backend.clock.now().getTime() })
    expect((await call('account/confirmTotp', { code }, token)).status).toBe(200)
    // The same session is a full one now.
    expect((await call('auth/me', undefined, token)).json.enrolmentOnly).toBe(false)
    expect((await call('users/list', {}, token)).status).toBe(200)
    expect((await call('teams/create', { name: 'Desk', description: '' }, token)).status).toBe(200)
    // Signing out is always allowed.
    expect((await call('auth/signOut', undefined, token)).status).toBe(200)
  })

  it('applies to everyone of the organisation without a factor, SUPER_ADMINs included; the sign-in answer says so', async () => {
    const backend = await backendOn(engine)
    const { services } = backend
    const op = await seedOperator(backend)
    const agent = await seedUser(backend, op.tenantId, 'AGENT', 'Al Agent')
    await services.organisations.setSecondFactorRequired(op.actor, { id: op.tenantId, required: true })
    const signedIn = await services.auth.signIn(agent.email, PASSWORD)
    expect([signedIn.me.secondFactorRequired, signedIn.me.enrolmentOnly]).toEqual([true, true])
    expect(await services.factors.enrolmentReason(op.actor)).toBe('organisation')
    // Not required: nobody is limited.
    await services.organisations.setSecondFactorRequired(op.actor, { id: op.tenantId, required: false })
    expect((await services.auth.signIn(agent.email, PASSWORD)).me.enrolmentOnly).toBe(false)
  })
})

describeEngines('every SUPER_ADMIN needs a second factor (the instance rule)', (engine) => {
  const codeAt = (secret: string, at: Date) => new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: at.getTime() })

  it('is on for an instance set up over /api without a word about it: its first SUPER_ADMIN can only enrol, then signs in with a code', async () => {
    const backend = await backendOn(engine)
    server = await startInstanceServer({ services: backend.services, rendererDir: tempRendererDir(), engine: backend.engine })
    const call = api(server.url)
    const setup = await call('auth/setup', {
      organisation: { name: 'Northwind MSP', slug: 'northwind' },
      admin: { name: 'Ada Operator', email: 'ada@northwind.test', password: PASSWORD },
    })
    expect([setup.status, setup.json.enrolmentOnly, setup.json.secondFactorRequired]).toEqual([200, true, false])
    const token = setup.token
    const refused = await call('users/list', {}, token)
    expect([refused.status, refused.json.data?.reason]).toEqual([403, 'SECOND_FACTOR_ENROLMENT_REQUIRED'])
    expect(refused.json.message).toContain('every SUPER_ADMIN')
    expect((await call('settings/getSecurity', undefined, token)).status).toBe(403)
    const started = await call('account/startTotp', undefined, token)
    expect((await call('account/confirmTotp', { code: codeAt(started.json.secret!, backend.clock.now()) }, token)).status).toBe(200)
    expect((await call('users/list', {}, token)).status).toBe(200)
    const security = await call('settings/getSecurity', undefined, token)
    expect(security.json).toEqual({ superAdminSecondFactor: { required: true, setBy: 'console' } })
    // From now on the password alone does not sign in.
    const again = await call('auth/signIn', { email: 'ada@northwind.test', password: PASSWORD })
    expect([again.status, again.json.data?.reason]).toEqual([401, 'SECOND_FACTOR_REQUIRED'])
  })

  it('is turned on by a SUPER_ADMIN for SUPER_ADMINs only, audited; turning it off asks for a step-up; ADMINs may not touch it', async () => {
    const backend = await backendOn(engine)
    const { services } = backend
    const op = await seedOperator(backend)
    const sam = await seedUser(backend, op.tenantId, 'SUPER_ADMIN', 'Sam Super', 'sam@northwind.test')
    const admin = await seedUser(backend, op.tenantId, 'ADMIN', 'Al Admin', 'al@northwind.test')
    expect((await failure(() => services.securitySettings.setSuperAdminSecondFactor(admin.actor, true))).code).toBe(ErrorCode.FORBIDDEN)
    expect((await failure(() => services.securitySettings.get(admin.actor))).code).toBe(ErrorCode.FORBIDDEN)
    expect(await services.factors.enrolmentReason(sam.actor)).toBe(null)

    expect(await services.securitySettings.setSuperAdminSecondFactor(op.actor, true)).toEqual({
      superAdminSecondFactor: { required: true, setBy: 'console' },
    })
    const audit = (await backend.engine.read(({ db, t }) => db.select().from(t.auditLog).orderBy(t.auditLog.id))).at(-1)
    expect(audit).toMatchObject({ action: 'settings.set-super-admin-second-factor', actorUserId: op.userId, target: 'required' })
    // Every SUPER_ADMIN without a factor (the one who turned it on too), and no one else.
    expect([await services.factors.enrolmentReason(sam.actor), await services.factors.enrolmentReason(op.actor)]).toEqual([
      'superAdmins',
      'superAdmins',
    ])
    expect((await services.auth.signIn(admin.email, PASSWORD)).me.enrolmentOnly).toBe(false)
    expect((await services.auth.signIn(sam.email, PASSWORD)).me.enrolmentOnly).toBe(true)

    // Sam sets up an app; over /api, a session whose factor was proven 6 minutes ago must step up to turn it off.
    const { secret } = await services.factors.startTotp(sam.actor)
    await services.factors.confirmTotp(sam.actor, codeAt(secret, backend.clock.now()))
    server = await startInstanceServer({ services, rendererDir: tempRendererDir(), engine: backend.engine })
    const call = api(server.url)
    backend.clock.advance(60_000)
    const half = await call('auth/signIn', { email: sam.email, password: PASSWORD })
    const pendingToken = half.json.data?.pendingToken
    const signedIn = await call('auth/verifySecondFactor', { pendingToken, code: codeAt(secret, backend.clock.now()) })
    expect(signedIn.status).toBe(200)
    backend.clock.advance(6 * 60_000)
    const off = await call('settings/setSuperAdminSecondFactor', { required: false }, signedIn.token)
    expect([off.status, off.json.data?.reason]).toEqual([403, 'STEP_UP_REQUIRED'])
    expect(await services.factors.enrolmentReason(op.actor)).toBe('superAdmins') // nothing changed
    expect((await call('auth/stepUp', { code: codeAt(secret, backend.clock.now()) }, signedIn.token)).status).toBe(200)
    const turnedOff = await call('settings/setSuperAdminSecondFactor', { required: false }, signedIn.token)
    expect([turnedOff.status, turnedOff.json]).toEqual([200, { superAdminSecondFactor: { required: false, setBy: 'console' } }])
    expect(await services.factors.enrolmentReason(op.actor)).toBe(null)
  })

  it('is fixed by SWITCHBOARD_SUPER_ADMIN_SECOND_FACTOR over what is stored; the console cannot change it then', async () => {
    const required = await backendOn(engine, { superAdminSecondFactor: true })
    const op = await seedOperator(required) // set up with the rule off
    expect(await required.services.factors.enrolmentReason(op.actor)).toBe('superAdmins')
    expect(await required.services.securitySettings.get(op.actor)).toEqual({
      superAdminSecondFactor: { required: true, setBy: 'environment' },
    })
    const refused = await failure(() => required.services.securitySettings.setSuperAdminSecondFactor(op.actor, false))
    expect([refused.code, refused.reason, refused.message]).toEqual([
      ErrorCode.CONFLICT,
      'SET_BY_ENVIRONMENT',
      'SWITCHBOARD_SUPER_ADMIN_SECOND_FACTOR is set on the server (to required): change it there, then restart the server.',
    ])
    const optional = await backendOn(engine, { superAdminSecondFactor: false })
    const op2 = await seedOperator(optional)
    await optional.engine.transaction((conn) => saveSuperAdminSecondFactor(conn, true, new Date()))
    expect(await optional.services.factors.enrolmentReason(op2.actor)).toBe(null)
  })
})
