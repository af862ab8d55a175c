import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { backendOn, describeEngines } from '../../../../tests/support/engines'
import { OPERATOR } from '../../../../tests/support/operator'
import { seedOperator, seedUser } from '../../../../tests/support/seed'
import { captureStatements } from '../../../../tests/support/statements'
import { tempBackend } from '../../../../tests/support/temp-backend'
import { Role } from '../../../shared/contract'
import { signLicence } from '../../licence/licence-file'

/**
 * `auth.me` (issue 22): on SQLite its rows (user, home and acting organisation) are kept with the
 * cached session and go with it; the features are worked out per call from the kept licence. Each
 * input is changed here between two calls, and the second call must show the change. On PostgreSQL
 * nothing is kept, and the same changes hold the same way.
 */
describeEngines('auth.me sees every change at the next call', (engine) => {
  it('role, organisation name, slug, flags, features, second-factor rule, tenant switch, licence and its expiry', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519')
    const backend = await backendOn(engine, undefined, [publicKey.export({ type: 'spki', format: 'pem' }).toString()])
    const { services, clock } = backend
    clock.set(new Date('2026-06-01T00:00:00Z'))
    const op = await seedOperator(backend)
    const acme = await services.organisations.create(op.actor, { name: 'Acme', slug: 'acme', isAdminTenant: false, isDemo: true })
    const agent = await seedUser(backend, acme.id, Role.AGENT, 'Agent Smith')
    const me = async (token = agent.token) => (await services.auth.me(token))!

    expect(await me()).toMatchObject({ user: { name: 'Agent Smith', role: Role.AGENT }, actingTenant: { name: 'Acme' } })
    await me() // kept now, on SQLite

    await services.auth.switchTenant(op.actor, acme.id)
    await services.users.update((await services.auth.resolve(op.token))!, { id: agent.id, role: Role.ADMIN })
    expect((await me()).user.role).toBe(Role.ADMIN)
    await services.auth.switchTenant((await services.auth.resolve(op.token))!, op.tenantId)
    expect((await me(op.token)).actingTenant.id).toBe(op.tenantId)

    const update = (changes: Partial<{ name: string; slug: string; isDemo: boolean; featuresEnabled: ('crm' | 'helpdesk')[] | null }>) =>
      services.organisations.update(op.actor, {
        id: acme.id,
        name: 'Acme',
        slug: 'acme',
        isAdminTenant: false,
        isDemo: true,
        featuresEnabled: null,
        ...changes,
      })
    await update({ name: 'Acme Renamed', slug: 'acme-renamed', isDemo: false })
    expect((await me()).homeTenant).toMatchObject({ name: 'Acme Renamed', slug: 'acme-renamed', isDemo: false })
    expect((await me()).actingTenant).toMatchObject({ name: 'Acme Renamed', slug: 'acme-renamed', isDemo: false })
    await update({ name: 'Acme Renamed', slug: 'acme-renamed', isDemo: false, featuresEnabled: ['crm'] })
    expect((await me()).features).toEqual(['crm'])

    await services.organisations.setSecondFactorRequired(op.actor, { id: acme.id, required: true })
    expect(await me()).toMatchObject({ secondFactorRequired: true, enrolmentOnly: true })
    await services.organisations.setSecondFactorRequired(op.actor, { id: acme.id, required: false })
    expect(await me()).toMatchObject({ secondFactorRequired: false, enrolmentOnly: false })

    // The operator acting in Acme: a change to Acme shows in their `me` too (their home is the Admin Tenant).
    const inAcme = await services.auth.switchTenant(op.actor, acme.id)
    expect(inAcme.actingTenant.name).toBe('Acme Renamed')
    expect((await me(op.token)).actingTenant.name).toBe('Acme Renamed')
    await update({ name: 'Acme Again', slug: 'acme-again' })
    expect((await me(op.token)).actingTenant).toMatchObject({ name: 'Acme Again', slug: 'acme-again' })
    expect((await me(op.token)).homeTenant.name).toBe(OPERATOR.organisation.name)
    const back = (await services.auth.resolve(op.token))!
    await services.auth.switchTenant(back, op.tenantId)
    expect((await me(op.token)).actingTenant.id).toBe(op.tenantId)

    // The licence: installed, then expired, with no write in between.
    expect((await me()).features).toEqual(['helpdesk', 'crm', 'rmm', 'billing', 'reporting', 'assets'])
    await services.licence.install(op.actor, signLicence({ ...licence, features: ['helpdesk', 'crm'] }, privateKey))
    expect((await me()).features).toEqual(['helpdesk', 'crm'])
    await update({ name: 'Acme Again', slug: 'acme-again', featuresEnabled: ['crm'] })
    expect((await me()).features).toEqual(['crm'])
    clock.set(new Date('2026-06-01T06:00:00Z')) // the licence's last instant passed; the session still lives
    expect((await me()).features).toEqual([])

    await services.auth.signOut((await services.auth.resolve(agent.token))!)
    expect(await services.auth.me(agent.token)).toBeNull()
  })
})

const licence = {
  licensee: 'Northwind MSP',
  features: [] as ('helpdesk' | 'crm')[],
  issuedAt: '2026-01-01T00:00:00.000Z',
  expiresAt: '2026-06-01T06:00:00.000Z',
}

describe("checks for other processes' commits [sqlite]", () => {
  it('once per call: a warm auth.me runs that one statement and nothing else', async () => {
    const backend = tempBackend()
    const op = await seedOperator(backend)
    await backend.services.auth.me(op.token) // kept now
    const ran = await captureStatements(backend.store!.sqlite, () => backend.services.auth.me(op.token))
    expect(ran.map((s) => s.sql)).toEqual(['pragma data_version'])
  })
})

/**
 * Another process writing the same SQLite file (a second console on the same data folder): the
 * sessions it revokes or whose users it deactivates or changes must not live on in this one's cache.
 */
describe('sessions changed by another process [sqlite]', () => {
  it('are seen at the next call: a role change, a deactivation', async () => {
    const running = tempBackend()
    const op = await seedOperator(running)
    const agent = await seedUser(running, op.tenantId, Role.AGENT, 'Agent Smith')
    expect((await running.services.auth.me(agent.token))!.user.role).toBe(Role.AGENT) // kept now

    const other = tempBackend(running.dataDir)
    const { token } = await other.services.auth.signIn(OPERATOR.admin.email, OPERATOR.admin.password)
    const actor = (await other.services.auth.resolve(token))!
    await other.services.users.update(actor, { id: agent.id, role: Role.ADMIN })
    expect((await running.services.auth.me(agent.token))!.user.role).toBe(Role.ADMIN)
    await other.services.users.update(actor, { id: agent.id, active: false })
    await other.close()
    expect(await running.services.auth.me(agent.token)).toBeNull()
    expect(await running.services.auth.resolve(agent.token)).toBeNull()
  })
})
