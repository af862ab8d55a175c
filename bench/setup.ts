import { createHash, randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { count, ne } from 'drizzle-orm'
import { openBackend, type Backend, type SqliteBackend } from '../src/main/backend'
import type { Actor } from '../src/main/features/auth/auth.service'
import { seedDemoStore } from '../src/main/features/demo/demo-seed'
import { adminTenant, findById, insertOrganisation } from '../src/main/features/organisations/organisations.repository'
import { findUserByEmail, insertUser } from '../src/main/features/users/users.repository'
import type { SecretStore } from '../src/main/secrets/keychain'
import { hashPassword } from '../src/main/security/passwords'

/** The bench's own operator: a SUPER_ADMIN of the Admin Tenant whose password the HTTP and Chromium parts type. */
export const BENCH_OPERATOR = {
  organisation: { name: 'Bench Operator MSP', slug: 'bench-operator' },
  admin: { name: 'Bench Operator', email: 'bench.operator@switchboard.test', password: 'bench operator password' },
  // The bench signs in with the password alone, as the suites do.
  requireSecondFactorForSuperAdmins: false,
}

export interface BenchOptions {
  users: number
  tenants: number
  seed: number
  iterations: number
  /** Caps each figure's measuring time (0: none). */
  budgetSeconds: number
  chromiumRuns: number
  skip: Set<string>
}

export interface SeedInfo {
  users: number
  tenants: number
  seed: number
  ms: number
  usersPerSecond: number
  at: string
  /** False when this run reused a store built by an earlier one. */
  fresh: boolean
}

const META = 'bench-seed.json'
/** No keychain: the bench never reads or writes the OS's secrets. */
export const noSecrets: SecretStore = {
  get: () => Promise.resolve(null),
  set: () => Promise.reject(new Error('the bench keeps no secrets')),
  delete: () => Promise.resolve(false),
}

const storePrefix = (o: BenchOptions) => `switchboard-bench-${o.seed}-${o.users}-${o.tenants}-`

/**
 * The cached store's folder. Its name also carries a fingerprint of the seeder's files and the migrations, so a
 * changed seeder or schema builds a fresh store instead of measuring (or migrating) an old one.
 */
export function storeDir(o: BenchOptions, root: string): string {
  const hash = createHash('sha256')
  for (const file of ['demo-seed.ts', 'seed-rows.ts', 'bulk-load.ts', 'search-index-builder.ts'])
    hash.update(fs.readFileSync(path.join(root, 'src', 'main', 'features', 'demo', file)))
  for (const name of fs
    .readdirSync(path.join(root, 'drizzle'))
    .filter((f) => f.endsWith('.sql'))
    .sort())
    hash.update(name)
  return path.join(os.tmpdir(), storePrefix(o) + hash.digest('hex').slice(0, 8))
}

/** Builds the store once per (seed, size); later runs reuse it and report the first run's seeding figures. */
export async function ensureStore(o: BenchOptions, root: string): Promise<{ dir: string; seed: SeedInfo }> {
  const dir = storeDir(o, root)
  const meta = path.join(dir, META)
  if (fs.existsSync(meta)) return { dir, seed: { ...(JSON.parse(fs.readFileSync(meta, 'utf8')) as SeedInfo), fresh: false } }
  // Stores of this size built by an older seeder or schema (or a run that stopped half-way) go.
  for (const old of fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith(storePrefix(o))))
    fs.rmSync(path.join(os.tmpdir(), old), { recursive: true, force: true })
  let last = 0
  const started = performance.now()
  const result = await seedDemoStore({
    dataDir: dir,
    tenants: o.tenants,
    users: o.users,
    seed: o.seed,
    onProgress: (done, total) => {
      const now = performance.now()
      if (now - last < 1000 && done < total) return
      last = now
      // The seeder counts its rows and then its derived data (indexes, counters) as work done.
      process.stderr.write(`\rseeding: ${Math.floor((done / total) * 100)}% after ${((now - started) / 1000).toFixed(0)} s   `)
    },
  })
  process.stderr.write('\n')
  const seed: SeedInfo = {
    users: result.users,
    tenants: result.tenants,
    seed: o.seed,
    ms: result.ms,
    usersPerSecond: result.users / (result.ms / 1000),
    at: new Date().toISOString(),
    fresh: true,
  }
  fs.writeFileSync(meta, JSON.stringify(seed, null, 2))
  return { dir, seed }
}

