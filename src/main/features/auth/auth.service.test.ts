import { expect, it } from 'vitest'
import { ErrorCode } from '../../../shared/errors'
import { failure } from '../../../../tests/support/failure'
import { backendOn, describeEngines } from '../../../../tests/support/engines'
import { OPERATOR } from '../../../../tests/support/temp-backend'
import type { Backend } from '../../backend'
import { SESSION_TTL_MS, SIGN_IN_FAILED } from './auth.service'
import { Role } from '../../../shared/contract'
import { seedUser } from '../../../../tests/support/seed'
import type { Services } from '../../services'

/** First-run setup followed by the sign-in the setup screen does. */
async function setUp(services: Services) {
  const { userId } = await services.setup.run(OPERATOR)
  return services.auth.openSessionFor(userId)
}

const storedUsers = (b: Backend) => b.engine.read(({ db, t }) => db.select().from(t.users))
const storedSessions = (b: Backend) => b.engine.read(({ db, t }) => db.select().from(t.sessions))
const auditRows = (b: Backend) => b.engine.read(({ db, t }) => db.select().from(t.auditLog).orderBy(t.auditLog.id))

describeEngines('setup', (engine) => {
  it('creates the Admin Tenant and its first SUPER_ADMIN, signs in, and audits both', async () => {
    const backend = await backendOn(engine)
    const { services } = backend
    expect(await services.setup.status()).toEqual({ needsSetup: true })
    const { me, token } = await setUp(services)
    expect(await services.setup.status()).toEqual({ needsSetup: false })
    expect(me.user).toMatchObject({ name: 'Ada Operator', email: 'ada@northwind.test', role: 'SUPER_ADMIN' })
    expect(me.homeTenant).toMatchObject({ name: 'Northwind MSP', slug: 'northwind', isAdminTenant: true, isDemo: false })
    expect(me.actingTenant.id).toBe(me.homeTenant.id)
    expect((await services.auth.resolve(token))?.userId).toBe(me.user.id)

    const stored = await storedUsers(backend)
    expect(stored).toHaveLength(1)
    expect(stored[0]!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
    expect((await storedSessions(backend))[0]!.tokenHash).not.toBe(token)
    const actions = (await auditRows(backend)).map((r) => [r.action, r.result])
    expect(actions).toEqual([
      ['setup.create-operator', 'ok'],
      ['auth.sign-in', 'ok'],
    ])
  })

  it('refuses a second setup with CONFLICT and writes nothing', async () => {
    const backend = await backendOn(engine)
    const { services } = backend
    await setUp(services)
    const before = (await auditRows(backend)).length
    const error = await failure(() =>
      services.setup.run({ ...OPERATOR, organisation: { name: 'Other', slug: 'other' }, admin: { ...OPERATOR.admin, email: 'x@y.test' } }),
    )
    expect([error.code, error.reason]).toEqual([ErrorCode.CONFLICT, 'ALREADY_SET_UP'])
    expect(await storedUsers(backend)).toHaveLength(1)
    expect(await auditRows(backend)).toHaveLength(before)
  })
})

describeEngines('sign-in', (engine) => {
  it('accepts the right password, case-insensitively on the email', async () => {
    const { services } = await backendOn(engine)
    await setUp(services)
    const { me, token } = await services.auth.signIn('  ADA@Northwind.TEST ', OPERATOR.admin.password)
    expect(me.user.email).toBe('ada@northwind.test')
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('answers a wrong password and an unknown email with the same generic error, and audits both', async () => {
    const backend = await backendOn(engine)
    const { services } = backend
    await setUp(services)
    const wrong = await failure(() => services.auth.signIn(OPERATOR.admin.email, 'not the password at all'))
    const unknown = await failure(() => services.auth.signIn('nobody@northwind.test', OPERATOR.admin.password))
    for (const error of [wrong, unknown]) {
      expect(error.code).toBe(ErrorCode.UNAUTHENTICATED)
      expect(error.message).toBe(SIGN_IN_FAILED)
    }
    const denied = (await auditRows(backend)).filter((r) => r.result === 'denied')
    expect(denied.map((r) => r.target)).toEqual([expect.any(String), 'nobody@northwind.test'])
    expect(JSON.stringify(denied)).not.toContain('not the password')
  })

  it('refuses a deactivated user with the same generic error', async () => {
    const backend = await backendOn(engine)
    await setUp(backend.services)
    await backend.engine.transaction(({ db, t }) => db.update(t.users).set({ active: false }))
    const error = await failure(() => backend.services.auth.signIn(OPERATOR.admin.email, OPERATOR.admin.password))
    expect(error.message).toBe(SIGN_IN_FAILED)
  })
})

describeEngines('sessions', (engine) => {
  it('revokes the session on sign-out so the token no longer resolves', async () => {
    const backend = await backendOn(engine)
    const { services } = backend
    await setUp(services)
    const { token } = await services.auth.signIn(OPERATOR.admin.email, OPERATOR.admin.password)
    const actor = await services.auth.resolve(token)
    expect(actor).not.toBeNull()
    await services.auth.signOut(actor!)
    expect(await services.auth.resolve(token)).toBeNull()
    const row = (await storedSessions(backend)).find((s) => s.id === actor!.sessionId)
    expect(row?.revokedAt).toBeInstanceOf(Date)
    expect((await auditRows(backend)).at(-1)).toMatchObject({ action: 'auth.sign-out', result: 'ok' })
  })

  it('signs out everywhere: every session of the caller ends, other users keep theirs, audited once', async () => {
    const backend = await backendOn(engine)
    const { services } = backend
    const first = await setUp(services)
    const laptop = await services.auth.signIn(OPERATOR.admin.email, OPERATOR.admin.password)
    const script = await services.auth.signIn(OPERATOR.admin.email, OPERATOR.admin.password)
    const admin = (await services.auth.resolve(first.token))!
    const other = await seedUser(backend, admin.homeTenantId, Role.ADMIN, 'Other Admin')
    const before = (await auditRows(backend)).length

    await services.auth.signOutEverywhere((await services.auth.resolve(laptop.token))!)
    for (const { token } of [first, laptop, script]) expect(await services.auth.resolve(token)).toBeNull()
    expect((await services.auth.resolve(other.token))?.userId).toBe(other.id)
    const rows = (await auditRows(backend)).slice(before)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ action: 'auth.sign-out-everywhere', result: 'ok', actorUserId: admin.userId })
  })

  it('expires a session after its lifetime, to the second', async () => {
    const { services, clock } = await backendOn(engine)
    const { token } = await setUp(services)
    clock.advance(SESSION_TTL_MS - 1000)
    expect(await services.auth.resolve(token)).not.toBeNull()
    clock.advance(2000)
    expect(await services.auth.resolve(token)).toBeNull()
  })

  it('does not resolve a token it never issued', async () => {
    const { services } = await backendOn(engine)
    await setUp(services)
    expect(await services.auth.resolve('A'.repeat(43))).toBeNull()
    expect(await services.auth.resolve(null)).toBeNull()
  })
})
