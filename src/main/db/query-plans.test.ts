import type Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { openBackend } from '../backend'
import { manualClock } from '../clock'
import { seedDemoStore } from '../features/demo/demo-seed'
import { OPERATOR } from '../../../tests/support/operator'
import { tempBackend, tempDir, testKeychain } from '../../../tests/support/temp-backend'
import { runEveryList, TENANT_TABLES } from '../../../tests/support/every-list'

/**
 * Issue 13: every list and search the console runs reads its rows off an index in the order asked
 * for — no SCAN of a tenant's table, no temp B-tree for the ORDER BY — on a store without planner
 * statistics and on a skewed one after a full ANALYZE (which once turned a search 4× slower and the
 * session lookup into a full scan).
 */

/** Opens the store in `dataDir` with every SELECT prepared on its connection recorded. */
function recording(dataDir: string) {
  const statements = new Set<string>()
  const backend = tempBackend(dataDir, undefined, undefined, testKeychain)
  const sqlite = backend.store!.sqlite
  const prepare = sqlite.prepare.bind(sqlite)
  sqlite.prepare = ((source: string) => {
    if (/^\s*select/i.test(source) && !/sqlite_master|__drizzle|pragma/i.test(source)) statements.add(source)
    return prepare(source)
  }) as typeof sqlite.prepare
  /** The test's own queries, not recorded. */
  const own = <T>(source: string) => prepare(source).get() as T
  return { backend, statements, own }
}

/** A store with the operator, then a seed with one big tenant (a tenth of the users) among small ones. */
async function skewedStore(): Promise<string> {
  const dataDir = tempDir()
  const first = openBackend({ dataDir, clock: manualClock(), config: { mailFrom: 'x <x@switchboard.test>' }, secrets: testKeychain })
  await first.services.setup.run(OPERATOR)
  await first.close()
  await seedDemoStore({ dataDir, tenants: 40, users: 4000, tickets: 200, seed: 3 })
  return dataDir
}

function problems(sqlite: Database.Database, statements: Iterable<string>): { sql: string; plan: string[] }[] {
  const found: { sql: string; plan: string[] }[] = []
  for (const source of statements) {
    const params = /@\w/.test(source)
      ? Object.fromEntries([...source.matchAll(/@(\w+)/g)].map((m) => [m[1], null]))
      : Array((source.match(/\?/g) ?? []).length).fill(null)
    const plan = (sqlite.prepare(`explain query plan ${source}`).all(params) as { detail: string }[]).map((r) => r.detail)
    // A trigram search of organisations that matched fewer than SORT_BELOW sorts just those (organisations.sqlite.ts counts them first).
    const boundedSort = /from organisations not indexed\s+where 1 and rowid in \(select rowid from organisations_find where/.test(source)
    const bad = plan.filter((detail) => {
      if (/USE TEMP B-TREE FOR (ORDER BY|RIGHT PART OF ORDER BY|LAST TERM OF ORDER BY)/.test(detail)) return !boundedSort
      const scanned = /^SCAN (\w+)/.exec(detail)?.[1]
      if (scanned === undefined || /VIRTUAL TABLE/.test(detail) || !TENANT_TABLES.includes(scanned)) return false
      // Instance-wide reads (the SUPER_ADMIN's whole audit log, the chain's tip, a capped count)
      // walk an index in order and stop at their LIMIT: bounded, whatever the store's size.
      return !(/\blimit\b/i.test(source) && !/tenant_id"? = /i.test(source))
    })
    if (bad.length > 0) found.push({ sql: source.replace(/\s+/g, ' ').slice(0, 400), plan })
  }
  return found
}

describe('query plans of every list and search', () => {
  it('read tenant rows off indexes in the asked order on a store without statistics', async () => {
    const dataDir = await skewedStore()
    const raw = openBackend({ dataDir, clock: manualClock(), config: { mailFrom: 'x <x@switchboard.test>' }, secrets: testKeychain })
    raw.store!.sqlite.exec('drop table if exists sqlite_stat1; drop table if exists sqlite_stat4')
    await raw.close()
    const { backend, statements, own } = recording(dataDir)
    expect(own(`select count(*) as n from sqlite_master where name = 'sqlite_stat1'`)).toEqual({ n: 0 })
    const big = own<{ id: string }>(`select tenant_id as id from tenant_user_counts group by 1 order by sum(n) desc limit 1`)
    await runEveryList(backend, own<{ id: string }>(`select id from users where role = 'SUPER_ADMIN'`).id, big.id)
    expect(statements.size).toBeGreaterThan(40)
    expect(problems(backend.store!.sqlite, statements)).toEqual([])
  }, 60_000)

  it('keep those plans after a full ANALYZE of a skewed store', async () => {
    const dataDir = await skewedStore()
    const { backend, statements, own } = recording(dataDir)
    backend.store!.sqlite.exec('pragma analysis_limit = 0; analyze')
    const small = own<{ id: string }>(`select tenant_id as id from tenant_user_counts group by 1 order by sum(n) asc limit 1`)
    const big = own<{ id: string }>(`select tenant_id as id from tenant_user_counts group by 1 order by sum(n) desc limit 1`)
    const operatorId = own<{ id: string }>(`select id from users where role = 'SUPER_ADMIN'`).id
    await runEveryList(backend, operatorId, small.id)
    await runEveryList(backend, operatorId, big.id)
    expect(problems(backend.store!.sqlite, statements)).toEqual([])
  }, 60_000)
})
