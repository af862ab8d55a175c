import os from 'node:os'
import { performance } from 'node:perf_hooks'
import { seedPg } from '../src/main/features/demo/demo-seed.pg'
import { pgCapturer } from './capture.pg'
import { benchCases, deepCursor } from './cases'
import { startFloorServer, startShell } from './http'
import { measureCase, printCases, type CaseFigures } from './lists'
import { benchPostgres, openPgBench, vacuumAnalyze } from './pg'
import { mark, pair, printTable, TARGETS, verdict } from './report'
import { prepareWorld, type BenchOptions, type BenchWorld } from './setup'
import { ms } from './stats'

export interface PgListsFigures {
  where: string
  users: number
  tenants: number
  seedMs: number
  vacuumAnalyzeMs: number
  databaseMb: number
  measuredTenants: { big: BenchWorld['big']; small: BenchWorld['small'] }
  cases: CaseFigures[]
}

const progressLine = (label: string, started: number) => {
  let last = 0
  return (done: number, total: number) => {
    const now = performance.now()
    if (now - last < 1000 && done < total) return
    last = now
    process.stderr.write(`\r${label}: ${Math.floor((done / total) * 100)}% after ${((now - started) / 1000).toFixed(0)} s   `)
  }
}

/**
 * The same lists and searches on PostgreSQL (issue 19): a database seeded by `seedPg` with the same
 * tenants and users as the SQLite store for the same seed and size, VACUUM ANALYZE, then every case
 * timed as raw SQL (the statements the service ran, again through the pool), service, contract in
 * process and over HTTP (the browser shell over these services) beside the bare round trip.
 * Returns null (after one line) where there is no PostgreSQL.
 */
export async function pgListsBench(
  options: BenchOptions & { pgUsers: number; pgTenants: number },
  root: string,
): Promise<PgListsFigures | null> {
  const server = await benchPostgres()
  if ('skipped' in server) {
    console.log(`\nPostgreSQL: skipped — ${server.skipped}; BENCH_DATABASE_URL=postgres://… to use a server of yours.`)
    return null
  }
  try {
    console.log(`\nPostgreSQL: ${server.where}`)
    const url = await server.createDatabase('lists')
    const backend = await openPgBench(url)
    try {
      const started = performance.now()
      const seed = await seedPg(backend.pg, {
        users: options.pgUsers,
        tenants: options.pgTenants,
        seed: options.seed,
        onProgress: progressLine('seeding PostgreSQL', started),
      })
      process.stderr.write('\n')
      const vacuumAnalyzeMs = await vacuumAnalyze(backend.pg.pool)
      const size = await backend.pg.pool.query<{ bytes: string }>('select pg_database_size(current_database()) as bytes')
      const databaseMb = Number(size.rows[0]!.bytes) / 2 ** 20
      printTable(
        'Seeding PostgreSQL (seedPg, then VACUUM ANALYZE)',
        ['what', 'figure'],
        [
          [`${seed.users.toLocaleString('en')} users + ${seed.tenants.toLocaleString('en')} tenants`, `${(seed.ms / 1000).toFixed(1)} s`],
          ['throughput', `${Math.round(seed.users / (seed.ms / 1000)).toLocaleString('en')} users/s`],
          ['VACUUM ANALYZE', `${(vacuumAnalyzeMs / 1000).toFixed(1)} s`],
          ['database size', `${databaseMb.toFixed(0)} MB`],
        ],
      )

      const { services } = backend
      const world = await prepareWorld(backend)
      const deepPages = Math.max(1, Math.min(25, Math.floor(world.big.users / 200) - 1))
      const deep = { cursor: await deepCursor(services, world.sessions.big, deepPages), rows: deepPages * 200 }
      const cases = benchCases(world, deep)
      console.log(
        `tenants: big "${world.big.name}" (${world.big.users.toLocaleString('en')} users), small "${world.small.name}" (${world.small.users} users)`,
      )
      const withHttp = !options.skip.has('http')
      const shell = withHttp ? await startShell(services, root) : null
      const floorServer = withHttp ? await startFloorServer() : null
      const results: CaseFigures[] = []
      try {
        const env = {
          services,
          capture: pgCapturer(backend.pg.pool),
          world,
          shell,
          floorServer,
          iterations: options.iterations,
          budgetMs: options.budgetSeconds * 1000,
        }
        for (const c of cases) results.push(await measureCase(c, env))
      } finally {
        await shell?.shell.close()
        await floorServer?.close()
      }
      console.log(`load average after the PostgreSQL cases: ${os.loadavg()[0]!.toFixed(1)}`)
      printCases(
        results,
        options.iterations,
        `PostgreSQL lists and searches, ${seed.users.toLocaleString('en')} users (raw = the statements the service ran, again in order on one pooled connection)`,
      )
      return {
        where: server.where,
        users: seed.users,
        tenants: seed.tenants,
        seedMs: seed.ms,
        vacuumAnalyzeMs,
        databaseMb,
        measuredTenants: { big: world.big, small: world.small },
        cases: results,
      }
    } finally {
      await backend.close()
    }
  } finally {
    await server.close()
  }
}

/** Each case on both engines, p95 side by side, with the p95 ≤ 5 ms goal on PostgreSQL (reported, not asserted). */
export function printSideBySide(sqlite: readonly CaseFigures[], postgres: PgListsFigures): void {
  const byId = new Map(sqlite.map((r) => [r.id, r]))
  printTable(
    `SQLite beside PostgreSQL — p50 / p95 ms (PostgreSQL at ${postgres.users.toLocaleString('en')} users)`,
    [
      'case',
      'SQLite service',
      'PG raw SQL',
      'PG service',
      'PG svc/raw p95',
      'PG HTTP',
      `PG service p95 ≤ ${TARGETS.pgP95Ms}`,
      `PG HTTP p95 ≤ ${TARGETS.pgP95Ms}`,
    ],
    postgres.cases.map((r) => [
      r.label,
      pair(byId.get(r.id)?.service),
      pair(r.raw),
      pair(r.service),
      `${ms(r.serviceOverRawP95)}×`,
      pair(r.http),
      mark(verdict(r.service.p95, TARGETS.pgP95Ms)),
      mark(verdict(r.http?.p95, TARGETS.pgP95Ms)),
    ]),
  )
}
