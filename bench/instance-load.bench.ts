/**
 * npm run bench:instance — `switchboard instance serve` under 200 concurrent clients: Admin → Users
 * list and search over the /api of a store with 10,000 users, with a bearer session, as scripts call it.
 * The servers run in processes of their own (as on an on-prem machine), so the clients' work in this
 * process is not counted against them. Three set-ups: one process on the SQLite store; one process on
 * PostgreSQL; two processes on the same PostgreSQL database with the clients spread over both, as
 * behind a load balancer (issue 19). Prints p50/p99 latency, requests/s, the count of non-2xx answers
 * and errors (the run fails on any), and where the machine's CPU went meanwhile: clients, servers,
 * and the rest (PostgreSQL, when it runs here). The processes run the CLI from source under tsx, as
 * the tests start them. PostgreSQL as in run.bench.ts: BENCH_DATABASE_URL or a throwaway cluster.
 *
 * Pinned cores (issue 22): with two cores or more and `taskset` (util-linux), the load generator (this
 * process) runs on core 0 and the server side — the instance processes and a local PostgreSQL — on
 * core 1, so that the clients' work cannot slow the servers down or the other way round. BENCH_PIN=0
 * turns it off.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openBackend, packageRoot, type Backend } from '../src/main/backend'
import { insertInBatches } from '../src/main/db/query'
import { seedOperator } from '../tests/support/seed'
import { cpuSince, cpuSnapshot, postgresPids } from './cpu'
import { loadTest, type LoadFigures } from './load'
import { benchPostgres, openPgBench, vacuumAnalyze } from './pg'
import { printTable } from './report'

const USERS = Number(process.env.BENCH_USERS_INSTANCE ?? 10_000)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 200)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const root = packageRoot()

/** The core the clients run on and the one the servers get, or null where the cores are not pinned. */
const PIN = (() => {
  if (process.env.BENCH_PIN === '0' || os.cpus().length < 2) return null
  try {
    execFileSync('taskset', ['-a', '-p', '-c', '0', String(process.pid)], { stdio: 'ignore' })
    return { clients: '0', servers: '1' }
  } catch {
    return null
  }
})()
/** Puts a running process (all its threads) on the servers' core; children it forks later inherit it. */
const pinToServerCore = (pid: number) => {
  if (PIN) execFileSync('taskset', ['-a', '-p', '-c', PIN.servers, String(pid)], { stdio: 'ignore' })
}
const CASES = [
  { label: 'users.list (first page, 50)', path: '/api/users/list', body: '{}' },
  { label: 'users.list search "user42"', path: '/api/users/list', body: JSON.stringify({ search: 'user42' }) },
]

/** The operator (signed in: the token every client sends) and USERS users in their tenant, through the repositories. */
async function seed(backend: Backend): Promise<string> {
  const op = await seedOperator(backend)
  const rows = Array.from({ length: USERS }, (_, i) => ({
    id: randomUUID(),
    tenantId: op.tenantId,
    email: `user${i}@bench.test`,
    name: `User ${(i * 7919) % USERS}`,
    role: 'AGENT' as const,
    active: true,
    passwordHash: null,
    createdAt: new Date(),
  }))
  await backend.engine.transaction((conn) => insertInBatches(conn, conn.t.users, rows))
  return op.token
}

interface Server {
  url: string
  child: ChildProcess
  stop(): Promise<void>
}

/** A real `switchboard instance serve` process; resolves once it prints where it listens. */
function serve(args: string[]): Promise<Server> {
  const command = [
    process.execPath,
    '--import',
    'tsx',
    path.join(root, 'src/main/cli/index.ts'),
    'instance',
    'serve',
    '--port',
    '0',
    ...args,
  ]
  const [file, ...argv] = PIN ? ['taskset', '-c', PIN.servers, ...command] : command
  const child = spawn(file!, argv, {
    cwd: root,
    // Its request log (stdout) is written, as in production, but not read.
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, DATABASE_URL: '' },
  })
  const exited = new Promise((resolve) => child.once('exit', resolve))
  return new Promise((resolve, reject) => {
    let printed = ''
    child.stderr!.on('data', (chunk: Buffer) => {
      printed += chunk.toString()
      const match = /URL:\s+(\S+)/.exec(printed)
      if (match)
        resolve({
          url: match[1]!,
          child,
          stop: async () => {
            child.kill('SIGTERM')
            await exited
          },
        })
    })
    child.once('exit', (code) => reject(new Error(`switchboard instance serve exited (${code}):\n${printed}`)))
  })
}

interface Row {
  setup: string
  figures: LoadFigures
  cpu: ReturnType<typeof cpuSince>
  /** The machine's 1-minute load average at the end of the case: other work there moves every figure. */
  loadAverage: number
}

