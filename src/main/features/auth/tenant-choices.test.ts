import { describe, expect, it } from 'vitest'
import { backendOn, describeEngines } from '../../../../tests/support/engines'
import { seedOperator, seedTenant, seedUser } from '../../../../tests/support/seed'
import type { SwitcherRow } from '../organisations/organisations.repository'
import { orderTenantChoices } from './tenant-choices'

const row = (name: string): SwitcherRow => ({ id: name.toLowerCase(), name, slug: name.toLowerCase(), isDemo: false })

describe('orderTenantChoices', () => {
  const [acme, beta, contoso, delta, echo] = ['Acme', 'Beta', 'Contoso', 'Delta', 'Echo'].map(row) as [SwitcherRow, ...SwitcherRow[]]
  const byName = [acme, beta!, contoso!, delta!, echo!]

  it('puts the current tenant first, then the recent ones most recent first, then the rest by name, each once', () => {
    const choices = orderTenantChoices(delta, [echo!, beta!, delta!], byName)
    expect(choices.map((c) => [c.name, c.current, c.recent])).toEqual([
      ['Delta', true, false],
      ['Echo', false, true],
      ['Beta', false, true],
      ['Acme', false, false],
      ['Contoso', false, false],
    ])
  })

  it('lists alphabetically when nothing is current or recent among the matches, and stops at the limit', () => {
    expect(orderTenantChoices(undefined, [], byName).map((c) => c.name)).toEqual(['Acme', 'Beta', 'Contoso', 'Delta', 'Echo'])
    expect(orderTenantChoices(contoso, [echo!], byName, 3).map((c) => c.name)).toEqual(['Contoso', 'Echo', 'Acme'])
  })
})

describeEngines('the tenant switcher list', (engine) => {
  it('lists every organisation without a search, ordered current → recent → by name; typing filters by name or slug', async () => {
    const backend = await backendOn(engine)
    const op = await seedOperator(backend)
    const contoso = await seedTenant(backend, 'Contoso Dental', 'contoso')
    const fabrikam = await seedTenant(backend, 'Fabrikam Ltd', 'fabrikam')
    await seedTenant(backend, 'Adventure Works', 'adventure-works')
    const names = async (search?: string) => (await backend.services.auth.switchableTenants(op.actor, search)).map((t) => t.name)

    // Nothing used yet: the current tenant (the Admin Tenant), then the rest by name.
    expect(await names()).toEqual(['Northwind MSP', 'Adventure Works', 'Contoso Dental', 'Fabrikam Ltd'])

    // Switching records what was used, per operator: Fabrikam, then Contoso, then home again.
    await backend.services.auth.switchTenant(op.actor, fabrikam)
    backend.clock.advance(1000)
    await backend.services.auth.switchTenant(op.actor, contoso)
    backend.clock.advance(1000)
    const home = { ...op.actor, actingTenantId: contoso }
    await backend.services.auth.switchTenant(home, op.tenantId)
    const listed = await backend.services.auth.switchableTenants(op.actor)
    expect(listed.map((t) => [t.name, t.current, t.recent])).toEqual([
      ['Northwind MSP', true, false],
      ['Contoso Dental', false, true],
      ['Fabrikam Ltd', false, true],
      ['Adventure Works', false, false],
    ])

    // Server-side filtering keeps the same order among the matches; the slug matches too.
    expect(await names('o')).toEqual(['Northwind MSP', 'Contoso Dental', 'Adventure Works'])
    expect(await names('FABRIK')).toEqual(['Fabrikam Ltd'])
    expect(await names('contoso')).toEqual(['Contoso Dental'])
    expect(await names('no such organisation')).toEqual([])

    // Another operator of the Admin Tenant has their own recents.
    const colleague = await seedUser(backend, op.tenantId, 'SUPER_ADMIN', 'Sam Super')
    expect((await backend.services.auth.switchableTenants(colleague.actor)).some((t) => t.recent)).toBe(false)
  })

  it('keeps only the most recent few tenants per operator', async () => {
    const backend = await backendOn(engine)
    const op = await seedOperator(backend)
    const ids: string[] = []
    for (let i = 0; i < 7; i++) ids.push(await seedTenant(backend, `Tenant ${i}`, `tenant-${i}`))
    for (const id of ids) {
      await backend.services.auth.switchTenant(op.actor, id)
      backend.clock.advance(1000)
    }
    const recent = (await backend.services.auth.switchableTenants(op.actor)).filter((t) => t.recent)
    expect(recent.map((t) => t.name)).toEqual(['Tenant 6', 'Tenant 5', 'Tenant 4', 'Tenant 3', 'Tenant 2'])
  })
})
