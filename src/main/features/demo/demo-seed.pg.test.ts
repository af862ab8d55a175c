import { asc } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { backendOn, describeOn } from '../../../../tests/support/engines'
import { seedUser } from '../../../../tests/support/seed'
import type { Backend } from '../../backend'
import type { Actor } from '../actor'
import { USER_SORTS } from '../../../shared/contract'
import { seedInto } from './demo-seed'
import { seedPg } from './demo-seed.pg'
import type { PgStore } from '../../db/pg-store'

/** backendOn('pg') opens with openPgBackend, whose PgStore it keeps as `pg` (its declared type leaves it out). */
const pgOf = (backend: Backend) => (backend as Backend & { pg: PgStore }).pg

const SHAPE = { tenants: 6, users: 3000, tickets: 60, seed: 42 }

const actorIn = (tenantId: string): Actor => ({
  sessionId: 's',
  userId: 'u',
  role: 'SUPER_ADMIN',
  homeTenantId: tenantId,
  actingTenantId: tenantId,
  homeIsAdminTenant: false,
  actingIsAdminTenant: false,
})

/** Every seeded row as drizzle reads it (Dates and booleans mapped per dialect): comparable across engines. */
const rowsOf = (backend: Backend) =>
  backend.engine.read(async ({ db, t }) => ({
    organisations: await db.select().from(t.organisations).orderBy(asc(t.organisations.id)),
    users: await db.select().from(t.users).orderBy(asc(t.users.id)),
    tickets: await db.select().from(t.tickets).orderBy(asc(t.tickets.id)),
    counts: (await db.select().from(t.tenantUserCounts)).sort((a, b) =>
      `${a.tenantId} ${a.role} ${a.active}`.localeCompare(`${b.tenantId} ${b.role} ${b.active}`),
    ),
  }))

/** What the console shows of the seed: every tenant's users by each sort and search, and the organisations. */
async function seen(backend: Backend, tenantIds: string[]) {
  const { users, organisations } = backend.services
  const out: unknown[] = []
  for (const tenantId of tenantIds) {
    const actor = actorIn(tenantId)
    for (const sort of USER_SORTS) {
      for (const direction of ['asc', 'desc'] as const) {
        for (const search of [undefined, 'an', 'son', '.example', 'zzzq']) {
          const first = await users.list(actor, { sort, direction, search, limit: 50 })
          const next = first.nextCursor ? await users.list(actor, { sort, direction, search, limit: 50, cursor: first.nextCursor }) : null
          out.push([tenantId, sort, direction, search, first, next])
        }
      }
    }
    out.push(await organisations.get(actor, tenantId))
    for (const search of [undefined, 'a', 'inc', '-3']) out.push(await organisations.list(actor, { search, limit: 4 }))
  }
  return out
}

describeOn('pg')('switchboard demo seed on PostgreSQL', () => {
  it('writes the rows SQLite gets for the same seed, with counters, indexes and triggers as the schema keeps them', async () => {
    const pgBackend = await backendOn('pg')
    const liteBackend = await backendOn('sqlite')
    const indexesBefore = await pgOf(pgBackend).pool.query(
      `select indexname, indexdef from pg_indexes where tablename = 'users' order by 1`,
    )
    const progress: [number, number][] = []
    const result = await seedPg(pgOf(pgBackend), { ...SHAPE, onProgress: (done, total) => progress.push([done, total]) })
    seedInto(liteBackend.store!.sqlite, SHAPE)

    expect(result).toMatchObject({ users: 3000, tenants: 6 })
    // Tickets are shared out by tenant size and rounded, so the last count may pass the total by a few.
    expect(progress.at(-1)![0]).toBeGreaterThanOrEqual(progress.at(-1)![1])
    expect(progress.map(([done]) => done)).toEqual([...progress.map(([done]) => done)].sort((x, y) => x - y))
    const pgRows = await rowsOf(pgBackend)
    expect(pgRows.users).toHaveLength(3000)
    expect(pgRows.tickets.length).toBeGreaterThan(50)
    expect(pgRows).toEqual(await rowsOf(liteBackend))

    const pool = pgOf(pgBackend).pool
    // The indexes dropped for the load are back as they were, and the counter triggers enabled.
    expect((await pool.query(`select indexname, indexdef from pg_indexes where tablename = 'users' order by 1`)).rows).toEqual(
      indexesBefore.rows,
    )
    const triggers = await pool.query(`select tgname, tgenabled from pg_trigger where tgrelid = 'users'::regclass and not tgisinternal`)
    expect(triggers.rows.length).toBeGreaterThanOrEqual(3)
    expect(triggers.rows.every((r: { tgenabled: string }) => r.tgenabled === 'O')).toBe(true)
    expect(
      (await pool.query(`select tenant_id, role, active, count(*)::int as n from users group by 1, 2, 3 order by 1, 2, 3`)).rows,
    ).toEqual((await pool.query(`select tenant_id, role, active, n from tenant_user_counts where n > 0 order by 1, 2, 3`)).rows)
    // The Overview's per-tenant totals (issue 20), from the loader's tally too.
    expect(
      (
        await pool.query(
          `select tenant_id, count(*)::int as users, count(*) filter (where active)::int as active_users from users group by 1 order by 1`,
        )
      ).rows,
    ).toEqual((await pool.query(`select tenant_id, users, active_users from tenant_counters where users > 0 order by 1`)).rows)
    // Statistics are there for the planner.
    expect((await pool.query(`select count(*)::int as n from pg_stats where tablename = 'users'`)).rows[0].n).toBeGreaterThan(0)

    // The big tenant and two small ones: enough to compare, without listing every tenant.
    const tenantIds = pgRows.organisations.map((o) => o.id).slice(0, 3)
    expect(await seen(pgBackend, tenantIds)).toEqual(await seen(liteBackend, tenantIds))

    // A user added afterwards is counted by the triggers again.
    const big = tenantIds[0]!
    const before = (await pgBackend.services.organisations.get(actorIn(big), big)).userCount
    await seedUser(pgBackend, big, 'AGENT', 'Added Later')
    expect((await pgBackend.services.organisations.get(actorIn(big), big)).userCount).toBe(before + 1)
  }, 60_000)

  it('adds to a database that already has rows, keeping them and their counters', async () => {
    const backend = await backendOn('pg')
    await seedPg(pgOf(backend), { tenants: 3, users: 300, seed: 1 })
    await seedPg(pgOf(backend), { tenants: 2, users: 200, seed: 2 })
    const { rows } = await pgOf(backend).pool.query(
      `select (select count(*)::int from users) as users, (select sum(n)::int from tenant_user_counts) as counted,
        (select sum(users)::int from tenant_counters) as totals`,
    )
    expect(rows[0]).toEqual({ users: 500, counted: 500, totals: 500 })
    const failed = await seedPg(pgOf(backend), { tenants: 2, users: 200, seed: 2 }).then(
      () => null,
      (error: unknown) => error,
    )
    // The same seed again collides on its ids: nothing of it stays, the triggers are back.
    expect(failed).toBeTruthy()
    expect((await pgOf(backend).pool.query(`select count(*)::int as n from users`)).rows[0].n).toBe(500)
    expect(
      (await pgOf(backend).pool.query(`select count(*)::int as n from pg_trigger where tgname like 'users_counts_%' and tgenabled = 'O'`))
        .rows[0].n,
    ).toBe(6) // tenant_user_counts' three and tenant_counters' three (issue 20)
  })
})
