import { createRouterClient } from '@orpc/server'
import { expect, inject, it } from 'vitest'
import { backendOn, describeEngines, describeOn } from '../../../../tests/support/engines'
import { refusal } from '../../../../tests/support/failure'
import { freshDatabase, MIGRATED_TEMPLATE } from '../../../../tests/support/pg-database'
import { seedOperator, seedTenant, seedUser } from '../../../../tests/support/seed'
import { tempDir, testKeychain } from '../../../../tests/support/temp-backend'
import { Role } from '../../../shared/contract'
import { ErrorCode, ErrorReason } from '../../../shared/errors'
import { openPgBackend, type Backend } from '../../backend'
import { manualClock } from '../../clock'
import { createRouter, rpcContext } from '../../rpc/router'
import { totpCodeAt, TOTP_PERIOD_SECONDS } from '../factors/totp'

/**
 * Issue 22: each request reads its session once, with every input of the enrolment rule (issue 25)
 * in the same statement; on SQLite that answer is cached per session and forgotten by each write
 * that changes one of those inputs, on PostgreSQL each request reads it again. These walk each input
 * through the real path: services, and the RPC middleware that refuses a session limited to enrolment.
 */

const STEP_MS = TOTP_PERIOD_SECONDS * 1000
const ENROLMENT_REQUIRED = [ErrorCode.FORBIDDEN, ErrorReason.SECOND_FACTOR_ENROLMENT_REQUIRED]

type Client = { users: { list(input: { limit: number }): Promise<unknown> } }

/** The contract in process, as a host calls it, for one session token. */
function clientFor(backend: Backend, token: string): Client {
  const context = rpcContext(backend.services, { get: () => token, set: () => undefined }, 'test')
  return createRouterClient(createRouter(backend.services), { context }) as unknown as Client
}

const reasonOf = async (backend: Backend, token: string) => (await backend.services.auth.resolveSession(token))?.enrolmentReason

describeEngines('the session read once per request, with its enrolment state', (engine) => {
  it('follows the organisation’s rule, a factor confirmed or removed, and an administrator’s reset at once', async () => {
    const backend = await backendOn(engine)
    const { services, clock } = backend
    clock.set(new Date('2026-03-02T09:00:00.000Z'))
    const op = await seedOperator(backend)
    const acme = await seedTenant(backend, 'Acme', 'acme')
    const admin = await seedUser(backend, acme, Role.ADMIN, 'Ann Admin')
    const client = clientFor(backend, admin.token)

    expect(await reasonOf(backend, admin.token)).toBe(null)
    await client.users.list({ limit: 5 }) // read once, and (SQLite) cached from here on
    expect(await reasonOf(backend, admin.token)).toBe(null)

    await services.organisations.setSecondFactorRequired(op.actor, { id: acme, required: true })
    expect(await reasonOf(backend, admin.token)).toBe('organisation')
    expect(await refusal(client.users.list({ limit: 5 }))).toEqual(ENROLMENT_REQUIRED)
    expect((await services.auth.me(admin.token))?.enrolmentReason).toBe('organisation')

    const { secret } = await services.factors.startTotp(admin.actor)
    expect(await reasonOf(backend, admin.token)).toBe('organisation') // not confirmed yet
    await services.factors.confirmTotp(admin.actor, totpCodeAt(secret, clock.now()))
    expect(await reasonOf(backend, admin.token)).toBe(null)
    expect(await refusal(client.users.list({ limit: 5 }))).toBe(null)
    expect((await services.auth.me(admin.token))?.enrolmentOnly).toBe(false)

    clock.advance(2 * STEP_MS)
    await services.factors.removeTotp(admin.actor, { code: totpCodeAt(secret, clock.now()) })
    expect(await reasonOf(backend, admin.token)).toBe('organisation')

    await services.organisations.setSecondFactorRequired(op.actor, { id: acme, required: false })
    expect(await reasonOf(backend, admin.token)).toBe(null)
    expect(await refusal(client.users.list({ limit: 5 }))).toBe(null)

    // An administrator's reset: the sessions end, and the next one is limited until a factor is set up again.
    const again = (await services.factors.startTotp(admin.actor)).secret
    clock.advance(2 * STEP_MS)
    await services.factors.confirmTotp(admin.actor, totpCodeAt(again, clock.now()))
    await services.auth.switchTenant(op.actor, acme)
    await services.factors.resetOf((await services.auth.resolve(op.token))!, admin.id)
    expect(await services.auth.resolveSession(admin.token)).toBeNull()
    const next = await services.auth.openSessionFor(admin.id)
    expect(await reasonOf(backend, next.token)).toBe('reset')
    expect(await refusal(clientFor(backend, next.token).users.list({ limit: 5 }))).toEqual(ENROLMENT_REQUIRED)
    const third = (await services.factors.startTotp((await services.auth.resolve(next.token))!)).secret
    clock.advance(2 * STEP_MS)
    await services.factors.confirmTotp((await services.auth.resolve(next.token))!, totpCodeAt(third, clock.now()))
    expect(await reasonOf(backend, next.token)).toBe(null)
  })

  it('follows the instance’s rule for SUPER_ADMINs at once', async () => {
    const backend = await backendOn(engine)
    const { services } = backend
    const op = await seedOperator(backend)
    const client = clientFor(backend, op.token)
    expect(await reasonOf(backend, op.token)).toBe(null)
    await client.users.list({ limit: 5 })

    await services.securitySettings.setSuperAdminSecondFactor(op.actor, true)
    expect(await reasonOf(backend, op.token)).toBe('superAdmins')
    expect(await refusal(client.users.list({ limit: 5 }))).toEqual(ENROLMENT_REQUIRED)
    await services.securitySettings.setSuperAdminSecondFactor(op.actor, false)
    expect(await reasonOf(backend, op.token)).toBe(null)
    expect(await refusal(client.users.list({ limit: 5 }))).toBe(null)
  })
})

