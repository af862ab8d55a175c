import fs from 'node:fs'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { openBackend } from '../../backend'
import { manualClock } from '../../clock'
import { tenantUsersMatch } from '../../db/search'
import { storeFileIn } from '../../db/store'
import { SEARCH_COUNT_CAP } from '../../../shared/contract'
import { tempDir, testKeychain } from '../../../../tests/support/temp-backend'
import { seedDemoStore } from './demo-seed'

function rows(dataDir: string, query: string): unknown[] {
  const db = new Database(storeFileIn(dataDir), { readonly: true })
  try {
    return db.prepare(query).all()
  } finally {
    db.close()
  }
}

const actorIn = (tenantId: string) => ({
  sessionId: 's',
  userId: 'u',
  role: 'SUPER_ADMIN' as const,
  homeTenantId: tenantId,
  actingTenantId: tenantId,
  homeIsAdminTenant: false,
  actingIsAdminTenant: false,
})

describe('switchboard demo seed', () => {
  it('gives the same rows for the same seed, other rows for another, with one tenant of a tenth of the users', async () => {
    const [a, b, c] = [tempDir(), tempDir(), tempDir()]
    const progress: number[] = []
    const result = await seedDemoStore({
      dataDir: a,
      tenants: 5,
      users: 2000,
      tickets: 50,
      seed: 42,
      onProgress: (done) => progress.push(done),
    })
    await seedDemoStore({ dataDir: b, tenants: 5, users: 2000, tickets: 50, seed: 42 })
    await seedDemoStore({ dataDir: c, tenants: 5, users: 2000, tickets: 50, seed: 43 })
    expect(result).toMatchObject({ users: 2000, tenants: 5 })
    expect(progress.at(-1)).toBeGreaterThan(0)
    expect(progress).toEqual([...progress].sort((x, y) => x - y))
    const dump = (dir: string) => [
      rows(dir, 'select * from organisations order by id'),
      rows(dir, 'select * from users order by id'),
      rows(dir, 'select * from tickets order by id'),
    ]
    expect(dump(a)).toEqual(dump(b))
    expect(dump(a)[1]).not.toEqual(dump(c)[1])
    const sizes = rows(a, 'select count(*) as n from users group by tenant_id order by n desc') as { n: number }[]
    expect(sizes.map((s) => s.n)).toContain(200)
    expect(sizes.reduce((sum, s) => sum + s.n, 0)).toBe(2000)
    expect(rows(a, 'select count(*) as n from users where password_hash is not null')).toEqual([{ n: 0 }])
  })

  it('builds counters and the search index that agree with count(*) and a LIKE scan, and the services list and search it', async () => {
    const dataDir = tempDir()
    // Two tenants: one of 1,200 users and one of 10,800, where a common letter matches past the cap.
    // 12,000 users: the trigram index is built on a worker thread and copied in (search-index-builder.ts).
    expect((await seedDemoStore({ dataDir, tenants: 2, users: 12_000, seed: 7 })).indexedOnWorker).toBe(true)
    expect(rows(dataDir, `select tenant_id, role, active, count(*) as n from users group by 1, 2, 3 order by 1, 2, 3`)).toEqual(
      rows(dataDir, `select tenant_id, role, active, n from tenant_user_counts where n > 0 order by 1, 2, 3`),
    )
    // The Overview's per-tenant totals (issue 20), from the loader's tally too.
    expect(rows(dataDir, `select tenant_id, count(*) as users, sum(active) as active_users from users group by 1 order by 1`)).toEqual(
      rows(dataDir, `select tenant_id, users, active_users from tenant_counters where users > 0 order by 1`),
    )
    const triggers = rows(dataDir, `select name from sqlite_master where type = 'trigger' and name like 'users_%' order by name`)
    expect(triggers).toHaveLength(9) // put back after the load
    // Every index agrees with its table: those rebuilt after the load and the one kept during it.
    expect(rows(dataDir, 'pragma integrity_check')).toEqual([{ integrity_check: 'ok' }])
    const indexes = rows(dataDir, `select name from sqlite_master where type = 'index' and tbl_name = 'users' order by name`)
    expect(indexes).toContainEqual({ name: 'users_tenant_id_unique' })
    // Statistics for the users' indexes, none for FTS5's shadow tables.
    const analysed = (rows(dataDir, 'select distinct tbl, idx from sqlite_stat1') as { tbl: string; idx: string | null }[]).filter(
      (r) => r.tbl === 'users' || r.tbl.startsWith('users_find'),
    )
    expect(analysed.map((r) => r.idx).sort()).toEqual(indexes.map((i) => (i as { name: string }).name).sort())
    // The seed's own descriptors on the store's file (the background writes') are closed.
    if (process.platform === 'linux') {
      const open = fs.readdirSync('/proc/self/fd').map((fd) => {
        try {
          return fs.readlinkSync(`/proc/self/fd/${fd}`)
        } catch {
          return ''
        }
      })
      expect(open.filter((f) => f.startsWith(storeFileIn(dataDir)))).toEqual([])
    }

    const backend = openBackend({ dataDir, clock: manualClock(), config: { mailFrom: 'x <x@switchboard.test>' }, secrets: testKeychain })
    try {
      const tenants = rows(dataDir, `select tenant_id as id, count(*) as n from users group by 1 order by n`) as { id: string; n: number }[]
      for (const tenant of tenants) {
        const actor = actorIn(tenant.id)
        expect((await backend.services.users.list(actor, {})).total).toBe(tenant.n)
        expect((await backend.services.organisations.get(actor, tenant.id)).userCount).toBe(tenant.n)
        for (const term of ['a', 'an', 'ann', 'son', '.example', 'zzzq']) {
          const like = `%${term}%`
          const expected = rows(
            dataDir,
            `select id from users where tenant_id = '${tenant.id}' and (lower(name) like '${like}' or lower(email) like '${like}') order by lower(name), id`,
          ) as { id: string }[]
          const seen: string[] = []
          let cursor: string | undefined
          const first = await backend.services.users.list(actor, { search: term, limit: 200 })
          let page = first
          for (;;) {
            seen.push(...page.items.map((u) => u.id))
            cursor = page.nextCursor ?? undefined
            if (!cursor) break
            page = await backend.services.users.list(actor, { search: term, limit: 200, cursor })
          }
          expect([term, seen]).toEqual([term, expected.map((r) => r.id)])
          expect([term, first.total, first.totalCapped]).toEqual(
            expected.length > SEARCH_COUNT_CAP ? [term, SEARCH_COUNT_CAP, true] : [term, expected.length, false],
          )
        }
      }
    } finally {
      await backend.close()
    }
  }, 60_000)

  it('builds on a worker thread the trigram index the loader builds itself: same matches, sound, and kept in step afterwards', async () => {
    const [beside, inline] = [tempDir(), tempDir()]
    expect((await seedDemoStore({ dataDir: beside, tenants: 3, users: 3000, seed: 11, indexOnWorker: true })).indexedOnWorker).toBe(true)
    expect((await seedDemoStore({ dataDir: inline, tenants: 3, users: 3000, seed: 11, indexOnWorker: false })).indexedOnWorker).toBe(false)
    // No scratch file is left beside the store.
    expect(fs.readdirSync(beside).filter((f) => f.includes('.search-'))).toEqual([])
    const tenants = rows(beside, `select id from organisations order by id`) as { id: string }[]
    const matches = (dir: string, tenantId: string, term: string) =>
      rows(
        dir,
        `select rowid from users_find where users_find match '${tenantUsersMatch(tenantId, term).replace(/'/g, "''")}' order by rowid`,
      )
    for (const { id } of tenants)
      for (const term of ['ann', 'son', 'mar', '.example', 'zzq', 'le.'])
        expect([id, term, matches(beside, id, term)]).toEqual([id, term, matches(inline, id, term)])

    const db = new Database(storeFileIn(beside))
    try {
      // FTS5's own check of the copied index (structure, segments, the averages record).
      db.prepare(`insert into users_find (users_find, rank) values ('integrity-check', 0)`).run()
      // The triggers put back after the load keep the copied index in step: a rename is found by its new name only.
      const tenant = tenants[0]!.id
      const user = db.prepare(`select id, name from users where tenant_id = ? limit 1`).get(tenant) as { id: string; name: string }
      db.prepare(`update users set name = 'Quixotic Zebulon' where id = ?`).run(user.id)
      const found = (term: string) =>
        db.prepare(`select count(*) as n from users_find where users_find match ?`).get(tenantUsersMatch(tenant, term)) as { n: number }
      expect(found('quixotic zeb')).toEqual({ n: 1 })
      db.prepare(`delete from users where id = ?`).run(user.id)
      expect(found('quixotic zeb')).toEqual({ n: 0 })
      db.prepare(`insert into users_find (users_find, rank) values ('integrity-check', 0)`).run()
    } finally {
      db.close()
    }
  })
})
