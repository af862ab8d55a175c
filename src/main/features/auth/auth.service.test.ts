import { describe, expect, it } from 'vitest'
import { ErrorCode } from '../../../shared/errors'
import { failure } from '../../../../tests/support/failure'
import { OPERATOR, tempBackend } from '../../../../tests/support/temp-backend'
import { auditLog, sessions, users } from '../../db/schema'
import { SESSION_TTL_MS, SIGN_IN_FAILED } from './auth.service'
import { Role } from '../../../shared/contract'
import { seedUser } from '../../../../tests/support/seed'
import type { Services } from '../../services'

/** First-run setup followed by the sign-in the setup screen does. */
async function setUp(services: Services) {
  const { userId } = await services.setup.run(OPERATOR)
  return services.auth.openSessionFor(userId)
}

describe('setup', () => {
  it('creates the Admin Tenant and its first SUPER_ADMIN, signs in, and audits both', async () => {
    const { services, store } = tempBackend()
    expect(services.setup.status()).toEqual({ needsSetup: true })
    const { me, token } = await setUp(services)
    expect(services.setup.status()).toEqual({ needsSetup: false })
    expect(me.user).toMatchObject({ name: 'Ada Operator', email: 'ada@northwind.test', role: 'SUPER_ADMIN' })
    expect(me.homeTenant).toMatchObject({ name: 'Northwind MSP', slug: 'northwind', isAdminTenant: true, isDemo: false })
    expect(me.actingTenant.id).toBe(me.homeTenant.id)
    expect(services.auth.resolve(token)?.userId).toBe(me.user.id)

    const stored = store.db.select().from(users).all()
    expect(stored).toHaveLength(1)
    expect(stored[0]!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
    const storedSessions = store.db.select().from(sessions).all()
    expect(storedSessions[0]!.tokenHash).not.toBe(token)
    const actions = store.db
      .select()
      .from(auditLog)
      .all()
      .map((r) => [r.action, r.result])
    expect(actions).toEqual([
      ['setup.create-operator', 'ok'],
      ['auth.sign-in', 'ok'],
    ])
  })

  it('refuses a second setup with CONFLICT and writes nothing', async () => {
    const { services, store } = tempBackend()
    await setUp(services)
    const before = store.db.select().from(auditLog).all().length
    const error = await failure(() =>
      services.setup.run({ ...OPERATOR, organisation: { name: 'Other', slug: 'other' }, admin: { ...OPERATOR.admin, email: 'x@y.test' } }),
    )
    expect([error.code, error.reason]).toEqual([ErrorCode.CONFLICT, 'ALREADY_SET_UP'])
    expect(store.db.select().from(users).all()).toHaveLength(1)
    expect(store.db.select().from(auditLog).all()).toHaveLength(before)
  })
})

describe('sign-in', () => {
  it('accepts the right password, case-insensitively on the email', async () => {
    const { services } = tempBackend()
    await setUp(services)
    const { me, token } = await services.auth.signIn('  ADA@Northwind.TEST ', OPERATOR.admin.password)
    expect(me.user.email).toBe('ada@northwind.test')
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('answers a wrong password and an unknown email with the same generic error, and audits both', async () => {
    const { services, store } = tempBackend()
    await setUp(services)
    const wrong = await failure(() => services.auth.signIn(OPERATOR.admin.email, 'not the password at all'))
    const unknown = await failure(() => services.auth.signIn('nobody@northwind.test', OPERATOR.admin.password))
    for (const error of [wrong, unknown]) {
      expect(error.code).toBe(ErrorCode.UNAUTHENTICATED)
      expect(error.message).toBe(SIGN_IN_FAILED)
    }
    const denied = store.db
      .select()
      .from(auditLog)
      .all()
      .filter((r) => r.result === 'denied')
    expect(denied.map((r) => r.target)).toEqual([expect.any(String), 'nobody@northwind.test'])
    expect(JSON.stringify(denied)).not.toContain('not the password')
  })

  it('refuses a deactivated user with the same generic error', async () => {
    const { services, store } = tempBackend()
    await setUp(services)
    store.db.update(users).set({ active: false }).run()
    const error = await failure(() => services.auth.signIn(OPERATOR.admin.email, OPERATOR.admin.password))
    expect(error.message).toBe(SIGN_IN_FAILED)
  })
})

describe('sessions', () => {
  it('revokes the session on sign-out so the token no longer resolves', async () => {
    const { services, store } = tempBackend()
    await setUp(services)
    const { token } = await services.auth.signIn(OPERATOR.admin.email, OPERATOR.admin.password)
    const actor = services.auth.resolve(token)
    expect(actor).not.toBeNull()
    services.auth.signOut(actor!)
    expect(services.auth.resolve(token)).toBeNull()
    const row = store.db
      .select()
      .from(sessions)
      .all()
      .find((s) => s.id === actor!.sessionId)
    expect(row?.revokedAt).toBeInstanceOf(Date)
    expect(store.db.select().from(auditLog).all().at(-1)).toMatchObject({ action: 'auth.sign-out', result: 'ok' })
  })

  it('signs out everywhere: every session of the caller ends, other users keep theirs, audited once', async () => {
    const backend = tempBackend()
    const { services, store } = backend
    const first = await setUp(services)
    const laptop = await services.auth.signIn(OPERATOR.admin.email, OPERATOR.admin.password)
    const script = await services.auth.signIn(OPERATOR.admin.email, OPERATOR.admin.password)
    const admin = services.auth.resolve(first.token)!
    const other = await seedUser(backend, admin.homeTenantId, Role.ADMIN, 'Other Admin')
    const otherSession = { token: other.token }
    const before = store.db.select().from(auditLog).all().length

    services.auth.signOutEverywhere(services.auth.resolve(laptop.token)!)
    for (const { token } of [first, laptop, script]) expect(services.auth.resolve(token)).toBeNull()
    expect(services.auth.resolve(otherSession.token)?.userId).toBe(other.id)
    const rows = store.db.select().from(auditLog).all().slice(before)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ action: 'auth.sign-out-everywhere', result: 'ok', actorUserId: admin.userId })
  })

  it('expires a session after its lifetime, to the second', async () => {
    const { services, clock } = tempBackend()
    const { token } = await setUp(services)
    clock.advance(SESSION_TTL_MS - 1000)
    expect(services.auth.resolve(token)).not.toBeNull()
    clock.advance(2000)
    expect(services.auth.resolve(token)).toBeNull()
  })

  it('does not resolve a token it never issued', async () => {
    const { services } = tempBackend()
    await setUp(services)
    expect(services.auth.resolve('A'.repeat(43))).toBeNull()
    expect(services.auth.resolve(null)).toBeNull()
  })
})