const postgres = inject('postgres')

describeOn('pg')('the session’s enrolment state across processes [pg]', () => {
  it('honours an organisation’s rule, a factor and the instance’s rule changed by another process on the next request', async () => {
    if (!postgres.run) return
    const database = await freshDatabase(postgres.url, 'sb', MIGRATED_TEMPLATE)
    const clock = manualClock(new Date('2026-03-02T09:00:00.000Z'))
    const open = () => openPgBackend({ url: database.url, dataDir: tempDir(), clock, secrets: testKeychain })
    const one = await open()
    const two = await open()
    try {
      const op = await seedOperator(one)
      const acme = await seedTenant(one, 'Acme', 'acme')
      const admin = await seedUser(one, acme, Role.ADMIN, 'Ann Admin')
      const onTwo = clientFor(two, admin.token)
      await onTwo.users.list({ limit: 5 })
      expect(await reasonOf(two, admin.token)).toBe(null)

      await one.services.organisations.setSecondFactorRequired(op.actor, { id: acme, required: true })
      expect(await reasonOf(two, admin.token)).toBe('organisation')
      expect(await refusal(onTwo.users.list({ limit: 5 }))).toEqual(ENROLMENT_REQUIRED)

      const { secret } = await one.services.factors.startTotp(admin.actor)
      await one.services.factors.confirmTotp(admin.actor, totpCodeAt(secret, clock.now()))
      expect(await reasonOf(two, admin.token)).toBe(null)
      expect(await refusal(onTwo.users.list({ limit: 5 }))).toBe(null)

      expect(await reasonOf(two, op.token)).toBe(null)
      await one.services.securitySettings.setSuperAdminSecondFactor(op.actor, true)
      expect(await reasonOf(two, op.token)).toBe('superAdmins')
      expect((await two.services.auth.me(op.token))?.enrolmentReason).toBe('superAdmins')
    } finally {
      await one.close()
      await two.close()
      await database.drop()
    }
  })
})
