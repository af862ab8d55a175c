import { describe, expect, inject, it } from 'vitest'
import { backendOn, describeEngines, describeOn } from '../../../../tests/support/engines'
import { freshDatabase, MIGRATED_TEMPLATE } from '../../../../tests/support/pg-database'
import { lastOutboxMail, seedOperator, seedUser } from '../../../../tests/support/seed'
import { tempBackend, tempDir, testKeychain } from '../../../../tests/support/temp-backend'
import { Role } from '../../../shared/contract'
import { openPgBackend } from '../../backend'
import { manualClock } from '../../clock'
import { updateOrganisation } from '../organisations/organisations.repository'
import { SESSION_TTL_MS } from './auth.service'

/**
 * The session lookup (issue 13, issue 19). On SQLite it is served from an in-process cache after
 * its first read: one process owns the file, so every change goes through it, and each change that
 * ends a session or changes who it acts as forgets the cached answer. On PostgreSQL there is no
 * in-process cache at all: several instance processes share the database, and a sign-out, Sign out
 * everywhere, role change or deactivation made by one must hold on the next request to any other,
 * so every request looks its session up (one indexed query).
 */
describe('cached session lookup [sqlite]', () => {
  it('reflects sign-out, role change, deactivation, tenant switch, password reset and expiry at once', async () => {
    const backend = tempBackend()
    const { services, clock } = backend
    const op = await seedOperator(backend)
    const acme = (await services.organisations.create(op.actor, { name: 'Acme', slug: 'acme', isAdminTenant: false, isDemo: true })).id
    await services.auth.switchTenant(op.actor, acme)
    const inAcme = (await services.auth.resolve(op.token))!
    expect(inAcme.actingTenantId).toBe(acme)

    const agent = await seedUser(backend, acme, Role.AGENT, 'Agent Smith')
    expect(await services.auth.resolve(agent.token)).toMatchObject({ role: Role.AGENT, actingTenantId: acme })
    await services.auth.resolve(agent.token) // now served from the cache

    await services.users.update(inAcme, { id: agent.id, role: Role.ADMIN })
    expect((await services.auth.resolve(agent.token))?.role).toBe(Role.ADMIN)

    await services.users.update(inAcme, { id: agent.id, active: false })
    expect(await services.auth.resolve(agent.token)).toBeNull()
    await services.users.update(inAcme, { id: agent.id, active: true })
    expect(await services.auth.resolve(agent.token)).toBeNull() // deactivation ended the session for good

    const again = await services.auth.openSessionFor(agent.id)
    expect((await services.auth.resolve(again.token))?.role).toBe(Role.ADMIN)
    await services.auth.signOut((await services.auth.resolve(again.token))!)
    expect(await services.auth.resolve(again.token)).toBeNull()

    const third = await services.auth.openSessionFor(agent.id)
    expect(await services.auth.resolve(third.token)).not.toBeNull()
    await services.users.sendPasswordReset(inAcme, agent.id)
    await services.auth.resetPassword((await lastOutboxMail(backend)).token, 'a brand new long password', 'test')
    expect(await services.auth.resolve(third.token)).toBeNull()

    const fourth = await services.auth.openSessionFor(agent.id)
    expect(await services.auth.resolve(fourth.token)).not.toBeNull()
    clock.advance(SESSION_TTL_MS + 1)
    expect(await services.auth.resolve(fourth.token)).toBeNull()
  })
})

const postgres = inject('postgres')

