import { describe, expect, it } from 'vitest'
import { actingIn, type Actor } from './actor'

describe('actingIn', () => {
  const operator: Actor = {
    sessionId: 's',
    userId: 'u',
    role: 'SUPER_ADMIN',
    homeTenantId: 'admin-tenant',
    actingTenantId: 'admin-tenant',
    homeIsAdminTenant: true,
    actingIsAdminTenant: true,
  }

  it('moves the acting tenant and says whether it is the Admin Tenant; the home is kept', () => {
    const inAcme = actingIn(operator, 'acme')
    expect(inAcme).toEqual({ ...operator, actingTenantId: 'acme', actingIsAdminTenant: false })
    expect(actingIn(inAcme, 'admin-tenant')).toEqual(operator)
    expect(actingIn(inAcme, 'acme')).toEqual(inAcme)
    const member: Actor = {
      ...operator,
      role: 'ADMIN',
      homeTenantId: 'acme',
      actingTenantId: 'acme',
      homeIsAdminTenant: false,
      actingIsAdminTenant: false,
    }
    expect(actingIn(member, 'acme')).toEqual(member)
  })
})
