/** Every rule that depends on time reads it from here, so tests can move time at will. */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/** A clock that only moves when told to; for tests and the benchmark. */
export function manualClock(start: Date = new Date('2026-01-01T00:00:00Z')) {
  let current = start.getTime()
  return {
    now: () => new Date(current),
    set: (at: Date) => {
      current = at.getTime()
    },
    advance: (ms: number) => {
      current += ms
    },
  }
}
