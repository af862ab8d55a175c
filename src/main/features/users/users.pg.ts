import { or, sql, type SQL } from 'drizzle-orm'
import type { NodePgDatabase } from 'drizzle-orm/node-postgres'
import type { PgColumn } from 'drizzle-orm/pg-core'
import { Dialect, type Conn } from '../../db/engine'
import { pgRows, type Statement } from '../../db/pg-query'
import { binder, cappedCountSql, likePattern, pageTotal } from '../../db/query'
import { usesTrigrams } from '../../db/search'
import { searchTerm, searchText, searchTextSql } from '../../db/search.pg'
import { invalidCursor, type SortKey } from '../cursor'
import { keyedSummary, sqlLower, type FoundUser, type ListQuery, type RawSummary, type UserPage } from './users.list'

/**
 * PostgreSQL's side of the users list and search (SQLite's is ./users.sqlite.ts), with the same
 * semantics: keyset pages in (sort key, id) order, totals from tenant_user_counts, searches counted
 * up to SEARCH_COUNT_CAP. Text keys are compared in the "C" collation, so pages come in SQLite's
 * BINARY order whatever the database's collation; `lower(x collate "C")` folds ASCII letters only,
 * as SQLite's lower() does. The sort indexes of schema.pg.ts must spell the same expressions (with
 * the same collation) for a page to be read off them instead of sorting the tenant's users.
 */

/**
 * Each sort's key as its index spells it (schema.pg.ts). Never-signed-in users sort as -1 ms, as on
 * SQLite: the literal is users_tenant_last_sign_in_idx's.
 */
const KEYS: Record<ListQuery['sort'], string> = {
  name: 'lower(users.name collate "C")',
  email: 'lower(users.email collate "C")',
  role: '(users.role collate "C")',
  lastSignIn: `coalesce(users.last_sign_in_at, '1969-12-31 23:59:59.999+00'::timestamptz)`,
}
const ID_KEY = 'users.id collate "C"'

/** The same keys computed from a row, for the next page's cursor (lastSignIn in ms, as on SQLite). */
const SORT_VALUE: Record<ListQuery['sort'], (r: RawSummary) => SortKey> = {
  name: (r) => sqlLower(r.name),
  email: (r) => sqlLower(r.email),
  role: (r) => r.role,
  lastSignIn: (r) => r.lastSignInAt?.getTime() ?? -1,
}

/** A cursor's sort key as the key's SQL type: cursors carry ms for lastSignIn on both engines. */
function boundOf(sort: ListQuery['sort'], key: SortKey, bind: (value: unknown) => string): string {
  if (sort !== 'lastSignIn') return bind(String(key))
  const ms = Number(key)
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) throw invalidCursor()
  return `${bind(new Date(ms).toISOString())}::timestamptz`
}

/**
 * Substring match on name or email within one tenant, case-insensitively. From three characters on
 * through the tenant-keyed trigram GIN index (users_find_idx), whose expression this must be
 * exactly (search.pg.ts); shorter terms have no trigram to look up, so they are checked along the
 * tenant's B-tree range instead (written so that the GIN index is not asked to scan everything).
 */
export function matchesSearchPg({ t }: Conn, search: string): SQL {
  const pattern = likePattern(searchTerm(search))
  const name = t.users.name as unknown as PgColumn
  const email = t.users.email as unknown as PgColumn
  if (usesTrigrams(search)) return sql`${searchText(name, email)} ilike ${pattern}`
  return or(sql`${name} ilike ${pattern}`, sql`${email} ilike ${pattern}`)!
}

/** matchesSearchPg as text, for the list's written-out statements. */
function matchesSearchText(search: string, bind: (value: unknown) => string): string {
  const pattern = bind(likePattern(searchTerm(search)))
  if (usesTrigrams(search)) return `${searchTextSql('users.name', 'users.email')} ilike ${pattern}`
  return `(users.name ilike ${pattern} or users.email ilike ${pattern})`
}

/** The assignee dropdown's order: SQLite's, along users_tenant_name_idx. */
export const byNamePg = (): SQL[] => [sql.raw(KEYS.name), sql.raw(ID_KEY)]