describeOn('pg')('session lookup across processes [pg]', () => {
  it('honours a sign-out, Sign out everywhere, role change, deactivation or tenant switch made by another process on the next request', async () => {
    if (!postgres.run) return
    const database = await freshDatabase(postgres.url, 'sb', MIGRATED_TEMPLATE)
    const clock = manualClock()
    const open = () => openPgBackend({ url: database.url, dataDir: tempDir(), clock, secrets: testKeychain })
    const one = await open()
    const two = await open()
    try {
      const op = await seedOperator(one)
      const acme = (await one.services.organisations.create(op.actor, { name: 'Acme', slug: 'acme', isAdminTenant: false, isDemo: true }))
        .id
      const agent = await seedUser(one, acme, Role.AGENT, 'Agent Smith')
      // Each process has looked the sessions up once (what a cache would keep).
      expect(await two.services.auth.resolve(agent.token)).toMatchObject({ role: Role.AGENT, actingTenantId: acme })
      expect((await two.services.auth.resolve(op.token))?.actingTenantId).toBe(op.tenantId)

      await one.services.auth.switchTenant(op.actor, acme)
      const inAcme = (await two.services.auth.resolve(op.token))!
      expect(inAcme.actingTenantId).toBe(acme)

      await one.services.users.update(inAcme, { id: agent.id, role: Role.ADMIN })
      expect((await two.services.auth.resolve(agent.token))?.role).toBe(Role.ADMIN)

      await two.services.users.update(inAcme, { id: agent.id, active: false })
      expect(await one.services.auth.resolve(agent.token)).toBeNull()
      await two.services.users.update(inAcme, { id: agent.id, active: true })

      const laptop = await one.services.auth.openSessionFor(agent.id)
      const phone = await two.services.auth.openSessionFor(agent.id)
      expect(await two.services.auth.resolve(laptop.token)).not.toBeNull()
      await one.services.auth.signOut((await one.services.auth.resolve(laptop.token))!)
      expect(await two.services.auth.resolve(laptop.token)).toBeNull()
      expect(await one.services.auth.resolve(phone.token)).not.toBeNull()

      const desk = await one.services.auth.openSessionFor(agent.id)
      expect(await one.services.auth.resolve(desk.token)).not.toBeNull()
      await two.services.auth.signOutEverywhere((await two.services.auth.resolve(phone.token))!)
      for (const { token } of [phone, desk]) expect(await one.services.auth.resolve(token)).toBeNull()

      const later = await two.services.auth.openSessionFor(agent.id)
      expect(await one.services.auth.resolve(later.token)).not.toBeNull()
      clock.advance(SESSION_TTL_MS + 1)
      expect(await one.services.auth.resolve(later.token)).toBeNull()
    } finally {
      await one.close()
      await two.close()
      await database.drop()
    }
  })
})

/**
 * The session carries whether its home and its acting tenant are the Admin Tenant, so the screens
 * scoped by it (Overview, All Invitations, Audit Log, the command palette, the tenant switcher) need
 * no lookup of their own. A change of either organisation holds on the next request, cached or not.
 */
describeEngines('Admin Tenant flags carried by the session', (engine) => {
  it('follow a change of the home or the acting organisation at once', async () => {
    const backend = await backendOn(engine)
    const { services } = backend
    const op = await seedOperator(backend)
    const acme = (await services.organisations.create(op.actor, { name: 'Acme', slug: 'acme', isAdminTenant: false, isDemo: true })).id
    const agent = await seedUser(backend, acme, Role.AGENT, 'Agent Smith')
    const flags = async (token: string) => {
      const actor = (await services.auth.resolve(token))!
      return [actor.homeIsAdminTenant, actor.actingIsAdminTenant]
    }
    expect(await flags(op.token)).toEqual([true, true])
    await services.auth.switchTenant(op.actor, acme)
    expect(await flags(op.token)).toEqual([true, false])
    expect(await flags(agent.token)).toEqual([false, false])
    expect(await flags(agent.token)).toEqual([false, false]) // served from SQLite's cache

    // The Admin Tenant moves to Acme (written under the service's rule about SUPER_ADMINs' home).
    await backend.engine.transaction(async (conn) => {
      await updateOrganisation(conn, op.tenantId, { isAdminTenant: false })
      await updateOrganisation(conn, acme, { isAdminTenant: true })
    })
    expect(await flags(op.token)).toEqual([false, true])
    expect(await flags(agent.token)).toEqual([true, true])
    // What the flags scope: the tenant switcher is for members of the Admin Tenant only.
    await expect(services.auth.switchableTenants((await services.auth.resolve(op.token))!)).rejects.toMatchObject({ code: 'FORBIDDEN' })
    expect((await services.auth.switchableTenants((await services.auth.resolve(agent.token))!)).length).toBeGreaterThan(0)
  })
})
