import { describe, expect, it } from 'vitest'
import { menuCommandAction } from './menu-command-action'

const away = { homeTenant: { id: 'home' }, actingTenant: { id: 'customer' } }
const atHome = { homeTenant: { id: 'home' }, actingTenant: { id: 'home' } }

describe('native menu commands in the console', () => {
  it('toggles the colour scheme whoever is signed in', () => {
    expect(menuCommandAction('toggle-color-scheme', null)).toEqual({ kind: 'toggle-color-scheme' })
  })

  it('returns to the home tenant only when working elsewhere', () => {
    expect(menuCommandAction('return-home-tenant', away)).toEqual({ kind: 'switch-tenant', tenantId: 'home' })
    expect(menuCommandAction('return-home-tenant', atHome)).toBeNull()
    expect(menuCommandAction('return-home-tenant', null)).toBeNull()
  })

  it('leaves Switch Tenant… to the tenant switcher', () => {
    expect(menuCommandAction('switch-tenant', away)).toBeNull()
  })
})