/** The tenant's users the list's filters and search let through, as a WHERE clause. */
function listFilters(tenantId: string, query: ListQuery, bind: (value: unknown) => string): string {
  let where = `users.tenant_id = ${bind(tenantId)}`
  if (query.role) where += ` and users.role = ${bind(query.role)}`
  if (query.status !== 'all') where += ` and users.active = ${bind(query.status === 'active')}`
  if (query.search) where += ` and ${matchesSearchText(query.search, bind)}`
  return where
}

/** A first page's total, exact from the maintained counters: nothing is counted. */
function counterTotal(tenantId: string, query: ListQuery): Statement {
  const { values, bind } = binder(Dialect.PG)
  let where = `tenant_id = ${bind(tenantId)}`
  if (query.role) where += ` and role = ${bind(query.role)}`
  if (query.status !== 'all') where += ` and active = ${bind(query.status === 'active')}`
  return { text: `select coalesce(sum(n), 0) as n from tenant_user_counts where ${where}`, values, samePlan: true }
}

/** A search's matches counted up to the cap and no further (one more says "1,000+"). */
function cappedCount(tenantId: string, query: ListQuery): Statement {
  const { values, bind } = binder(Dialect.PG)
  const where = listFilters(tenantId, query, bind)
  return { text: cappedCountSql(`from users where ${where}`, bind), values }
}

/** One page's statement: rows after `after` in (sort key, id) order, read off the sort's index. */
export function userPageStatement(tenantId: string, query: ListQuery, after: [SortKey, string] | null): Statement {
  const { values, bind } = binder(Dialect.PG)
  let where = listFilters(tenantId, query, bind)
  const key = KEYS[query.sort]
  const [cmp, dir] = query.direction === 'desc' ? ['<', ' desc'] : ['>', '']
  if (after) where += ` and (${key}, ${ID_KEY}) ${cmp} (${boundOf(query.sort, after[0], bind)}, ${bind(after[1])})`
  return {
    text: `select users.id, users.name, users.email, users.role, users.active, users.last_sign_in_at as "lastSignInAt"
      from users where ${where} order by ${key}${dir}, ${ID_KEY}${dir} limit ${bind(query.limit + 1)}`,
    values,
    // The whole tenant's range walked along the sort's index; a search, a role or a status may be
    // served by another index or by that walk, as the rows they let through are few or many.
    samePlan: query.search || query.role || query.status !== 'all' ? undefined : true,
  }
}

/**
 * One keyset page with the total on the first page: from the counters, or for a search its
 * matches counted up to the cap (a search with none answers at once).
 */
export async function listUsersPg(conn: Conn, tenantId: string, query: ListQuery, after: [SortKey, string] | null): Promise<UserPage> {
  // A search is counted first, and stops there when nothing matches (a short term's page would walk
  // the tenant's whole range to find no row). Without one, the counters' total and the page are in
  // flight together: two connections, one round trip's wait.
  const searched = !after && query.search ? pageTotal(await pgRows<{ n: string }>(conn, cappedCount(tenantId, query)), true) : null
  if (searched?.total === 0) return { rows: [], ...searched }
  const [counted, rows] = await Promise.all([
    after || query.search ? null : pgRows<{ n: string }>(conn, counterTotal(tenantId, query)),
    pgRows<RawSummary>(conn, userPageStatement(tenantId, query, after)),
  ])
  const { total, totalCapped } = searched ?? pageTotal(counted, false)
  const sortValue = SORT_VALUE[query.sort]
  return {
    rows: rows.map((r) => keyedSummary(r, sortValue(r))),
    total,
    totalCapped,
  }
}

/**
 * Users of every tenant whose name or email holds `term` (three characters or more), up to
 * `limit`, unordered. users_find_idx serves the trigram condition alone (a multicolumn GIN index
 * answers any subset of its columns). The matches are a MATERIALIZED CTE, planned for all of its
 * rows and read lazily: under a bare LIMIT the planner would rather walk the whole table until it
 * has met `limit` matches, which for a rare term means reading every user of the instance.
 */
export async function findUsersAnywherePg(conn: Conn, term: string, limit: number): Promise<FoundUser[]> {
  const u = conn.t.users
  const result = await (conn.db as unknown as NodePgDatabase).execute(sql`with found as materialized (
      select ${u.id} as "id", ${u.name} as "name", ${u.email} as "email", ${u.role} as "role", ${u.active} as "active",
        ${u.tenantId} as "tenantId"
      from ${u} where ${matchesSearchPg(conn, term)}
    ) select * from found limit ${limit}`)
  return result.rows as unknown as FoundUser[]
}
