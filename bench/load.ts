import autocannon from 'autocannon'

/**
 * The instance-server load test (issue 11): many clients at once against a server that answers
 * the contract over HTTP. Takes a base URL and the headers every request carries (session, origin…),
 * so any server that speaks the contract over HTTP can be measured.
 * autocannon runs on this thread: for figures of the server alone, the server should run in another
 * process (bench/instance-load.bench.ts spawns `switchboard instance serve`), not beside the clients.
 */
export interface LoadCase {
  label: string
  /** Path under the base URL, e.g. `/rpc/users/list`. */
  path: string
  body: string
}

export interface LoadFigures {
  label: string
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
  baseUrl: string,
  headers: Record<string, string>,
  cases: readonly LoadCase[],
  options: { connections?: number; seconds?: number } = {},
): Promise<LoadFigures[]> {
  const connections = options.connections ?? 200
  const seconds = options.seconds ?? 10
  const figures: LoadFigures[] = []
  for (const c of cases) {
    const run = autocannon({
      url: baseUrl.replace(/\/$/, '') + c.path,
      connections,
      duration: seconds,
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: c.body,
    })
    // What went wrong, by kind (ECONNRESET, a timeout…): an error count alone says nothing to fix.
    const errorKinds: Record<string, number> = {}
    run.on('reqError', (error) => {
      const kind = error.code ?? error.message
      errorKinds[kind] = (errorKinds[kind] ?? 0) + 1
    })
    const result = await run
    figures.push({
      label: c.label,
      connections,
      seconds,
      p50: result.latency.p50,
      p99: result.latency.p99,
      requestsPerSecond: result.requests.average,
      requests: result.requests.total,
      non2xx: result.non2xx,
      errors: result.errors,
      errorKinds,
    })
  }
  return figures
}
