import { expect, it } from 'vitest'
import { PALETTE_LIMIT } from '../../../shared/contract'
import { backendOn, describeEngines } from '../../../../tests/support/engines'
import { seedOperator, seedTenant, seedUser } from '../../../../tests/support/seed'

describeEngines('the command palette search', (engine) => {
  async function threeTenants() {
    const backend = await backendOn(engine)
    const op = await seedOperator(backend)
    const contoso = await seedTenant(backend, 'Contoso Dental', 'contoso')
    const fabrikam = await seedTenant(backend, 'Fabrikam Ltd', 'fabrikam')
    const carla = await seedUser(backend, contoso, 'AGENT', 'Carla Mendez', 'carla@contoso.test')
    const bea = await seedUser(backend, fabrikam, 'ADMIN', 'Bea Admin', 'bea@fabrikam.test')
    const fred = await seedUser(backend, fabrikam, 'AGENT', 'Fred Mendel', 'fred@fabrikam.test')
    return { backend, op, contoso, fabrikam, carla, bea, fred }
  }

  it("finds an ADMIN its own tenant's users and organisation only, never another tenant's", async () => {
    const { backend, fabrikam, bea } = await threeTenants()
    const found = await backend.services.search.palette(bea.actor, 'MEND')
    expect(found.users.map((u) => [u.email, u.tenant.slug])).toEqual([['fred@fabrikam.test', 'fabrikam']])
    // Another tenant's organisation is not found, nor its users by a shorter term.
    expect((await backend.services.search.palette(bea.actor, 'contoso')).organisations).toEqual([])
    expect((await backend.services.search.palette(bea.actor, 'ca')).users).toEqual([])
    expect((await backend.services.search.palette(bea.actor, 'fabri')).organisations.map((o) => o.id)).toEqual([fabrikam])
  })

  it('finds an Admin Tenant member users of every tenant it may switch into, and every organisation', async () => {
    const { backend, op, contoso, fabrikam } = await threeTenants()
    const found = await backend.services.search.palette(op.actor, 'mend')
    expect(found.users.map((u) => [u.name, u.tenant.id, u.tenant.name])).toEqual([
      ['Carla Mendez', contoso, 'Contoso Dental'],
      ['Fred Mendel', fabrikam, 'Fabrikam Ltd'],
    ])
    // Organisations by name or slug, any case.
    expect((await backend.services.search.palette(op.actor, 'DENTAL')).organisations.map((o) => o.slug)).toEqual(['contoso'])
    expect((await backend.services.search.palette(op.actor, 'abri')).organisations.map((o) => o.name)).toEqual(['Fabrikam Ltd'])
    // Email substrings, any case; two characters search the acting tenant only.
    expect((await backend.services.search.palette(op.actor, 'LA@CONTOSO')).users.map((u) => u.email)).toEqual(['carla@contoso.test'])
    expect((await backend.services.search.palette(op.actor, 'ar')).users).toEqual([])
  })

  it('answers at most PALETTE_LIMIT users and organisations', async () => {
    const { backend, op, contoso } = await threeTenants()
    for (let i = 0; i < PALETTE_LIMIT + 3; i++) {
      await seedUser(backend, contoso, 'AGENT', `Menda Number ${i}`)
      await seedTenant(backend, `Mendoza ${i}`, `mendoza-${i}`)
    }
    const found = await backend.services.search.palette(op.actor, 'mend')
    expect(found.users).toHaveLength(PALETTE_LIMIT)
    expect(found.organisations).toHaveLength(PALETTE_LIMIT)
  })

  it('finds no users for roles that do not manage users', async () => {
    const { backend, carla } = await threeTenants()
    const found = await backend.services.search.palette(carla.actor, 'carla')
    expect(found.users).toEqual([])
  })
})
