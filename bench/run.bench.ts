/**
 * npm run bench — issue 13's benchmark: the 1M-user store (built once per seed and size, then reused),
 * every list and search the console makes timed as raw SQL, service call, contract in process and over
 * HTTP beside a bare HTTP round trip, start-up, memory, and Chromium (tenant switch, keystroke → rows).
 * Prints figures next to their targets and writes them to bench/results/latest.json; asserts nothing.
 *
 * Smaller runs: BENCH_USERS=50000 BENCH_TENANTS=500 npm run bench (or --users/--tenants). Other knobs:
 * BENCH_SEED, BENCH_ITERATIONS (≥ 200 for the issue's figures), BENCH_BUDGET_SECONDS (caps each figure's time; n shows what was taken), BENCH_CHROMIUM_RUNS (≥ 10),
 * BENCH_SKIP=sqlite,startup,lists,http,chromium,postgres. The instance server load test follows: bench/instance-load.bench.ts.
 *
 * PostgreSQL (issue 19): the same cases on a database seeded with the same tenants and users
 * (BENCH_PG_USERS / BENCH_PG_TENANTS, default the same size), on a throwaway cluster the bench starts
 * as the tests do, or on BENCH_DATABASE_URL; skipped with one line where PostgreSQL is not installed.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { packageRoot } from '../src/main/backend'
import { benchCases, deepCursor } from './cases'
import { chromiumBench, SEARCH_TERMS, type ChromiumFigures } from './chromium'
import { signInToShell, startFloorServer, startShell } from './http'
import { measureCase, printCases, type CaseFigures } from './lists'
import { sqliteCapturer } from './capture'
import { forgetConnectionCaches } from '../src/main/db/connection-cache'
import { pgListsBench, printSideBySide, type PgListsFigures } from './postgres-lists'

import { mark, printTable, TARGETS, verdict } from './report'
import { BENCH_OPERATOR, ensureStore, openBench, prepareWorld, type BenchOptions } from './setup'
import { servedProcessRss, timeOpenBackend, timeStartCommand } from './startup'
import { median, ms } from './stats'

const { values: flags } = parseArgs({
  options: {
    users: { type: 'string' },
    tenants: { type: 'string' },
    seed: { type: 'string' },
    iterations: { type: 'string' },
    'budget-seconds': { type: 'string' },
    'chromium-runs': { type: 'string' },
    skip: { type: 'string' },
    'pg-users': { type: 'string' },
    'pg-tenants': { type: 'string' },
  },
})
const num = (flag: string | undefined, env: string | undefined, fallback: number) => Number(flag ?? env ?? fallback)
const options: BenchOptions = {
  users: num(flags.users, process.env.BENCH_USERS, 1_000_000),
  tenants: num(flags.tenants, process.env.BENCH_TENANTS, 10_000),
  seed: num(flags.seed, process.env.BENCH_SEED, 13),
  iterations: num(flags.iterations, process.env.BENCH_ITERATIONS, 200),
  budgetSeconds: num(flags['budget-seconds'], process.env.BENCH_BUDGET_SECONDS, 0),
  chromiumRuns: num(flags['chromium-runs'], process.env.BENCH_CHROMIUM_RUNS, 10),
  skip: new Set((flags.skip ?? process.env.BENCH_SKIP ?? '').split(',').filter(Boolean)),
}
const pgOptions = {
  ...options,
  pgUsers: num(flags['pg-users'], process.env.BENCH_PG_USERS, options.users),
  pgTenants: num(flags['pg-tenants'], process.env.BENCH_PG_TENANTS, options.tenants),
}
const root = packageRoot()

console.log(
  `Switchboard bench — ${options.users.toLocaleString('en')} users in ${options.tenants.toLocaleString('en')} tenants (seed ${options.seed}), ` +
    `${options.iterations} iterations per figure · ${os.cpus()[0]?.model ?? 'unknown CPU'} ×${os.cpus().length}, ` +
    `${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}, ${new Date().toISOString()}, ` +
    // Other work on the machine moves every figure: say how busy it was.
    `load average ${os.loadavg()[0]!.toFixed(1)}`,
)

async function sqliteBench() {
  // ── Store and seeding ────────────────────────────────────────────────────────────────────────────
  const { dir, seed } = await ensureStore(options, root)
  const seed1MSeconds = 1_000_000 / seed.usersPerSecond
  printTable(
    'Seeding (seedDemoStore)',
    ['what', 'figure', 'target', ''],
    [
      [
        `${seed.users.toLocaleString('en')} users + ${seed.tenants.toLocaleString('en')} tenants${seed.fresh ? '' : ` (cached, built ${seed.at})`}`,
        `${(seed.ms / 1000).toFixed(1)} s`,
        '',
        '',
      ],
      ['throughput', `${Math.round(seed.usersPerSecond).toLocaleString('en')} users/s`, '', ''],
      [
        '1M users at that rate',
        `${seed1MSeconds.toFixed(1)} s`,
        `≤ ${TARGETS.seed1MSeconds} s`,
        mark(verdict(seed1MSeconds, TARGETS.seed1MSeconds)),
      ],
    ],
  )
  console.log(`store: ${dir} (${(fs.statSync(path.join(dir, 'switchboard.sqlite')).size / 2 ** 20).toFixed(0)} MB)`)

  // ── Start-up (before this process opens the store) ──────────────────────────────────────────────
  let startRuns: { ms: number; rssMb: number | null }[] | null = null
  let openBackendMs: number[] = []
  if (!options.skip.has('startup')) {
    startRuns = await timeStartCommand(root, dir, 3)
    const startMs = startRuns ? median(startRuns.map((r) => r.ms)) : null
    openBackendMs = await timeOpenBackend(dir, 3)
    printTable(
      'Start-up (median of 3)',
      ['what', 'ms', 'target', ''],
      [
        [
          'openBackend on the store',
          ms(median(openBackendMs), 1),
          `≤ ${TARGETS.startupMs}`,
          mark(verdict(median(openBackendMs), TARGETS.startupMs)),
        ],
        [
          'switchboard start --browser → console link printed',
          startMs !== null ? ms(startMs, 1) : 'not built (npx electron-vite build)',
          `≤ ${TARGETS.startupMs}`,
          mark(verdict(startMs, TARGETS.startupMs)),
        ],
      ],
    )
  }

  // ── Lists and searches at every layer ───────────────────────────────────────────────────────────
  const backend = openBench(dir)
  const { services, store } = backend
  const world = await prepareWorld(backend)
  const deepPages = Math.max(1, Math.min(25, Math.floor(world.big.users / 200) - 1))
  const deep = { cursor: await deepCursor(services, world.sessions.big, deepPages), rows: deepPages * 200 }
  const cases = benchCases(world, deep)
  console.log(
    `\ntenants: big "${world.big.name}" (${world.big.users.toLocaleString('en')} users), small "${world.small.name}" (${world.small.users} users); ` +
      `operator ${world.sessions.admin.actor.userId}`,
  )

  const withHttp = !options.skip.has('http')
  const shell = withHttp || !options.skip.has('chromium') ? await startShell(services, root) : null
  const floorServer = withHttp ? await startFloorServer() : null

  const results: CaseFigures[] = []
  const lists = {
    services,
    capture: sqliteCapturer(store.sqlite),
    forgetCaches: () => forgetConnectionCaches(store.sqlite),
    world,
    shell,
    floorServer,
    iterations: options.iterations,
    budgetMs: options.budgetSeconds * 1000,
  }
  for (const c of options.skip.has('lists') ? [] : cases) results.push(await measureCase(c, lists))
  const rssAfterLists = process.resourceUsage().maxRSS / 1024

  printCases(
    results,
    options.iterations,
    'SQLite lists and searches (raw = the statements a call ran with the in-process caches emptied, prepared once, same connection)',
  )

  // ── Chromium ──────────────────────────────────────────────────────────────────────────────────────
  let chromiumFigures: ChromiumFigures | null = null
  if (shell && !options.skip.has('chromium')) {
    const terms: string[] = []
    for (const term of SEARCH_TERMS)
      if ((await services.users.list(world.sessions.big.actor, { search: term, limit: 5 })).items.length >= 5) terms.push(term)
    chromiumFigures = await chromiumBench(root, shell.shell.url, world, options.chromiumRuns, terms).catch((error: unknown) => ({
      switchToOverview: [],
      usersToFirstRows: [],
      switchToFirstRows: [],
      keystrokeToRows: [],
      note: `failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    }))
    const cf = chromiumFigures
    const med = (xs: number[]) => (xs.length ? median(xs) : null)
    printTable(
      `Chromium (headless, browser shell) — median of ${options.chromiumRuns}${cf.note ? ` — ${cf.note}` : ''}`,
      ['what', 'ms', 'target', ''],
      [
        ['tenant switch → Overview shown', ms(med(cf.switchToOverview), 0), '', ''],
        ['Admin → Users → first rows shown', ms(med(cf.usersToFirstRows), 0), '', ''],
        [
          'tenant switch → first user rows (the two above)',
          ms(med(cf.switchToFirstRows), 0),
          `≤ ${TARGETS.switchToFirstRowsMs}`,
          mark(verdict(med(cf.switchToFirstRows), TARGETS.switchToFirstRowsMs)),
        ],
        [
          `keystroke → matching rows (${world.big.users.toLocaleString('en')}-user tenant)`,
          ms(med(cf.keystrokeToRows), 0),
          `≤ ${TARGETS.keystrokeToRowsMs}`,
          mark(verdict(med(cf.keystrokeToRows), TARGETS.keystrokeToRowsMs)),
        ],
      ],
    )
  }

  // The instance server's load test (issue 11) runs after this one: bench/instance-load.bench.ts.

  // ── Memory ───────────────────────────────────────────────────────────────────────────────────────
  const peakRssMb = process.resourceUsage().maxRSS / 1024
  await shell?.shell.close()
  await floorServer?.close()
  await backend.close()
  const startedRss = startRuns?.flatMap((r) => (r.rssMb === null ? [] : [r.rssMb])) ?? []
  const startedRssMb = startedRss.length ? Math.max(...startedRss) : null
  // The product's own process: started on the store, signed in, every case called a few times, then read.
  const servedRssMb = options.skip.has('startup')
    ? null
    : await servedProcessRss(root, dir, async (link) => {
        const console_ = await signInToShell(link, BENCH_OPERATOR.admin.email, BENCH_OPERATOR.admin.password)
        try {
          for (const tenant of ['admin', 'big', 'small'] as const) {
            if (tenant !== 'admin') await console_.call('auth/switchTenant', { tenantId: world[tenant].id })
            for (const c of cases.filter((k) => k.session === tenant)) for (let i = 0; i < 3; i++) await console_.call(c.operation, c.input)
          }
        } finally {
          console_.close()
        }
      })
  printTable(
    'Memory — peak RSS',
    ['what', 'MB', 'target', ''],
    [
      [
        'switchboard start, store open, link printed',
        ms(startedRssMb, 0),
        `≤ ${TARGETS.rssMb}`,
        mark(verdict(startedRssMb, TARGETS.rssMb)),
      ],
      [
        'switchboard start after serving every case 3×',
        ms(servedRssMb, 0),
        `≤ ${TARGETS.rssMb}`,
        mark(verdict(servedRssMb, TARGETS.rssMb)),
      ],
      // The bench process also holds tsx, the captured statements, the HTTP clients and Playwright's client.
      ['bench process after the lists (backend + bench)', rssAfterLists.toFixed(0), '', ''],
      ['bench process at the end', peakRssMb.toFixed(0), '', ''],
    ],
  )
  return {
    seed: { ...seed, seed1MSeconds },
    startup: { openBackendMs, startToLink: startRuns },
    tenants: { big: world.big, small: world.small },
    cases: results,
    chromium: chromiumFigures,
    memory: { startedProcessMb: startedRssMb, servedProcessMb: servedRssMb, benchAfterListsMb: rssAfterLists, benchPeakMb: peakRssMb },
  }
}

const sqlite = options.skip.has('sqlite') ? null : await sqliteBench()

// ── PostgreSQL: the same cases on the same data ───────────────────────────────────────────────────
let postgres: PgListsFigures | null = null
if (!options.skip.has('postgres')) {
  console.log(`\nload average before PostgreSQL: ${os.loadavg()[0]!.toFixed(1)}`)
  postgres = await pgListsBench(pgOptions, root)
  if (postgres && postgres.cases.length) printSideBySide(sqlite?.cases ?? [], postgres)
}

const out = path.join(root, 'bench', 'results', 'latest.json')
fs.mkdirSync(path.dirname(out), { recursive: true })
fs.writeFileSync(
  out,
  JSON.stringify(
    {
      at: new Date().toISOString(),
      machine: {
        cpu: os.cpus()[0]?.model,
        cores: os.cpus().length,
        memoryGb: Math.round(os.totalmem() / 2 ** 30),
        os: `${os.type()} ${os.release()}`,
        node: process.version,
      },
      options: { ...pgOptions, skip: [...options.skip] },
      targets: TARGETS,
      ...sqlite,
      postgres,
    },
    null,
    2,
  ) + '\n',
)
console.log(`\nwritten: ${path.relative(root, out)}`)