export function openBench(dir: string): SqliteBackend {
  return openBackend({ dataDir: dir, config: { mailFrom: 'Bench <bench@switchboard.test>' }, secrets: noSecrets })
}

export interface Tenant {
  id: string
  name: string
  users: number
}

export interface Session {
  token: string
  actor: Actor
}

export interface BenchWorld {
  operatorUserId: string
  admin: Tenant
  big: Tenant
  small: Tenant
  sessions: { admin: Session; big: Session; small: Session }
}

/** Finds or creates the bench operator, picks the biggest and a smallest tenant, opens a session acting in each. Either engine. */
export async function prepareWorld(backend: Backend): Promise<BenchWorld> {
  const { services, engine } = backend
  if ((await services.setup.status()).needsSetup) await services.setup.run(BENCH_OPERATOR)
  if (!(await engine.read((conn) => adminTenant(conn)))) {
    // A seeded store without an Admin Tenant (first-run setup no longer offered): the bench adds its own.
    const { name, slug } = BENCH_OPERATOR.organisation
    await engine.transaction((conn) =>
      insertOrganisation(conn, {
        id: randomUUID(),
        name,
        slug,
        isAdminTenant: true,
        isDemo: false,
        featuresEnabled: null,
        createdAt: new Date(),
      }),
    )
  }
  const home = (await engine.read((conn) => adminTenant(conn)))!
  let operator = await engine.read((conn) => findUserByEmail(conn, BENCH_OPERATOR.admin.email))
  if (!operator) {
    // The bench's operator joins whatever Admin Tenant the store has.
    const passwordHash = await hashPassword(BENCH_OPERATOR.admin.password)
    await engine.transaction((conn) =>
      insertUser(conn, {
        id: randomUUID(),
        tenantId: home.id,
        email: BENCH_OPERATOR.admin.email,
        name: BENCH_OPERATOR.admin.name,
        role: 'SUPER_ADMIN',
        active: true,
        passwordHash,
        createdAt: new Date(),
      }),
    )
    operator = (await engine.read((conn) => findUserByEmail(conn, BENCH_OPERATOR.admin.email)))!
  }
  const counts = await engine.read(({ db, t }) =>
    db
      .select({ tenantId: t.users.tenantId, n: count() })
      .from(t.users)
      .where(ne(t.users.tenantId, home.id))
      .groupBy(t.users.tenantId)
      .orderBy(count(), t.users.tenantId),
  )
  if (!counts.length) throw new Error('the store has no tenants with users')
  const tenant = async (row: { tenantId: string; n: number }): Promise<Tenant> => ({
    id: row.tenantId,
    name: (await engine.read((conn) => findById(conn, row.tenantId)))!.name,
    users: Number(row.n),
  })
  const big = await tenant(counts[counts.length - 1]!)
  const small = await tenant(counts[0]!)
  const admin: Tenant = { id: home.id, name: home.name, users: counts.length }

  const session = async (tenantId: string): Promise<Session> => {
    const { token } = await services.auth.openSessionFor(operator.id)
    const actor = (await services.auth.resolve(token))!
    if (tenantId !== actor.actingTenantId) await services.auth.switchTenant(actor, tenantId)
    return { token, actor: (await services.auth.resolve(token))! }
  }
  const sessions = { admin: await session(home.id), big: await session(big.id), small: await session(small.id) }

  // The invitations case lists 200 open invitations in the big tenant; made once, through the service.
  const open = (await services.invitations.list(sessions.big.actor)).length
  for (let i = open; i < 200; i++)
    await services.invitations.create(sessions.big.actor, { email: `bench-invite-${i}@bench.example`, role: 'AGENT' })
  return { operatorUserId: operator.id, admin, big, small, sessions }
}
