import { Role } from '../../../shared/contract'
import { tenantSizes } from './tenant-sizes'
import { seededFaker } from '../faker'

/**
 * The rows of `switchboard demo seed`, made once for both engines: the same seed gives the same
 * tenants, users and tickets on SQLite and on PostgreSQL. Values are in the SQLite store's shape
 * (booleans as 0/1, instants as epoch milliseconds); the PostgreSQL loader converts them.
 */

export interface SeedShape {
  tenants: number
  users: number
  tickets?: number
  seed: number
}

/** One generated tenant: its organisation, its users (flattened, USER_COLUMNS values each) and its tickets. */
export interface SeedTenant {
  /** id, name, slug, created_at */
  organisation: [string, string, string, number]
  /** id, tenant_id, email, name, role, active, password_hash, last_sign_in_at, created_at — per user, one after another. */
  users: unknown[]
  /** id, tenant_id, number, subject, status, created_at */
  tickets: [string, string, number, string, string, number][]
}

/** The users table's columns in the order SeedTenant.users holds them. */
export const USER_COLUMNS = 9

const DAY = 24 * 60 * 60 * 1000
/** Dates are relative to a fixed moment, so a seed gives the same rows on any day. */
const EPOCH = Date.UTC(2026, 0, 1)
const ROLE_MIX = [Role.ADMIN, Role.AGENT, Role.AGENT, Role.AGENT, Role.AGENT, Role.AGENT, Role.READ_ONLY, Role.READ_ONLY] as const
const STATUSES = ['OPEN', 'OPEN', 'PENDING', 'RESOLVED', 'CLOSED'] as const

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
  const faker = seededFaker(seed)
  const many = <T>(n: number, make: () => T) => Array.from({ length: n }, make)
  return {
    first: many(3000, () => faker.person.firstName()),
    last: many(3000, () => faker.person.lastName()),
    company: many(2000, () => faker.company.name()),
    subject: many(500, () => `${faker.hacker.verb()} the ${faker.hacker.noun()} on ${faker.internet.domainWord()}`),
  }
}

/** The key `counts` tallies users under: tenant, role and active (0/1), as tenant_user_counts keys them. */
export const countKey = (tenantId: string, role: string, active: number) => `${tenantId}\u0000${role}\u0000${active}`

/**
 * The tenants of a seed, one at a time (the big one holds a tenth of the users, the rest 20–160
 * each), tallying each user in `counts` under countKey. Synthetic users have no password: they sign
 * in only after a reset.
 */
export function* seedTenants(shape: SeedShape, counts: Map<string, number>): Generator<SeedTenant> {
  const { seed } = shape
  const random = prng(seed)
  const words = pools(seed)
  // Names as they appear in an address, made once per pool entry rather than once per user.
  const inAddress = (part: string) => part.toLowerCase().replace(/[^a-z0-9.@-]/g, '')
  const firstInAddress = words.first.map(inAddress)
  const lastInAddress = words.last.map(inAddress)
  const sizes = tenantSizes(shape.tenants, shape.users, random.next)
  const tickets = shape.tickets ?? 0
  const newOrgId = idMaker(1, seed, random.next)
  const newUserId = idMaker(2, seed, random.next)
  const newTicketId = idMaker(3, seed, random.next)
  for (const [t, size] of sizes.entries()) {
    const company = random.pick(words.company)
    const slug = `${slugify(company)}-${t + 1}`
    const orgId = newOrgId()
    const tenant: SeedTenant = { organisation: [orgId, company, slug, EPOCH - (400 + random.int(800)) * DAY], users: [], tickets: [] }
    const domain = `${slug}.example`
    for (let i = 0; i < size; i++) {
      const f = random.int(words.first.length)
      const l = random.int(words.last.length)
      const id = newUserId()
      const signedIn = random.next() < 0.7
      const role = random.pick(ROLE_MIX)
      const active = random.next() < 0.92 ? 1 : 0
      const key = countKey(orgId, role, active)
      counts.set(key, (counts.get(key) ?? 0) + 1)
      tenant.users.push(
        id,
        orgId,
        `${firstInAddress[f]}.${lastInAddress[l]}.${id.slice(0, 8)}@${domain}`,
        `${words.first[f]} ${words.last[l]}`,
        role,
        active,
        null,
        signedIn ? EPOCH - random.int(90 * DAY) : null,
        EPOCH - random.int(700 * DAY),
      )
    }
    if (tickets > 0) {
      const mine = Math.round((tickets * size) / shape.users)
      for (let n = 1; n <= mine; n++) {
        tenant.tickets.push([newTicketId(), orgId, n, random.pick(words.subject), random.pick(STATUSES), EPOCH - random.int(90 * DAY)])
      }
    }
    yield tenant
  }
}
