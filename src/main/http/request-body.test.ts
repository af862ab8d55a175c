import { describe, expect, it } from 'vitest'
import { jsonDepth } from './request-body'

describe('jsonDepth', () => {
  it.each([
    ['1', 0],
    ['{}', 1],
    ['{"a":[1,{"b":[]}]}', 4],
    ['[[],[[]],[]]', 3],
    // Brackets inside strings, and escaped quotes, do not count.
    ['{"a":"[[[{{{"}', 1],
    ['["\\"[[[", ["x"]]', 2],
    ['["\\\\", [[]]]', 3],
  ])('%s nests %i deep', (text, depth) => {
    expect(jsonDepth(text)).toBe(depth)
    expect(jsonDepth(text)).toBe(depthByParsing(text))
  })

  it('stops counting past the limit', () => {
    expect(jsonDepth('['.repeat(1_000_000), 32)).toBe(33)
  })
})

/** The same measure on the parsed value, to check the scanner against. */
function depthByParsing(text: string): number {
  const depth = (v: unknown): number =>
    v !== null && typeof v === 'object' ? 1 + Math.max(0, ...Object.values(v as Record<string, unknown>).map(depth)) : 0
  return depth(JSON.parse(text))
}
