import { performance } from 'node:perf_hooks'

export interface Timing {
  p50: number
  p95: number
  n: number
}

export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return NaN
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[index]!
}

export function summarise(samples: readonly number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b)
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), n: sorted.length }
}

export const median = (samples: readonly number[]) =>
  percentile(
    [...samples].sort((a, b) => a - b),
    50,
  )

/**
 * Times `fn` (sync or async) `iterations` times after a warm-up; milliseconds per call. With a
 * budget (ms), stops early once it is spent, after at least 20 samples: `n` says how many were taken.
 */
export async function measure(fn: () => unknown, iterations: number, budgetMs = 0, warmup = Math.min(10, iterations)): Promise<Timing> {
  return (await measureAlternately([fn], iterations, budgetMs, warmup))[0]!
}

/**
 * The same for several calls taken in turns (one of each per iteration), so that every series
 * meets the same states of the machine: figures that are set against each other (a service and
 * its raw SQL, HTTP and its bare floor) are not skewed by the machine speeding up or slowing down
 * between one series and the next, which on a shared two-core machine it does by tens of percent.
 */
export async function measureAlternately(
  fns: readonly (() => unknown)[],
  iterations: number,
  budgetMs = 0,
  warmup = Math.min(10, iterations),
): Promise<Timing[]> {
  for (let i = 0; i < warmup; i++) for (const fn of fns) await fn()
  const samples = fns.map((): number[] => [])
  const began = performance.now()
  for (let i = 0; i < iterations; i++) {
    if (budgetMs > 0 && i >= 20 && performance.now() - began > budgetMs) break
    for (const [k, fn] of fns.entries()) {
      const start = performance.now()
      const result = fn()
      if (result instanceof Promise) await result
      samples[k]!.push(performance.now() - start)
    }
  }
  return samples.map(summarise)
}

export const ms = (value: number | null | undefined, digits = 2) =>
  value === null || value === undefined || Number.isNaN(value) ? '—' : value.toFixed(digits)
