/**
 * npm run bench:instance — `switchboard instance serve` under 200 concurrent clients: Admin → Users
 * list and search over the /api of a store with 10,000 users, with a bearer session, as scripts call it.
 * The server runs in a process of its own (as on an on-prem machine), so the clients' work in this
 * process is not counted against it. Prints p50/p99 latency, requests/s and the count of non-2xx
 * answers and errors (the run fails on any). Needs `npm run build` (the CLI runs the bundle).
 */
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openBackend, packageRoot } from '../src/main/backend'
import { seedOperator } from '../tests/support/seed'
import { loadTest } from './load'
import { printTable } from './report'

const USERS = Number(process.env.BENCH_USERS_INSTANCE ?? 10_000)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 200)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-instance-bench-'))
const backend = openBackend({ dataDir: dir, config: { mailFrom: 'bench@switchboard.test' } })
const op = await seedOperator(backend)
const insert = backend.store.sqlite.prepare(
  `insert into users (id, tenant_id, email, name, role, active, password_hash, last_sign_in_at, created_at) values (?, ?, ?, ?, 'AGENT', 1, null, null, ?)`,
)
backend.store.sqlite.transaction(() => {
  for (let i = 0; i < USERS; i++) insert.run(randomUUID(), op.tenantId, `user${i}@bench.test`, `User ${(i * 7919) % USERS}`, Date.now())
})()
backend.store.sqlite.pragma('optimize')
backend.close()

// The session opened above lives in the store, so the server's process accepts its token.
const server = spawn(
  process.execPath,
  [path.join(packageRoot(), 'bin', 'switchboard.js'), 'instance', 'serve', '--data', dir, '--port', '0'],
  {
    stdio: ['ignore', 'ignore', 'pipe'],
  },
)
const url = await new Promise<string>((resolve, reject) => {
  let printed = ''
  server.stderr.on('data', (chunk: Buffer) => {
    printed += chunk.toString()
    const match = /URL:\s+(\S+)/.exec(printed)
    if (match) resolve(match[1]!)
  })
  server.once('exit', (code) => reject(new Error(`switchboard instance serve exited (${code}):\n${printed}`)))
})

const figures = await loadTest(
  url,
  { authorization: `Bearer ${op.token}` },
  [
    { label: 'users.list (first page, 50)', path: '/api/users/list', body: '{}' },
    { label: 'users.list search "user42"', path: '/api/users/list', body: JSON.stringify({ search: 'user42' }) },
  ],
  { connections: CONNECTIONS, seconds: SECONDS },
)

printTable(
  `Load: ${CONNECTIONS} concurrent clients against switchboard instance serve (${USERS.toLocaleString('en')} users, its own process)`,
  ['case', 'p50 ms', 'p99 ms', 'req/s', 'requests', 'non-2xx', 'errors'],
  figures.map((f) => [
    f.label,
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
  ]),
)
server.kill('SIGTERM')
await new Promise((resolve) => server.once('exit', resolve))
fs.rmSync(dir, { recursive: true, force: true })
if (figures.some((f) => f.non2xx !== 0 || f.errors !== 0)) process.exitCode = 1
