/**
 * npm run bench — Admin → Users with 100,000 users in one tenant, and Admin → Organisations with 10,000 organisations.
 * Prints per-page timings of the keyset list (as the console pages it) and, as the baseline
 * measured in the same run, the same pages fetched with LIMIT/OFFSET.
 */
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { openBackend } from '../src/main/backend'
import { seedOperator } from '../tests/support/seed'

const USERS = Number(process.env.BENCH_USERS ?? 100_000)
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-bench-'))
const backend = openBackend({ dataDir: dir, config: { mailFrom: 'bench@switchboard.test' } })

function time<T>(fn: () => T, repeat = 20): { ms: number; result: T } {
  let result = fn()
  const start = performance.now()
  for (let i = 0; i < repeat; i++) result = fn()
  return { ms: (performance.now() - start) / repeat, result }
}

const op = await seedOperator(backend)
const insert = backend.store.sqlite.prepare(
  `insert into users (id, tenant_id, email, name, role, active, password_hash, last_sign_in_at, created_at) values (?, ?, ?, ?, ?, ?, null, ?, ?)`,
)
const roles = ['ADMIN', 'AGENT', 'AGENT', 'AGENT', 'READ_ONLY']
const seedStart = performance.now()
backend.store.sqlite.transaction(() => {
  for (let i = 0; i < USERS; i++) {
    insert.run(
      randomUUID(),
      op.tenantId,
      `user${i}@bench.test`,
      `User ${(i * 7919) % USERS}`,
      roles[i % 5],
      i % 10 ? 1 : 0,
      i % 3 ? Date.now() - i * 1000 : null,
      Date.now(),
    )
  }
})()
backend.store.sqlite.pragma('optimize')
console.log(`seeded ${USERS} users in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`)

const users = backend.services.users
const rows: { case: string; keyset_ms: number; offset_ms: number | null; ratio: string }[] = []
const countStmt = backend.store.sqlite.prepare(`select count(*) from users where tenant_id = ?`)
for (const sort of ['name', 'email', 'lastSignIn'] as const) {
  // Walk to the middle of the list with the cursor, as a user pressing "Load more" would.
  let cursor: string | undefined
  for (let page = 0; page < Math.floor(USERS / 2 / 200); page++)
    cursor = users.list(op.actor, { sort, limit: 200, cursor }).nextCursor ?? undefined
  const first = time(() => users.list(op.actor, { sort, limit: 50 }))
  const deep = time(() => users.list(op.actor, { sort, limit: 50, cursor }))
  const key = sort === 'name' ? 'lower(name)' : sort === 'email' ? 'lower(email)' : 'coalesce(last_sign_in_at, -1)'
  const offsetStmt = backend.store.sqlite.prepare(
    `select id, name, email from users where tenant_id = ? order by ${key}, id limit 50 offset ?`,
  )
  // Like users.list, the baseline counts the list on its first page only.
  const offsetFirst = time(() => [countStmt.get(op.tenantId), offsetStmt.all(op.tenantId, 0)])
  const offsetDeep = time(() => offsetStmt.all(op.tenantId, Math.floor(USERS / 2)))
  rows.push({
    case: `${sort}: first page`,
    keyset_ms: +first.ms.toFixed(3),
    offset_ms: +offsetFirst.ms.toFixed(3),
    ratio: (offsetFirst.ms / first.ms).toFixed(2),
  })
  rows.push({
    case: `${sort}: page at row ${USERS / 2}`,
    keyset_ms: +deep.ms.toFixed(3),
    offset_ms: +offsetDeep.ms.toFixed(3),
    ratio: (offsetDeep.ms / deep.ms).toFixed(2),
  })
}
const search = time(() => users.list(op.actor, { search: 'user4242@', limit: 50 }), 5)
rows.push({ case: 'search "user4242@"', keyset_ms: +search.ms.toFixed(3), offset_ms: null, ratio: '—' })
const filtered = time(() => users.list(op.actor, { role: 'ADMIN', status: 'inactive', limit: 50 }), 5)
rows.push({ case: 'role ADMIN + deactivated', keyset_ms: +filtered.ms.toFixed(3), offset_ms: null, ratio: '—' })
console.table(rows)
console.log(
  'keyset_ms: the whole users.list call (the first page also counts the list); offset_ms: the same with LIMIT/OFFSET in raw SQL; ratio = offset / keyset.',
)

// Admin → Organisations with 10,000 organisations.
const ORGS = Number(process.env.BENCH_ORGS ?? 10_000)
const insertOrg = backend.store.sqlite.prepare(
  `insert into organisations (id, name, slug, is_admin_tenant, is_demo, created_at) values (?, ?, ?, 0, ?, ?)`,
)
backend.store.sqlite.transaction(() => {
  for (let i = 0; i < ORGS; i++)
    insertOrg.run(randomUUID(), `Customer ${(i * 7919) % ORGS}`, `customer-${i}`, i % 50 === 0 ? 1 : 0, Date.now())
})()
const orgs = backend.services.organisations
let orgCursor: string | undefined
for (let page = 0; page < ORGS / 2 / 200; page++) orgCursor = orgs.list(op.actor, { limit: 200, cursor: orgCursor }).nextCursor ?? undefined
const orgOffset = backend.store.sqlite.prepare(`select id, name from organisations order by lower(name), id limit 50 offset ?`)
const orgCount = backend.store.sqlite.prepare(`select count(*) from organisations`)
const orgRows = [
  {
    case: `${ORGS} orgs: first page`,
    service_ms: time(() => orgs.list(op.actor, { limit: 50 })).ms,
    offset_ms: time(() => [orgCount.get(), orgOffset.all(0)]).ms,
  },
  {
    case: `${ORGS} orgs: page at row ${ORGS / 2}`,
    service_ms: time(() => orgs.list(op.actor, { limit: 50, cursor: orgCursor })).ms,
    offset_ms: time(() => orgOffset.all(ORGS / 2)).ms,
  },
  {
    case: `${ORGS} orgs: search "customer 42"`,
    service_ms: time(() => orgs.list(op.actor, { search: 'customer 42', limit: 50 }), 5).ms,
    offset_ms: null,
  },
  {
    case: `tenant switcher search "cust"`,
    service_ms: time(() => backend.services.auth.switchableTenants(op.actor, 'cust'), 5).ms,
    offset_ms: null,
  },
].map((r) => ({ ...r, service_ms: +r.service_ms.toFixed(3), offset_ms: r.offset_ms === null ? null : +r.offset_ms.toFixed(3) }))
console.table(orgRows)
console.log(
  'service_ms: organisations.list with user counts and effective features; offset_ms: the bare page with LIMIT/OFFSET (and the count on the first page).',
)
backend.close()
fs.rmSync(dir, { recursive: true, force: true })
