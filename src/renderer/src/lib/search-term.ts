import { useEffect, useState } from 'react'

/**
 * The pause inside a burst of typing before a search goes out. Short, because a search that is
 * overtaken costs little: queries are keyed by their text, so when newer text arrives the older
 * query loses its last observer and TanStack Query aborts its request (oRPC hands the query's
 * AbortSignal to the transport), and `keepPreviousData` keeps the current rows on screen until the
 * new ones come. An answer for older text is never shown for newer text: it lands in its own key.
 */
export const SEARCH_PAUSE_MS = 100

/**
 * How long a keystroke's search waits, given the time since the keystroke before it: none after a
 * quiet spell (the first key someone presses goes out at once), the pause inside a burst (only the
 * burst's last text goes out once typing pauses).
 */
export function searchDelay(sinceLastKeystroke: number, pause = SEARCH_PAUSE_MS): number {
  return sinceLastKeystroke >= pause ? 0 : pause
}

interface Typing {
  typed: string
  settled: string
  at: number
}

/**
 * The text to search for as `typed` changes: every debounced search of the console goes through
 * here (users and organisations lists, audit log, tenant switcher, command palette, pickers).
 */
export function useSearchTerm(typed: string, pause = SEARCH_PAUSE_MS): string {
  const [state, setState] = useState<Typing>({ typed, settled: typed, at: Number.NEGATIVE_INFINITY })
  let current = state
  if (state.typed !== typed) {
    // Adjusted while rendering (React's pattern for state derived from a prop): a keystroke after a
    // quiet spell is searched in this very render, with no effect or timer in between.
    const now = performance.now()
    current = { typed, settled: searchDelay(now - state.at, pause) === 0 ? typed : state.settled, at: now }
    setState(current)
  }
  const waiting = current.typed !== current.settled
  useEffect(() => {
    if (!waiting) return
    const timer = setTimeout(() => setState((s) => (s.typed === current.typed ? { ...s, settled: s.typed } : s)), pause)
    return () => clearTimeout(timer)
  }, [current.typed, waiting, pause])
  return current.settled
}
