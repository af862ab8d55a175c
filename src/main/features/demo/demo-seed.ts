import { Faker, base, en } from '@faker-js/faker'
import type Database from 'better-sqlite3'
import { Role } from '../../../shared/contract'
import { defaultMigrationsFolder } from '../../package-root'
import { openStore } from '../../db/store'
import { seedDerivedData, withTriggersSuspended } from './bulk-load'
import { tenantSizes } from './tenant-sizes'

export interface SeedOptions {
  dataDir: string
  tenants: number
  users: number
  tickets?: number
  seed?: number
  onProgress?: (done: number, total: number) => void
  /** Folder of drizzle migrations; the installed one by default. */
  migrationsFolder?: string
}

export interface SeedResult {
  users: number
  tenants: number
  ms: number
}

const DAY = 24 * 60 * 60 * 1000
/** Dates are relative to a fixed moment, so a seed gives the same rows on any day. */
const EPOCH = Date.UTC(2026, 0, 1)
const ROLE_MIX = [Role.ADMIN, Role.AGENT, Role.AGENT, Role.AGENT, Role.AGENT, Role.AGENT, Role.READ_ONLY, Role.READ_ONLY] as const
const STATUSES = ['OPEN', 'OPEN', 'PENDING', 'RESOLVED', 'CLOSED'] as const
const USER_BATCH = 500
const USER_COLUMNS = 9

/** mulberry32: a small, fast PRNG; faker only fills the word pools, the per-row draws are this. */
function prng(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]! }
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0').slice(-width)

/**
 * Ids shaped like UUIDs whose first eight digits count up: rows go in at the end of the primary
 * key's B-tree (no random page splits), and tenant ids still differ in the characters the search
 * key is made from (see db/search.ts).
 */
function idMaker(kind: number, seed: number, random: () => number) {
  let counter = 0
  return () => {
    counter += 1
    const tail = hex(Math.floor(random() * 2 ** 32), 8) + hex(Math.floor(random() * 2 ** 16), 4)
    return `${hex(counter, 8)}-${hex(seed, 4)}-4${hex(kind, 3)}-a${hex(Math.floor(random() * 4096), 3)}-${tail}`
  }
}

const slugify = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40)

/** Word pools drawn once from faker (deterministic by seed): names, companies, ticket subjects. */
function pools(seed: number) {
  const faker = new Faker({ locale: [en, base] })
  faker.seed(seed)
  const many = <T>(n: number, make: () => T) => Array.from({ length: n }, make)
  return {
    first: many(3000, () => faker.person.firstName()),
    last: many(3000, () => faker.person.lastName()),
    company: many(2000, () => faker.company.name()),
    subject: many(500, () => `${faker.hacker.verb()} the ${faker.hacker.noun()} on ${faker.internet.domainWord()}`),
  }
}

/**
 * Fills a store with synthetic tenants and users (and optionally tickets), deterministic by seed:
 * one tenant of a tenth of the users, the rest 20–160 each. Built for size: no password hashing
 * (synthetic users sign in only after a reset), rows through prepared multi-row inserts in one
 * transaction with the users triggers suspended, and the derived data (trigram index, counters)
 * built once at the end. An existing store keeps its rows; the new tenants are demo organisations.
 */
export async function seedDemoStore(options: SeedOptions): Promise<SeedResult> {
  const started = performance.now()
  const seed = options.seed ?? 1
  const store = openStore(options.dataDir, { migrationsFolder: options.migrationsFolder ?? defaultMigrationsFolder() })
  try {
    seedInto(store.sqlite, { ...options, seed })
  } finally {
    store.close()
  }
  return { users: options.users, tenants: options.tenants, ms: Math.round(performance.now() - started) }
}

