// PLACEHOLDER: replaced at merge by wt-scale's implementation
import { randomUUID } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { en } from '@faker-js/faker'
import { fileURLToPath } from 'node:url'
import path from 'node:path'
import { Role } from '../../../shared/contract'
import { openStore } from '../../db/store'

export interface DemoSeedOptions {
  dataDir: string
  tenants: number
  users: number
  tickets?: number
  seed?: number
  onProgress?: (done: number, total: number) => void
}

/** mulberry32: a small deterministic generator, so a seed always gives the same store. */
function generator(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const FIRST = en.person!.first_name!.generic!
const LAST = en.person!.last_name!.generic!
const ROWS_PER_STATEMENT = 100

/**
 * Fills a store with synthetic organisations and users: one tenant of 10% of the users, the rest
 * 20–160 each (the last tenants take whatever is left). No password hashes, no tickets yet.
 */
export async function seedDemoStore(options: DemoSeedOptions): Promise<{ users: number; tenants: number; ms: number }> {
  const started = performance.now()
  // The placeholder runs from the sources only: drizzle/ is four folders up.
  const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../drizzle')
  const store = openStore(options.dataDir, { migrationsFolder })
  const sqlite = store.sqlite
  try {
    const random = generator(options.seed ?? 1)
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!
    const now = Date.now()
    const tenantIds: string[] = []
    // Tenant 0 holds a tenth of the users; the others 20–160 each, evened out so the total is exact.
    const big = options.tenants > 1 ? Math.floor(options.users / 10) : options.users
    const sizes = [big, ...Array.from({ length: options.tenants - 1 }, () => 20 + Math.floor(random() * 141))]
    const rest = options.users - sizes.reduce((a, b) => a + b, 0)
    for (let i = 1; i < sizes.length; i++) {
      const share = Math.trunc(rest / (sizes.length - 1)) + (i <= Math.abs(rest % (sizes.length - 1)) ? Math.sign(rest) : 0)
      sizes[i] = Math.max(0, sizes[i]! + share)
    }
    sizes[0] = options.users - sizes.slice(1).reduce((a, b) => a + b, 0)

    const insertOrg = sqlite.prepare(
      `insert into organisations (id, name, slug, is_admin_tenant, is_demo, features_enabled, created_at) values (?, ?, ?, 0, 0, null, ?)`,
    )
    sqlite.transaction(() => {
      for (let i = 0; i < options.tenants; i++) {
        const id = randomUUID()
        tenantIds.push(id)
        // One name in a hundred is an "Acme …" so organisation searches find something.
        const name = i % 100 === 0 ? `Acme ${pick(LAST)} ${i}` : `${pick(LAST)} ${pick(['Ltd', 'GmbH', 'LLC', 'Group', 'Partners'])} ${i}`
        insertOrg.run(id, name, `org-${i}`, now)
      }
    })()

    const columns = 'id, tenant_id, email, name, role, active, password_hash, last_sign_in_at, created_at'
    const values = Array.from({ length: ROWS_PER_STATEMENT }, () => '(?, ?, ?, ?, ?, ?, null, ?, ?)').join(', ')
    const insertMany = sqlite.prepare(`insert into users (${columns}) values ${values}`)
    const insertOne = sqlite.prepare(`insert into users (${columns}) values (?, ?, ?, ?, ?, ?, null, ?, ?)`)
    const roles = [Role.ADMIN, Role.AGENT, Role.AGENT, Role.AGENT, Role.READ_ONLY]
    const owners = sizes.flatMap((size, tenant) => Array<number>(size).fill(tenant))
    const batch = sqlite.transaction((from: number, to: number) => {
      let params: unknown[] = []
      for (let n = from; n < to; n++) {
        const first = pick(FIRST)
        const last = pick(LAST)
        const tenant = owners[n]!
        const email = `${first}.${last}.${n}@org-${tenant}.example`.toLowerCase().replace(/[^a-z0-9.@-]/g, '')
        params.push(randomUUID(), tenantIds[tenant], email, `${first} ${last}`, pick(roles), random() < 0.9 ? 1 : 0, null, now)
        if (params.length === ROWS_PER_STATEMENT * 8) {
          insertMany.run(params)
          params = []
        }
      }
      for (let i = 0; i < params.length; i += 8) insertOne.run(params.slice(i, i + 8))
    })
    // Insert triggers keep the search index in step row by row; one rebuild at the end is much faster.
    const triggers = sqlite.prepare(`select name, sql from sqlite_master where type = 'trigger' and tbl_name = 'users'`).all() as {
      name: string
      sql: string
    }[]
    for (const t of triggers) sqlite.exec(`drop trigger "${t.name}"`)
    sqlite.pragma('synchronous = OFF')
    const CHUNK = 20_000
    for (let from = 0; from < options.users; from += CHUNK) {
      batch(from, Math.min(options.users, from + CHUNK))
      options.onProgress?.(Math.min(options.users, from + CHUNK), options.users)
      // Lets a progress bar repaint between batches.
      await new Promise((resolve) => setImmediate(resolve))
    }
    for (const t of triggers) sqlite.exec(t.sql)
    if (sqlite.prepare(`select 1 from sqlite_master where name = 'users_search'`).get()) {
      sqlite.exec(`insert into users_search(users_search) values ('rebuild')`)
    }
    sqlite.pragma('synchronous = FULL')
    sqlite.pragma('optimize')
    return { users: options.users, tenants: options.tenants, ms: performance.now() - started }
  } finally {
    store.close()
  }
}
