import { expect, it } from 'vitest'
import { Role } from '../../../shared/contract'
import { backendOn, describeOn } from '../../../../tests/support/engines'
import { seedOperator, seedUser } from '../../../../tests/support/seed'
import type { Backend } from '../../backend'
import type { PgStore } from '../../db/pg-store'

/**
 * On PostgreSQL every statement costs a round trip, and a remote database makes that the cost of a
 * screen. The reads that wait for no other answer are sent together, each on a pooled connection of
 * its own: the most connections checked out at once during a call shows it (one, had they been sent
 * one after another).
 */
describeOn('pg')('statements in flight together [pg]', () => {
  async function busiest(backend: Backend, call: () => Promise<unknown>) {
    return (await watchPool(backend, call)).most
  }

  /** How many times the call went to the database with nothing else in flight: its round trips one after another. */
  async function waves(backend: Backend, call: () => Promise<unknown>) {
    return (await watchPool(backend, call)).waves
  }

  /** How many statements the call sent: each takes a pooled connection of its own. */
  async function statements(backend: Backend, call: () => Promise<unknown>) {
    return (await watchPool(backend, call)).statements
  }

  /** The pool during a call: the most connections checked out at once, the waves (see `waves`) and the statements. */
  async function watchPool(backend: Backend, call: () => Promise<unknown>) {
    const { pool } = (backend as Backend & { pg: PgStore }).pg
    let out = 0
    let most = 0
    let waves = 0
    let statements = 0
    const acquire = () => {
      statements++
      if (out === 0) waves++
      most = Math.max(most, ++out)
    }
    const release = () => out--
    pool.on('acquire', acquire)
    pool.on('release', release)
    try {
      await call()
    } finally {
      pool.off('acquire', acquire)
      pool.off('release', release)
    }
    return { most, waves, statements }
  }

  it('the Overview, the audit log, the users and organisations lists read their independent statements at once', async () => {
    const backend = await backendOn('pg')
    const op = await seedOperator(backend)
    const ids: string[] = []
    for (const name of ['Acme', 'Globex']) {
      const id = (
        await backend.services.organisations.create(op.actor, { name, slug: name.toLowerCase(), isAdminTenant: false, isDemo: false })
      ).id
      ids.push(id)
      await backend.services.auth.switchTenant(op.actor, id)
      const actor = (await backend.services.auth.resolve(op.token))!
      await backend.services.invitations.create(actor, { email: `someone@${name.toLowerCase()}.test`, role: Role.AGENT })
    }
    const [acme] = ids as [string]
    await backend.services.auth.switchTenant((await backend.services.auth.resolve(op.token))!, op.tenantId)
    const actor = (await backend.services.auth.resolve(op.token))!

    // Warm: the pool has its connections, so each figure is the calls' own overlap.
    const overview = await backend.services.overview.get(actor)
    expect(overview.invitationTenants.map((t) => t.name).sort()).toEqual(['Acme', 'Globex'])
    // Counters, rankings, days, the expiring count, All Invitations' page and the log's page, together.
    expect(await busiest(backend, () => backend.services.overview.get(actor))).toBeGreaterThanOrEqual(4)
    // Six statements in one wave: the ranked tenants with their names and counts, the instance's totals,
    // its expiring count, the days, All Invitations' page and the log's page (uncounted), each page with
    // its names. (Fourteen in two waves before the pages and rankings came with their names and counts
    // and the log went uncounted.)
    expect(await statements(backend, () => backend.services.overview.get(actor))).toBe(6)
    expect(await waves(backend, () => backend.services.overview.get(actor))).toBe(1)
    // An ADMIN's: their tenant's row with its counts, the days and the two pages.
    const acmeAdmin = await seedUser(backend, acme, Role.ADMIN, 'Ada Admin')
    const ofAcme = await backend.services.overview.get(acmeAdmin.actor)
    expect(ofAcme.totals).toMatchObject({ openInvitations: 1, expiringSoon: 0 })
    expect(ofAcme.invitationTenants).toEqual([expect.objectContaining({ name: 'Acme', openInvitations: 1, pendingInvitations: 1 })])
    expect(ofAcme.expiringNext).toEqual([expect.objectContaining({ tenant: expect.objectContaining({ name: 'Acme' }) })])
    expect(await statements(backend, () => backend.services.overview.get(acmeAdmin.actor))).toBe(4)
    // The count with the page (which names its people and places).
    expect(await busiest(backend, () => backend.services.auditLog.list(actor, { filter: {}, limit: 50 }))).toBeGreaterThanOrEqual(2)
    // The counters' total with the page (a search is counted first: it may stop there).
    expect(await busiest(backend, () => backend.services.users.list(actor, {}))).toBeGreaterThanOrEqual(2)
    expect(await busiest(backend, () => backend.services.users.list(actor, { search: 'zzzz' }))).toBe(1)
    expect(await busiest(backend, () => backend.services.organisations.list(actor, { limit: 50 }))).toBeGreaterThanOrEqual(2)
  })

  it("the audit log, All Invitations and the tenant switcher wait for no lookup of the caller's organisation, nor of the names on their pages", async () => {
    const backend = await backendOn('pg')
    const op = await seedOperator(backend)
    const acme = (
      await backend.services.organisations.create(op.actor, { name: 'Acme', slug: 'acme', isAdminTenant: false, isDemo: false })
    ).id
    await backend.services.invitations.create(op.actor, { email: 'someone@example.test', role: Role.AGENT })
    const actor = (await backend.services.auth.resolve(op.token))!
    await backend.services.overview.get(actor) // warm: the pool has its connections, so each figure is the calls' own
    // The caller's organisation comes with the session, the names with each page: one wave each.
    expect(await waves(backend, () => backend.services.auditLog.list(actor, { filter: {}, limit: 50 }))).toBe(1)
    expect(await waves(backend, () => backend.services.invitations.queue(actor, { status: 'pending', limit: 50 }))).toBe(1)
    // Pending Invitations: the page with its inviters, and the tenant's count, at once.
    expect(await waves(backend, () => backend.services.invitations.pending(actor, { limit: 50 }))).toBe(1)
    const queued = await backend.services.invitations.queue(actor, { status: 'pending', limit: 50 })
    expect(queued.items.map((i) => [i.email, i.invitedBy.name, i.tenant.name])).toEqual([
      ['someone@example.test', 'Ada Operator', 'Northwind MSP'],
    ])
    const listed = (await backend.services.auditLog.list(actor, { filter: { action: 'invitations.create' }, limit: 50 })).items
    expect(listed.map((e) => [e.actor?.name, e.tenant?.name, e.homeTenant?.name])).toEqual([
      ['Ada Operator', 'Northwind MSP', 'Northwind MSP'],
    ])
    // The current tenant, the recent ones and the first by name, all at once.
    expect(await waves(backend, () => backend.services.auth.switchableTenants(actor))).toBe(1)
    expect((await backend.services.auth.switchableTenants(actor)).map((t) => t.id)).toContain(acme)
  })
})
