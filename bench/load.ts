import autocannon, { type RawResult } from 'autocannon'

/**
 * The instance-server load test (issue 11): many clients at once against a server that answers
 * the contract over HTTP. Takes the base URLs of one or more processes serving the same data and the
 * headers every request carries (session, origin…); the clients are spread evenly over the processes,
 * as a round-robin load balancer would, and their latencies counted together.
 * autocannon runs on this thread: for figures of the servers alone, they should run in other
 * processes (bench/instance-load.bench.ts spawns `switchboard instance serve`), not beside the clients.
 */
export interface LoadCase {
  label: string
  /** Path under the base URL, e.g. `/rpc/users/list`. */
  path: string
  body: string
}

export interface LoadFigures {
  label: string
  processes: number
  connections: number
  seconds: number
  p50: number
  p99: number
  requestsPerSecond: number
  requests: number
  non2xx: number
  errors: number
  errorKinds: Record<string, number>
}

export async function loadTest(
  baseUrls: string | readonly string[],
  headers: Record<string, string>,
  cases: readonly LoadCase[],
  options: { connections?: number; seconds?: number } = {},
): Promise<LoadFigures[]> {
  const urls = typeof baseUrls === 'string' ? [baseUrls] : baseUrls
  const connections = options.connections ?? 200
  const seconds = options.seconds ?? 10
  const figures: LoadFigures[] = []
  for (const c of cases) {
    // What went wrong, by kind (ECONNRESET, a timeout…): an error count alone says nothing to fix.
    const errorKinds: Record<string, number> = {}
    const runs = urls.map((base, i) => {
      const run = autocannon({
        url: base.replace(/\/$/, '') + c.path,
        // The remainder goes to the first processes: every client is counted.
        connections: Math.floor(connections / urls.length) + (i < connections % urls.length ? 1 : 0),
        duration: seconds,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: c.body,
        // Each run's raw histograms, so the processes' latencies are counted together below.
        skipAggregateResult: true,
      })
      void run.on('reqError', (error) => {
        const kind = error.code ?? error.message
        errorKinds[kind] = (errorKinds[kind] ?? 0) + 1
      })
      return run as unknown as Promise<RawResult>
    })
    const raw = await Promise.all(runs)
    const result = autocannon.aggregateResult(raw, { url: urls[0]!, connections, duration: seconds })
    const requests = raw.reduce((sum, r) => sum + r.totalCompletedRequests, 0)
    const duration = Math.max(...raw.map((r) => r.duration))
    figures.push({
      label: c.label,
      processes: urls.length,
      connections,
      seconds,
      p50: result.latency.p50,
      p99: result.latency.p99,
      requestsPerSecond: requests / duration,
      requests,
      non2xx: result.non2xx,
      errors: result.errors,
      errorKinds,
    })
  }
  return figures
}
