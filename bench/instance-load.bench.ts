/**
 * npm run bench:instance — an instance server on loopback under 200 concurrent clients: Admin → Users
 * list and search over the /api of a store with 10,000 users, bearer session, as scripts call it.
 * Prints p50/p99 latency, requests/s and the count of non-2xx answers and errors (must be 0).
 */
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
// @ts-expect-error autocannon ships no types; only its documented API is used below.
import autocannon from 'autocannon'
import { openBackend } from '../src/main/backend'
import { startInstanceServer } from '../src/main/instance/instance-server'
import { seedOperator } from '../tests/support/seed'

const USERS = Number(process.env.BENCH_USERS ?? 10_000)
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

const server = await startInstanceServer({ services: backend.services, rendererDir: dir })

interface Result {
  latency: { p50: number; p99: number }
  requests: { average: number }
  non2xx: number
  errors: number
  timeouts: number
}

const rows: Record<string, string | number>[] = []
for (const [name, body] of [
  ['users.list (first page, 50)', {}],
  ['users.list search "user42"', { search: 'user42' }],
] as const) {
  const result = (await autocannon({
    url: `${server.url}/api/users/list`,
    method: 'POST',
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${op.token}` },
    body: JSON.stringify(body),
  })) as Result
  rows.push({
    case: name,
    connections: CONNECTIONS,
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    'req/s': Math.round(result.requests.average),
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  })
}
console.table(rows)
await server.close()
backend.close()
fs.rmSync(dir, { recursive: true, force: true })
if (rows.some((r) => r.non2xx !== 0 || r.errors !== 0)) process.exitCode = 1