async function measure(setup: string, servers: Server[], token: string, pgPort: number | null = null): Promise<Row[]> {
  const rows: Row[] = []
  for (const c of CASES) {
    const before = cpuSnapshot({
      servers: () => servers.map((s) => s.child.pid!),
      postgres: () => (pgPort === null ? [] : postgresPids(pgPort)),
    })
    const [figures] = await loadTest(
      servers.map((s) => s.url),
      { authorization: `Bearer ${token}` },
      [c],
      { connections: CONNECTIONS, seconds: SECONDS },
    )
    rows.push({ setup, figures: figures!, cpu: cpuSince(before), loadAverage: os.loadavg()[0]! })
  }
  return rows
}

const rows: Row[] = []

// ── SQLite: one process, the store in its data folder ────────────────────────────────────────────────
{
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-instance-bench-'))
  const backend = openBackend({ dataDir: dir, config: { mailFrom: 'bench@switchboard.test' } })
  const token = await seed(backend)
  backend.store.sqlite.pragma('optimize')
  await backend.close()
  // The session opened above lives in the store, so the server's process accepts its token.
  const server = await serve(['--data', dir])
  try {
    rows.push(...(await measure('SQLite, 1 process', [server], token)))
  } finally {
    await server.stop()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

// ── PostgreSQL: one process, then two on the same database ──────────────────────────────────────────
const postgres = process.env.BENCH_SKIP?.split(',').includes('postgres') ? { skipped: 'BENCH_SKIP=postgres' } : await benchPostgres()
if ('skipped' in postgres)
  console.log(`\nPostgreSQL: skipped — ${postgres.skipped}; BENCH_DATABASE_URL=postgres://… to use a server of yours.`)
else {
  try {
    // The running server processes (the postmaster and its helpers; backends it forks later inherit the core).
    if (postgres.localPort !== null) for (const pid of postgresPids(postgres.localPort)) pinToServerCore(pid)
    const url = await postgres.createDatabase('instance')
    const backend = await openPgBench(url)
    const token = await seed(backend)
    await vacuumAnalyze(backend.pg.pool)
    await backend.close()
    // Both processes are given the same data folder: it holds the fingerprint key they must share.
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-instance-bench-pg-'))
    const args = ['--database', url, '--data', dataDir]
    const servers = [await serve(args)]
    try {
      rows.push(...(await measure('PostgreSQL, 1 process', servers, token, postgres.localPort)))
      servers.push(await serve(args))
      rows.push(...(await measure('PostgreSQL, 2 processes', servers, token, postgres.localPort)))
    } finally {
      for (const server of servers) await server.stop()
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  } finally {
    await postgres.close()
  }
}

const cores = os.cpus().length
printTable(
  `Load: ${CONNECTIONS} concurrent clients against switchboard instance serve (${USERS.toLocaleString('en')} users, separate processes), ${SECONDS} s per case · ` +
    (PIN ? `clients pinned to core ${PIN.clients}, servers and PostgreSQL to core ${PIN.servers} · ` : 'cores not pinned · ') +
    `CPU: share of the machine's ${cores} cores while the case ran (clients: this process; other: anything else running here)`,
  [
    'case',
    'set-up',
    'p50 ms',
    'p99 ms',
    'req/s',
    'requests',
    'non-2xx',
    'errors',
    'CPU busy',
    'clients',
    'servers',
    'PostgreSQL',
    'other',
    'load avg',
  ],
  rows.map(({ setup, figures: f, cpu, loadAverage }) => [
    f.label,
    setup,
    String(f.p50),
    String(f.p99),
    f.requestsPerSecond.toFixed(0),
    String(f.requests),
    String(f.non2xx),
    f.errors
      ? `${f.errors} (${Object.entries(f.errorKinds)
          .map(([kind, n]) => `${kind} ${n}`)
          .join(', ')})`
      : '0',
    `${cpu.busy.toFixed(0)}%`,
    `${cpu.self.toFixed(0)}%`,
    `${cpu.groups.servers!.toFixed(0)}%`,
    setup.startsWith('PostgreSQL') && postgres && 'localPort' in postgres && postgres.localPort !== null
      ? `${cpu.groups.postgres!.toFixed(0)}%`
      : '—',
    `${cpu.rest.toFixed(0)}%`,
    loadAverage.toFixed(1),
  ]),
)
const out = path.join(root, 'bench', 'results', 'instance-load.json')
fs.mkdirSync(path.dirname(out), { recursive: true })
fs.writeFileSync(
  out,
  JSON.stringify(
    { at: new Date().toISOString(), cores, pinned: PIN, users: USERS, connections: CONNECTIONS, seconds: SECONDS, rows },
    null,
    2,
  ) + '\n',
)
console.log(`\nwritten: ${path.relative(root, out)}`)
if (rows.some(({ figures: f }) => f.non2xx !== 0 || f.errors !== 0)) process.exitCode = 1
