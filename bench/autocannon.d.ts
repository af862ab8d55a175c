// autocannon ships no types; the bench uses this much of its API.
declare module 'autocannon' {
  interface Histogram {
    average: number
    mean: number
    p50: number
    p90: number
    p97_5: number
    p99: number
    max: number
  }
  interface Result {
    latency: Histogram
    requests: Histogram & { total: number }
    non2xx: number
    errors: number
    timeouts: number
    duration: number
  }
  /** A run's result with skipAggregateResult: encoded histograms, for aggregateResult. */
  export interface RawResult {
    totalCompletedRequests: number
    duration: number
    errors: number
    non2xx: number
  }
  interface Options {
    url: string
    connections?: number
    duration?: number
    amount?: number
    method?: 'GET' | 'POST'
    headers?: Record<string, string>
    body?: string
    skipAggregateResult?: boolean
    requests?: { method?: 'GET' | 'POST'; path?: string; headers?: Record<string, string>; body?: string }[]
  }
  /** A running test: a promise of its result that also reports each failed request. */
  interface Run extends Promise<Result> {
    on(event: 'reqError', listener: (error: Error & { code?: string }) => void): Run
  }
  function autocannon(options: Options): Run
  namespace autocannon {
    /** Counts several runs' raw results (skipAggregateResult) together, latency histograms merged. */
    function aggregateResult(results: RawResult[], options: { url: string; connections: number; duration: number }): Result
  }
  export default autocannon
}
