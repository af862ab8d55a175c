import { describe, expect, it } from 'vitest'
import { slugSchema, suggestSlug } from './common'

describe('slug rules', () => {
  it.each(['ab', 'acme', 'acme-2', 'a1-b2-c3', 'x'.repeat(63)])('accepts %s', (slug) => {
    expect(slugSchema.parse(slug)).toBe(slug)
  })

  it('trims and lower-cases before checking', () => {
    expect(slugSchema.parse('  Contoso-Ltd ')).toBe('contoso-ltd')
  })

  it.each([
    ['a', /2–63/],
    ['x'.repeat(64), /2–63/],
    ['-acme', /not at the start or end/],
    ['acme-', /not at the start or end/],
    ['ac--me', /single hyphens/],
    ['ac me', /lowercase letters/],
    ['acmé', /lowercase letters/],
    ['acme_ltd', /lowercase letters/],
    ['acme.ltd', /lowercase letters/],
  ])('refuses %s with the reason', (slug, reason) => {
    const result = slugSchema.safeParse(slug)
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]?.message).toMatch(reason)
  })

  it.each([
    ['Acme Café Ltd.', 'acme-cafe-ltd'],
    ['  Northwind   MSP  ', 'northwind-msp'],
    ['Über--Tech & Co', 'uber-tech-co'],
    ['!!!', ''],
  ])('suggests a slug from the name %s', (name, slug) => {
    expect(suggestSlug(name)).toBe(slug)
  })

  it('suggests at most 63 characters, never ending in a hyphen', () => {
    const suggested = suggestSlug(`${'a'.repeat(62)} b`)
    expect(suggested).toBe('a'.repeat(62))
    expect(slugSchema.safeParse(suggestSlug('Long Organisation Name '.repeat(5))).success).toBe(true)
  })
})
