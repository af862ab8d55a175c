import { describe, expect, it } from 'vitest'
import { TENANT_COLOURS, tenantColour } from './tenant-colour'

describe('tenantColour', () => {
  it('is the same colour for the same tenant, every time', () => {
    const id = '0b7f3c1e-2a4d-4c8e-9f00-123456789abc'
    const first = tenantColour(id)
    for (let i = 0; i < 5; i++) expect(tenantColour(id)).toBe(first)
    // Pinned: a change of the derivation would repaint every operator's tenants.
    expect(tenantColour(id)).toMatchInlineSnapshot(`"indigo"`)
  })

  it('spreads tenants over every colour of the set, none much more often than the others', () => {
    const counts = new Map<string, number>()
    const n = 5000
    for (let i = 0; i < n; i++) {
      const colour = tenantColour(crypto.randomUUID())
      counts.set(colour, (counts.get(colour) ?? 0) + 1)
    }
    expect([...counts.keys()].sort()).toEqual([...TENANT_COLOURS].sort())
    const even = n / TENANT_COLOURS.length
    for (const count of counts.values()) {
      expect(count).toBeGreaterThan(even * 0.7)
      expect(count).toBeLessThan(even * 1.3)
    }
  })

  it('tells apart ids that differ in one character', () => {
    const colours = new Set(['tenant-1', 'tenant-2', 'tenant-3', 'tenant-4', 'tenant-5'].map(tenantColour))
    expect(colours.size).toBeGreaterThan(1)
  })

  it('never gives a colour that reads as a state (error, warning, disabled)', () => {
    for (const state of ['red', 'yellow', 'gray']) expect(TENANT_COLOURS).not.toContain(state)
  })
})
