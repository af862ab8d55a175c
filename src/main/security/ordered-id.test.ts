import { describe, expect, it } from 'vitest'
import { orderedId } from './ordered-id'

describe('ordered ids', () => {
  it('are UUIDv7 strings that only grow, within one millisecond and across them', () => {
    const ids = [
      ...Array.from({ length: 5000 }, () => orderedId(1_700_000_000_000)),
      orderedId(1_700_000_000_000),
      orderedId(1_700_000_000_500),
    ]
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect([...ids].sort()).toEqual(ids)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('never go back when the clock does', () => {
    const later = orderedId(1_800_000_000_000)
    const afterStep = orderedId(1_799_999_999_000)
    expect(afterStep > later).toBe(true)
  })
})
