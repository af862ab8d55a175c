import { createRouterClient } from '@orpc/server'
import { createRouter, rpcContext } from '../src/main/rpc/router'
import type { Services } from '../src/main/services'
import type { Capturer } from './capture'
import type { BenchCase } from './cases'
import { keepAliveClient, type ShellConnection } from './http'
import { mark, pair, printTable, TARGETS, verdict } from './report'
import type { BenchWorld, Session } from './setup'
import { measure, measureAlternately, median, ms, type Timing } from './stats'

export interface CaseFigures {
  id: string
  label: string
  /** Statements of a cold call (what raw runs), and of a warm one (after the first: what in-process caches leave). */
  statements: number
  warmStatements: number
  raw: Timing
  service: Timing
  contract: Timing
  http: Timing | null
  floor: Timing | null
  serviceOverRawP95: number
  serviceOverRawP50: number
  httpMinusFloorP95: number | null
}

export interface ListsEnv {
  services: Services
  /** Records the statements of one service call on this engine, to run them again as raw SQL. */
  capture: Capturer
  /**
   * Empties the backend's in-process caches (SQLite: the session and licence lookups), so that the
   * call recorded for raw reads everything it needs, as a first call does; absent where none are kept.
   */
  forgetCaches?: () => void
  world: BenchWorld
  /** Absent: no HTTP figures. */
  shell: ShellConnection | null
  floorServer: { port: number } | null
  iterations: number
  budgetMs: number
}

type Callable = Record<string, Record<string, (input: unknown) => Promise<unknown>>>
const routers = new WeakMap<Services, ReturnType<typeof createRouter>>()

/** The contract in process, as a host calls it: the router over the services, with a session slot holding the token. */
function clientFor(services: Services, session: Session): Callable {
  let router = routers.get(services)
  if (!router) routers.set(services, (router = createRouter(services)))
  return createRouterClient(router, {
    context: rpcContext(services, { get: () => session.token, set: () => undefined }, 'bench'),
  }) as unknown as Callable
}

/** One case at every layer: the raw SQL the service ran, the service, the contract in process, HTTP and the bare HTTP floor. */
export async function measureCase(c: BenchCase, env: ListsEnv): Promise<CaseFigures> {
  const { services, iterations, budgetMs } = env
  const session = env.world.sessions[c.session]
  // Raw is the SQL of a call that finds nothing cached: a call served from the caches runs less (or
  // none), and its time is set against what answering afresh costs the database, as "need not rebuild
  // what did not change" means. The warm call's statements are counted beside it.
  await c.service(services, session)
  const warm = await env.capture(() => c.service(services, session))
  warm.close()
  env.forgetCaches?.()
  const replay = await env.capture(() => c.service(services, session))
  // Raw and service in turns: their ratio is the target, and the machine's speed drifts.
  let raw: Timing, service: Timing
  try {
    ;[raw, service] = (await measureAlternately([() => replay.run(), () => c.service(services, session)], iterations, budgetMs)) as [
      Timing,
      Timing,
    ]
  } finally {
    replay.close()
  }
  const [feature, operation] = c.operation.split('/') as [string, string]
  const client = clientFor(services, session)
  const contract = await measure(() => client[feature]![operation]!(c.input), iterations, budgetMs)
  let http: Timing | null = null
  let floor: Timing | null = null
  if (env.shell && env.floorServer) {
    // Fresh keep-alive connections per case: an idle one may be closed by the server (5 s) between cases.
    const shellClient = keepAliveClient(env.shell.shell.port)
    const floorClient = keepAliveClient(env.floorServer.port)
    const headers = env.shell.headers(session.token)
    const body = env.shell.body(c.input)
    try {
      const first = await shellClient.post(`/rpc/${c.operation}`, headers, body)
      if (first.status !== 200) throw new Error(`${c.operation} over HTTP answered ${first.status}: ${first.body.slice(0, 300)}`)
      // The floor in turns with the call, so that both meet the machine in the same states.
      ;[http, floor] = (await measureAlternately(
        [() => shellClient.post(`/rpc/${c.operation}`, headers, body), () => floorClient.post(`/rpc/${c.operation}`, headers, body)],
        iterations,
        budgetMs,
      )) as [Timing, Timing]
    } finally {
      shellClient.close()
      floorClient.close()
    }
  }
  process.stderr.write(`  ${c.id}: raw ${pair(raw)} · service ${pair(service)} · contract ${pair(contract)} · http ${pair(http)} ms\n`)
  return {
    id: c.id,
    label: c.label,
    statements: replay.statements,
    warmStatements: warm.statements,
    raw,
    service,
    contract,
    http,
    floor,
    serviceOverRawP95: service.p95 / raw.p95,
    serviceOverRawP50: service.p50 / raw.p50,
    httpMinusFloorP95: http && floor ? http.p95 - floor.p95 : null,
  }
}

export function printCases(results: readonly CaseFigures[], iterations: number, title: string): void {
  if (!results.length) return
  printTable(
    `${title} — p50 / p95 ms over ${iterations} iterations`,
    [
      'case',
      'n',
      'stmts',
      'raw SQL',
      'service',
      'svc/raw p50',
      'svc/raw p95',
      `≤ ${TARGETS.serviceOverRawP95}×`,
      'contract',
      'HTTP',
      'floor',
      'HTTP−floor p95',
      `≤ +${TARGETS.httpOverFloorP95Ms} ms`,
    ],
    results.map((r) => [
      r.label,
      String(Math.min(r.raw.n, r.service.n, r.contract.n, r.http?.n ?? Infinity)),
      r.warmStatements === r.statements ? String(r.statements) : `${r.statements} (warm ${r.warmStatements})`,
      pair(r.raw),
      pair(r.service),
      `${r.serviceOverRawP50.toFixed(2)}×`,
      `${r.serviceOverRawP95.toFixed(2)}×`,
      mark(verdict(r.serviceOverRawP95, TARGETS.serviceOverRawP95)),
      pair(r.contract),
      pair(r.http),
      pair(r.floor),
      ms(r.httpMinusFloorP95),
      mark(verdict(r.httpMinusFloorP95, TARGETS.httpOverFloorP95Ms)),
    ]),
  )
  const floorP50 = results.flatMap((r) => (r.floor ? [r.floor.p50] : []))
  const floorP95 = results.flatMap((r) => (r.floor ? [r.floor.p95] : []))
  if (floorP50.length)
    console.log(
      `bare Node HTTP round trip (same keep-alive client, loopback): median over cases p50 ${ms(median(floorP50))} ms, p95 ${ms(median(floorP95))} ms`,
    )
}
