import { describe, expect, it } from 'vitest'
import { effectiveFeatures, overrideWithoutEffect, parseFeatureOverride, type Feature } from './features'

describe('Features Enabled', () => {
  it.each([
    ['', null],
    ['   ', null],
    ['[]', []],
    ['["helpdesk","crm","rmm"]', ['helpdesk', 'crm', 'rmm']],
    ['["crm","crm"]', ['crm']],
  ])('accepts %j', (text, value) => {
    expect(parseFeatureOverride(text)).toEqual({ ok: true, value })
  })

  it.each([
    ['["helpdesk"', /Not valid JSON/],
    ['{"helpdesk":true}', /Must be a JSON array/],
    ['"helpdesk"', /Must be a JSON array/],
    ['[1]', /feature code in quotes; found 1/],
    ['["helpdesk","warp-drive","x"]', /Unknown feature codes: warp-drive, x/],
  ])('refuses %j with the reason', (text, reason) => {
    const result = parseFeatureOverride(text)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error).toMatch(reason)
  })

  const licence: Feature[] = ['helpdesk', 'crm', 'reporting']
  it.each<[Feature[] | null, Feature[], Feature[]]>([
    [null, ['helpdesk', 'crm', 'reporting'], []],
    [[], [], []],
    [['helpdesk'], ['helpdesk'], []],
    [['helpdesk', 'rmm'], ['helpdesk'], ['rmm']],
    [['rmm', 'billing'], [], ['rmm', 'billing']],
  ])('override %j gives %j (without effect: %j)', (override, effective, ignored) => {
    expect(effectiveFeatures(licence, override)).toEqual(effective)
    expect(overrideWithoutEffect(licence, override)).toEqual(ignored)
  })

  it('gives nothing without licence features', () => {
    expect(effectiveFeatures([], null)).toEqual([])
  })
})
