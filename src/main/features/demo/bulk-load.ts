import type Database from 'better-sqlite3'
import { tenantSearchKeySql } from '../../db/search'

/** The triggers that keep derived data in step row by row (drizzle/0015, 0021); a bulk load builds it once instead. */
const DERIVED_TRIGGERS = /^(users_find_|users_counts_|organisations_find_)/

/** The page cache while the users' indexes are built (KiB, as PRAGMA cache_size takes a negative number). */
const SORT_CACHE_KIB = 16 * 1024

/**
 * Runs `load` with the derived-data triggers dropped (then `afterIndexes`, once the indexes are back), and puts them back exactly as they were
 * (their SQL is read from the schema, not repeated here). Call inside a transaction: the drop, the
 * load and the re-creation commit or roll back together, so no one ever sees the store without them.
 * `keepUserIndexes`: indexes the load writes in their own order (appended at their end), kept rather than rebuilt.
 */
export function withTriggersSuspended<T>(
  sqlite: Database.Database,
  load: () => T,
  options: { rebuildUserIndexes?: boolean; keepUserIndexes?: readonly string[]; afterIndexes?: (loaded: T) => void } = {},
): T {
  if (!sqlite.inTransaction) throw new Error('withTriggersSuspended must run inside a transaction')
  const triggers = (
    sqlite.prepare(`select name, sql from sqlite_master where type = 'trigger'`).all() as { name: string; sql: string }[]
  ).filter((t) => DERIVED_TRIGGERS.test(t.name))
  // Into an empty users table, building each index once (a sort) beats inserting into all of them row by row.
  const indexes = options.rebuildUserIndexes
    ? (
        sqlite.prepare(`select name, sql from sqlite_master where type = 'index' and tbl_name = 'users' and sql is not null`).all() as {
          name: string
          sql: string
        }[]
      ).filter((i) => !options.keepUserIndexes?.includes(i.name))
    : []
  for (const t of triggers) sqlite.exec(`drop trigger "${t.name}"`)
  for (const i of indexes) sqlite.exec(`drop index "${i.name}"`)
  const result = load()
  if (indexes.length > 0) {
    // SQLite's sorter hands sorted runs to its helper threads (PRAGMA threads) only once the keys
    // outgrow the page cache: with a small cache while the indexes are built, the other core sorts too.
    const cache = sqlite.pragma('cache_size', { simple: true }) as number
    sqlite.pragma(`cache_size = -${SORT_CACHE_KIB}`)
    for (const i of indexes) sqlite.exec(i.sql)
    sqlite.pragma(`cache_size = ${cache}`)
  }
  options.afterIndexes?.(result)
  for (const t of triggers) sqlite.exec(t.sql)
  return result
}

const CHUNK = 50_000

export interface Counts {
  /** `${tenantId}\u0000${role}\u0000${active}` → users added. */
  get(key: string): number | undefined
  entries(): Iterable<[string, number]>
}

/**
 * The derived data of the rows loaded from `firstRowid` / `firstOrgRowid` on: trigram index entries
 * (in rowid chunks, reporting each; unless `usersIndexed`: built beside the load), the user counters and the Overview's per-tenant totals (both
 * from the loader's tally), and the
 * organisations' search index.
 */
export function seedDerivedData(
  sqlite: Database.Database,
  from: { userRowid: number; orgRowid: number; usersIndexed?: boolean },
  counts: Counts,
  progress: (n: number) => void,
): void {
  if (!from.usersIndexed) {
    const last = (sqlite.prepare('select max(rowid) as m from users').get() as { m: number | null }).m ?? 0
    const index = sqlite.prepare(
      `insert into users_find (rowid, tk, name, email)
       select rowid, ${tenantSearchKeySql('tenant_id')}, name, email from users where rowid >= ? and rowid < ?`,
    )
    for (let start = from.userRowid; start <= last; start += CHUNK) progress(index.run(start, start + CHUNK).changes)
  }
  const count = sqlite.prepare(
    `insert into tenant_user_counts (tenant_id, role, active, n) values (?, ?, ?, ?)
     on conflict (tenant_id, role, active) do update set n = n + excluded.n`,
  )
  for (const [key, n] of counts.entries()) {
    const [tenantId, role, active] = key.split('\u0000')
    count.run(tenantId, role, Number(active), n)
  }
  const totals = sqlite.prepare(
    `insert into tenant_counters (tenant_id, users, active_users, open_invitations) values (?, ?, ?, 0)
     on conflict (tenant_id) do update set users = users + excluded.users, active_users = active_users + excluded.active_users`,
  )
  for (const [tenantId, { users, activeUsers }] of tenantTotals(counts)) totals.run(tenantId, users, activeUsers)
  sqlite
    .prepare(`insert into organisations_find (rowid, name, slug) select rowid, name, slug from organisations where rowid >= ?`)
    .run(from.orgRowid)
}

/** The loader's tally by tenant, role and status, added up per tenant (tenant_counters' users and active users). */
export function tenantTotals(counts: Counts): Map<string, { users: number; activeUsers: number }> {
  const totals = new Map<string, { users: number; activeUsers: number }>()
  for (const [key, n] of counts.entries()) {
    const [tenantId, , active] = key.split('\u0000') as [string, string, string]
    const total = totals.get(tenantId) ?? { users: 0, activeUsers: 0 }
    total.users += n
    if (active === '1') total.activeUsers += n
    totals.set(tenantId, total)
  }
  return totals
}
