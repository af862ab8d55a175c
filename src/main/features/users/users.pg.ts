import { and, eq, or, sql, type SQL } from 'drizzle-orm'
import type { NodePgDatabase } from 'drizzle-orm/node-postgres'
import type { PgColumn } from 'drizzle-orm/pg-core'
import { AppError, ErrorCode } from '../../../shared/errors'
import { Dialect, type Conn } from '../../db/engine'
import { bytesKey, lowerKey } from '../../db/sort-keys'
import { firstPageCappedTotal, likePattern } from '../../db/query'
import { usesTrigrams } from '../../db/search'
import { searchTerm, searchText } from '../../db/search.pg'
import type { SortKey } from '../cursor'
import { sqlLower, type FoundUser, type ListQuery, type RawSummary, type UserPage } from './users.list'

/**
 * PostgreSQL's side of the users list and search (SQLite's is ./users.sqlite.ts), with the same
 * semantics: keyset pages in (sort key, id) order, totals from tenant_user_counts, searches counted
 * up to SEARCH_COUNT_CAP. Text keys are compared in the "C" collation, so pages come in SQLite's
 * BINARY order whatever the database's collation; `lower(x collate "C")` folds ASCII letters only,
 * as SQLite's lower() does. The sort indexes of schema.pg.ts must spell the same expressions (with
 * the same collation) for a page to be read off them instead of sorting the tenant's users.
 */

type Users = Conn['t']['users']
const PG = { dialect: Dialect.PG }

/** Never-signed-in users sort as -1 ms, as on SQLite: the literal users_tenant_last_sign_in_idx holds. */
const NEVER = sql.raw(`'1969-12-31 23:59:59.999+00'::timestamptz`)

/** Each sort's key as its index spells it. */
const KEYS: Record<ListQuery['sort'], (u: Users) => SQL> = {
  name: (u) => lowerKey(PG, u.name),
  email: (u) => lowerKey(PG, u.email),
  role: (u) => sql`(${bytesKey(PG, u.role)})`,
  lastSignIn: (u) => sql`coalesce(${u.lastSignInAt}, ${NEVER})`,
}

/** The same keys computed from a row, for the next page's cursor (lastSignIn in ms, as on SQLite). */
const SORT_VALUE: Record<ListQuery['sort'], (r: RawSummary) => SortKey> = {
  name: (r) => sqlLower(r.name),
  email: (r) => sqlLower(r.email),
  role: (r) => r.role,
  lastSignIn: (r) => r.lastSignInAt?.getTime() ?? -1,
}

const invalidCursor = () =>
  new AppError(ErrorCode.VALIDATION, 'The page cursor is not valid; reload the list.', { cursor: 'Invalid cursor' })

/** A cursor's sort key as the key's SQL type: cursors carry ms for lastSignIn on both engines. */
function boundOf(sort: ListQuery['sort'], key: SortKey): SQL {
  if (sort !== 'lastSignIn') return sql`${String(key)}`
  const ms = Number(key)
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) throw invalidCursor()
  return sql`${new Date(ms).toISOString()}::timestamptz`
}

const byId = (u: Users) => bytesKey(PG, u.id)

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

/** The assignee dropdown's order: SQLite's, along users_tenant_name_idx. */
export const byNamePg = ({ t }: Conn): SQL[] => [KEYS.name(t.users), byId(t.users)]

/** A first page's total, exact from the maintained counters: nothing is counted. */
async function counterTotal({ db, t }: Conn, tenantId: string, query: ListQuery): Promise<number> {
  const c = t.tenantUserCounts
  const where = [eq(c.tenantId, tenantId)]
  if (query.role) where.push(eq(c.role, query.role))
  if (query.status !== 'all') where.push(eq(c.active, query.status === 'active'))
  const [row] = await db
    .select({ n: sql<string>`coalesce(sum(${c.n}), 0)` })
    .from(c)
    .where(and(...where))
  // sum() is a bigint on PostgreSQL, handed over as a string.
  return Number(row?.n ?? 0)
}

/** The tenant's users the list's filters and search let through. */
function listFilters(conn: Conn, tenantId: string, query: ListQuery): SQL[] {
  const u = conn.t.users
  const where: SQL[] = [eq(u.tenantId, tenantId)]
  if (query.role) where.push(eq(u.role, query.role))
  if (query.status !== 'all') where.push(eq(u.active, query.status === 'active'))
  if (query.search) where.push(matchesSearchPg(conn, query.search))
  return where
}

/** One page's query, not run: rows after `after` in (sort key, id) order, read off the sort's index. */
export function userPageQuery(conn: Conn, tenantId: string, query: ListQuery, after: [SortKey, string] | null) {
  const u = conn.t.users
  const where = listFilters(conn, tenantId, query)
  const key = KEYS[query.sort](u)
  const id = byId(u)
  const desc = query.direction === 'desc'
  if (after) {
    const bound = boundOf(query.sort, after[0])
    where.push(desc ? sql`(${key}, ${id}) < (${bound}, ${after[1]})` : sql`(${key}, ${id}) > (${bound}, ${after[1]})`)
  }
  return conn.db
    .select({ id: u.id, name: u.name, email: u.email, role: u.role, active: u.active, lastSignInAt: u.lastSignInAt })
    .from(u)
    .where(and(...where))
    .orderBy(...(desc ? [sql`${key} desc`, sql`${id} desc`] : [key, id]))
    .limit(query.limit + 1)
}

/**
 * One keyset page with the total on the first page: from the counters, or for a search its
 * matches counted up to the cap (a search with none answers at once).
 */
export async function listUsersPg(conn: Conn, tenantId: string, query: ListQuery, after: [SortKey, string] | null): Promise<UserPage> {
  let total: number | null = null
  let totalCapped = false
  if (query.search) {
    ;({ total, totalCapped } = await firstPageCappedTotal(conn, conn.t.users, and(...listFilters(conn, tenantId, query)), after))
    if (total === 0) return { rows: [], total, totalCapped }
  } else if (!after) {
    total = await counterTotal(conn, tenantId, query)
  }
  const rows = await userPageQuery(conn, tenantId, query, after)
  return { rows: rows.map((r) => ({ ...r, sortKey: SORT_VALUE[query.sort](r) })), total, totalCapped }
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
