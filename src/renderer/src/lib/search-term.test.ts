import { describe, expect, it } from 'vitest'
import { SEARCH_PAUSE_MS, searchDelay } from './search-term'

describe('searchDelay', () => {
  it('sends the first keystroke after a quiet spell at once', () => {
    expect(searchDelay(Number.POSITIVE_INFINITY)).toBe(0)
    expect(searchDelay(SEARCH_PAUSE_MS)).toBe(0)
  })
  it('holds a keystroke inside a burst for the pause', () => {
    expect(searchDelay(0)).toBe(SEARCH_PAUSE_MS)
    expect(searchDelay(SEARCH_PAUSE_MS - 1)).toBe(SEARCH_PAUSE_MS)
  })
})