function seedInto(sqlite: Database.Database, options: SeedOptions & { seed: number }): void {
  const { seed, onProgress } = options
  const random = prng(seed)
  const words = pools(seed)
  const sizes = tenantSizes(options.tenants, options.users, random.next)
  const tickets = options.tickets ?? 0
  // Rows written, then the derived data in as many steps again (it is about as much work).
  const total = options.users * 2 + tickets
  let done = 0
  const progress = (n: number) => {
    done += n
    onProgress?.(done, total)
  }

  // A bulk load into a store nobody else has open: a rollback journal (new pages need no copy)
  // instead of writing every page twice through the WAL; back to WAL when done.
  sqlite.pragma('journal_mode = DELETE')
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('cache_size = -262144')
  sqlite.pragma('temp_store = MEMORY')
  sqlite.pragma('threads = 2')
  // The generated rows reference only the tenants generated with them; checking each is pure cost.
  sqlite.pragma('foreign_keys = OFF')
  try {
    const newOrgId = idMaker(1, seed, random.next)
    const newUserId = idMaker(2, seed, random.next)
    const insertOrg = sqlite.prepare(
      `insert into organisations (id, name, slug, is_admin_tenant, is_demo, features_enabled, created_at) values (?, ?, ?, 0, 1, null, ?)`,
    )
    const rowSlots = `(${Array(USER_COLUMNS).fill('?').join(', ')})`
    const userSql = (n: number) =>
      `insert into users (id, tenant_id, email, name, role, active, password_hash, last_sign_in_at, created_at) values ${Array(n).fill(rowSlots).join(', ')}`
    const insertUsers = sqlite.prepare(userSql(USER_BATCH))
    const insertTicket = sqlite.prepare(
      `insert into tickets (id, tenant_id, number, subject, status, created_at) values (?, ?, ?, ?, ?, ?)`,
    )
    const newTicketId = idMaker(3, seed, random.next)

    const counts = new Map<string, number>()
    const emptyBefore = (sqlite.prepare('select count(*) as n from users').get() as { n: number }).n === 0
    sqlite.transaction(() => {
      withTriggersSuspended(
        sqlite,
        () => {
          const firstRowid = ((sqlite.prepare('select max(rowid) as m from users').get() as { m: number | null }).m ?? 0) + 1
          const firstOrgRowid = ((sqlite.prepare('select max(rowid) as m from organisations').get() as { m: number | null }).m ?? 0) + 1
          const values: unknown[] = []
          let pending = 0
          const flush = () => {
            if (pending === 0) return
            if (pending === USER_BATCH) insertUsers.run(values)
            else sqlite.prepare(userSql(pending)).run(values)
            progress(pending)
            values.length = 0
            pending = 0
          }
          for (const [t, size] of sizes.entries()) {
            const company = random.pick(words.company)
            const slug = `${slugify(company)}-${t + 1}`
            const orgId = newOrgId()
            insertOrg.run(orgId, company, slug, EPOCH - (400 + random.int(800)) * DAY)
            const domain = `${slug}.example`
            for (let i = 0; i < size; i++) {
              const first = random.pick(words.first)
              const last = random.pick(words.last)
              const id = newUserId()
              const signedIn = random.next() < 0.7
              const role = random.pick(ROLE_MIX)
              const active = random.next() < 0.92 ? 1 : 0
              const countKey = `${orgId}\u0000${role}\u0000${active}`
              counts.set(countKey, (counts.get(countKey) ?? 0) + 1)
              values.push(
                id,
                orgId,
                `${first}.${last}.${id.slice(0, 8)}@${domain}`.toLowerCase().replace(/[^a-z0-9.@-]/g, ''),
                `${first} ${last}`,
                role,
                active,
                null,
                signedIn ? EPOCH - random.int(90 * DAY) : null,
                EPOCH - random.int(700 * DAY),
              )
              if (++pending === USER_BATCH) flush()
            }
            flush()
            if (tickets > 0) {
              const mine = Math.round((tickets * size) / options.users)
              for (let n = 1; n <= mine; n++) {
                insertTicket.run(newTicketId(), orgId, n, random.pick(words.subject), random.pick(STATUSES), EPOCH - random.int(90 * DAY))
              }
              progress(mine)
            }
          }
          seedDerivedData(sqlite, { userRowid: firstRowid, orgRowid: firstOrgRowid }, counts, progress)
        },
        { rebuildUserIndexes: emptyBefore },
      )
    })()
    // Statistics for the planner over the new shape of the data (the plans hold without them too),
    // sampled so that they cost well under a second at any size.
    sqlite.pragma('analysis_limit = 1000')
    sqlite.exec('analyze')
  } finally {
    sqlite.pragma('foreign_keys = ON')
    sqlite.pragma('journal_mode = WAL')
    sqlite.pragma('synchronous = FULL')
  }
  if (done < total) onProgress?.(total, total)
}
