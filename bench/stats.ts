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

export const median = (samples: readonly number[]) => percentile([...samples].sort((a, b) => a - b), 50)

/** Times `fn` (sync or async) `iterations` times after a warm-up; milliseconds per call. */
export async function measure(fn: () => unknown, iterations: number, warmup = Math.min(20, iterations)): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn()
  const samples: number[] = []
  for (let i = 0; i < iterations; i++) {
    const start = performance.now()
    const result = fn()
    if (result instanceof Promise) await result
    samples.push(performance.now() - start)
  }
  return summarise(samples)
}

export const ms = (value: number | null | undefined, digits = 2) =>
  value === null || value === undefined || Number.isNaN(value) ? '—' : value.toFixed(digits)
