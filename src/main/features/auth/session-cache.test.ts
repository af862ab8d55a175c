import { describe, expect, it } from 'vitest'
import { Role } from '../../../shared/contract'
import { lastOutboxMail, seedOperator, seedUser } from '../../../../tests/support/seed'
import { tempBackend } from '../../../../tests/support/temp-backend'
import { SESSION_TTL_MS } from './auth.service'

/**
 * The session lookup is served from a per-connection cache after its first read (issue 13): every
 * change that ends a session or changes who it acts as must reach the next request at once.
 */
describe('cached session lookup', () => {
  it('reflects sign-out, role change, deactivation, tenant switch, password reset and expiry at once', async () => {
    const backend = tempBackend()
    const { services, clock } = backend
    const op = await seedOperator(backend)
    const acme = services.organisations.create(op.actor, { name: 'Acme', slug: 'acme', isAdminTenant: false, isDemo: true }).id
    services.auth.switchTenant(op.actor, acme)
    const inAcme = services.auth.resolve(op.token)!
    expect(inAcme.actingTenantId).toBe(acme)

    const agent = await seedUser(backend, acme, Role.AGENT, 'Agent Smith')
    expect(services.auth.resolve(agent.token)).toMatchObject({ role: Role.AGENT, actingTenantId: acme })
    services.auth.resolve(agent.token) // now served from the cache

    services.users.update(inAcme, { id: agent.id, role: Role.ADMIN })
    expect(services.auth.resolve(agent.token)?.role).toBe(Role.ADMIN)

    services.users.update(inAcme, { id: agent.id, active: false })
    expect(services.auth.resolve(agent.token)).toBeNull()
    services.users.update(inAcme, { id: agent.id, active: true })
    expect(services.auth.resolve(agent.token)).toBeNull() // deactivation ended the session for good

    const again = services.auth.openSessionFor(agent.id)
    expect(services.auth.resolve(again.token)?.role).toBe(Role.ADMIN)
    services.auth.signOut(services.auth.resolve(again.token)!)
    expect(services.auth.resolve(again.token)).toBeNull()

    const third = services.auth.openSessionFor(agent.id)
    expect(services.auth.resolve(third.token)).not.toBeNull()
    await services.users.sendPasswordReset(inAcme, agent.id)
    await services.auth.resetPassword(lastOutboxMail(backend).token, 'a brand new long password', 'test')
    expect(services.auth.resolve(third.token)).toBeNull()

    const fourth = services.auth.openSessionFor(agent.id)
    expect(services.auth.resolve(fourth.token)).not.toBeNull()
    clock.advance(SESSION_TTL_MS + 1)
    expect(services.auth.resolve(fourth.token)).toBeNull()
  })
})
