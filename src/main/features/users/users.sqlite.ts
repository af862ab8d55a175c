import { or, sql, type SQL } from 'drizzle-orm'
import { SEARCH_COUNT_CAP } from '../../../shared/contract'
import type { Conn } from '../../db/engine'
import { likePattern, prepared, preparedIn } from '../../db/query'
import { ftsPhrase, tenantUsersMatch, usesTrigrams } from '../../db/search'
import type { SortKey } from '../cursor'
import { compareKeys, sqlLower, type FoundUser, type ListQuery, type RawSummary, type UserSummaryRow } from './users.list'

/**
 * SQLite's side of the users list and search (PostgreSQL's is ./users.pg.ts): prepared statements,
 * INDEXED BY, and the FTS5 trigram table users_find with its tenant key (drizzle/0015).
 */

/** Each sort's key, as its index spells it, and the index that hands rows over in that order. */
const SORTS = {
  name: { key: 'lower(name)', index: 'users_tenant_name_idx' },
  email: { key: 'lower(email)', index: 'users_tenant_email_idx' },
  role: { key: 'role', index: 'users_tenant_role_idx' },
  lastSignIn: { key: 'coalesce(last_sign_in_at, -1)', index: 'users_tenant_last_sign_in_idx' },
} as const

/**
 * Substring match on name or email within one tenant. From three characters on it uses the
 * tenant-keyed trigram index (drizzle/0015), which never reads another tenant's postings; shorter
 * terms are checked along the tenant's own index range, which is what they would match anyway.
 */
export function matchesSearchSqlite({ t }: Conn, tenantId: string, search: string): SQL {
  const { users } = t
  if (usesTrigrams(search)) {
    return sql`${users}.rowid in (select rowid from users_find where users_find match ${tenantUsersMatch(tenantId, search)})`
  }
  const pattern = likePattern(search)
  return or(sql`lower(${users.name}) like ${pattern} escape '\\'`, sql`lower(${users.email}) like ${pattern} escape '\\'`)!
}

/** The assignee dropdown's order: SQLite's lower() and BINARY collation, as the name index holds it. */
export const byNameSqlite = ({ t }: Conn): SQL[] => [sql`lower(${t.users.name})`, sql`${t.users.id}`]

type SearchMode = 'none' | 'trigram' | 'like'

const FILTERS = `tenant_id = @tenant and (@role is null or role = @role) and (@active is null or active = @active)`
const SEARCHES: Record<SearchMode, string> = {
  none: '',
  trigram: '', // trigram matches are collected first (MATCHES_SQL), never filtered along an index walk
  like: ` and (lower(name) like @match escape '\\' or lower(email) like @match escape '\\')`,
}

/**
 * One page in the sort's order, read off the sort's index (INDEXED BY: with or without ANALYZE's
 * statistics, a search never makes SQLite fetch the matches and sort them in a temp B-tree).
 */
function pageSql(sort: ListQuery['sort'], direction: ListQuery['direction'], mode: SearchMode, later: boolean): string {
  const { key, index } = SORTS[sort]
  const [cmp, dir] = direction === 'asc' ? ['>', 'asc'] : ['<', 'desc']
  // The single-column bound lets SQLite seek the index; the row value breaks ties by id.
  const after = later ? ` and ${key} ${cmp}= @afterKey and (${key}, id) ${cmp} (@afterKey, @afterId)` : ''
  return `select id, name, email, role, active, last_sign_in_at as lastSignInAt, ${key} as sortKey
    from users indexed by ${index} where ${FILTERS}${SEARCHES[mode]}${after}
    order by ${key} ${dir}, id ${dir} limit @limit`
}

/** A first page's total, exact from the maintained counters: nothing is counted. */
const TOTAL_SQL = `select coalesce(sum(n), 0) as n from tenant_user_counts
  where tenant_id = @tenant and (@role is null or role = @role) and (@active is null or active = @active)`

const COLUMNS = 'id, name, email, role, active, last_sign_in_at as lastSignInAt'

/**
 * A search's matches, up to the cap and no further: through the tenant-keyed trigram index, or
 * (short terms) along the tenant's range of users_tenant_name_idx, which holds both lowered name
 * and email, so only matching rows are read. Unordered: the caller sorts at most CAP + 1 rows.
 */
const MATCHES_SQL: Record<Exclude<SearchMode, 'none'>, string> = {
  // NOT INDEXED: rows are fetched by rowid from the index's matches, never by walking the tenant.
  trigram: `select ${COLUMNS} from users not indexed
    where rowid in (select rowid from users_find where users_find match @match) and ${FILTERS} limit @cap`,
  like: `select ${COLUMNS} from users indexed by users_tenant_name_idx where ${FILTERS}${SEARCHES.like} limit @cap`,
}

/** How many matches, up to the cap: the trigram index's rowids, or the name index alone (it holds both columns). */
const COUNT_SQL: Record<Exclude<SearchMode, 'none'>, string> = {
  // A join, not `rowid in (…)`: the LIMIT stops the index's matches instead of materialising all of them.
  trigram: `select count(*) as n from (select 1 from users_find cross join users on users.rowid = users_find.rowid
    where users_find match @match and ${FILTERS} limit @cap)`,
  like: `select count(*) as n from (select 1 from users indexed by users_tenant_name_idx where ${FILTERS}${SEARCHES.like} limit @cap)`,
}

interface SqliteSummary extends Omit<RawSummary, 'active' | 'lastSignInAt'> {
  active: number
  lastSignInAt: number | null
}

const SORT_VALUE: Record<ListQuery['sort'], (r: SqliteSummary) => SortKey> = {
  name: (r) => sqlLower(r.name),
  email: (r) => sqlLower(r.email),
  role: (r) => r.role,
  lastSignIn: (r) => r.lastSignInAt ?? -1,
}

/** Each field named, not spread: copying by spread costs several times more, on every row of every page. */
const toSummary = (r: SqliteSummary, sortKey: SortKey): UserSummaryRow => ({
  id: r.id,
  name: r.name,
  email: r.email,
  role: r.role,
  active: r.active === 1,
  lastSignInAt: r.lastSignInAt === null ? null : new Date(r.lastSignInAt),
  sortKey,
})

/**
 * One keyset page: rows after `after` in (sort key, id) order, with the total on the first page.
 * Lists without a search read the sort's index and take the total from the counters. A search
 * first collects its matches up to the cap: when that is all of them (the usual case for a
 * specific term, in a tenant of any size) they are sorted here and the total is exact; when there
 * are more, matches are dense, so walking the sort's index finds a page quickly and the total is
 * reported as "1,000+".
 */
export function listUsersSqlite(conn: Conn, tenantId: string, query: ListQuery, after: [SortKey, string] | null) {
  const mode: SearchMode = !query.search ? 'none' : usesTrigrams(query.search) ? 'trigram' : 'like'
  const match = mode === 'trigram' ? tenantUsersMatch(tenantId, query.search!) : mode === 'like' ? likePattern(query.search!) : undefined
  const filters = {
    tenant: tenantId,
    role: query.role ?? null,
    active: query.status === 'all' ? null : query.status === 'active' ? 1 : 0,
    ...(match === undefined ? {} : { match }),
  }
  let total: number | null = null
  let totalCapped = false
  if (mode === 'none') {
    if (!after) total = (prepared(conn, 'users.total', () => TOTAL_SQL).get(filters) as { n: number }).n
  } else {
    // Counted first, without fetching rows: dense matches never read more than the cap's worth.
    const cap = { cap: SEARCH_COUNT_CAP + 1 }
    const n = (prepared(conn, `users.count.${mode}`, () => COUNT_SQL[mode]).get({ ...filters, ...cap }) as { n: number }).n
    if (n === 0) return { rows: [], total: after ? null : 0, totalCapped: false }
    if (n <= SEARCH_COUNT_CAP) {
      const matches = prepared(conn, `users.matches.${mode}`, () => MATCHES_SQL[mode]).all({ ...filters, ...cap }) as SqliteSummary[]
      const key = SORT_VALUE[query.sort]
      const sign = query.direction === 'asc' ? 1 : -1
      // Sorted by key; only the page's rows are turned into summaries (up to the cap's worth match).
      const sorted = matches
        .map((row) => ({ row, sortKey: key(row) }))
        .sort((a, b) => sign * (compareKeys(a.sortKey, b.sortKey) || compareKeys(a.row.id, b.row.id)))
      const start = after ? sorted.findIndex((m) => sign * (compareKeys(m.sortKey, after[0]) || compareKeys(m.row.id, after[1])) > 0) : 0
      const rows = start < 0 ? [] : sorted.slice(start, start + query.limit + 1).map((m) => toSummary(m.row, m.sortKey))
      return { rows, total: after ? null : matches.length, totalCapped: false }
    }
    if (!after) {
      total = SEARCH_COUNT_CAP
      totalCapped = true
    }
  }
  // Dense matches walk the sort's index with the LIKE check (rows are read only for candidates).
  const walk: SearchMode = mode === 'none' ? 'none' : 'like'
  const page = prepared(conn, `users.page.${query.sort}.${query.direction}.${walk}.${after ? 'later' : 'first'}`, () =>
    pageSql(query.sort, query.direction, walk, after !== null),
  )
  const walkFilters = mode === 'trigram' ? { ...filters, match: likePattern(query.search!) } : filters
  const raw = page.all({
    ...walkFilters,
    limit: query.limit + 1,
    ...(after ? { afterKey: after[0], afterId: after[1] } : {}),
  }) as (SqliteSummary & { sortKey: SortKey })[]
  return { rows: raw.map((r) => toSummary(r, r.sortKey)), total, totalCapped }
}

/**
 * Users of every tenant whose name or email holds `term` (three characters or more), up to
 * `limit`, unordered: the trigram index's matches without the tenant key, each fetched by rowid.
 */
export function findUsersAnywhereSqlite(conn: Conn, term: string, limit: number): FoundUser[] {
  const rows = prepared(
    conn,
    'users.anywhere',
    () => `select users.id, users.name, users.email, users.role, users.active, users.tenant_id as tenantId
      from users_find cross join users on users.rowid = users_find.rowid where users_find match @match limit @limit`,
  ).all({ match: `{name email} : ${ftsPhrase(term)}`, limit }) as (Omit<FoundUser, 'active'> & { active: number })[]
  return rows.map((r) => ({ ...r, active: r.active === 1 }))
}

/** Who the given users are, for lists that name them (audit, invitations): prepared once per number of ids. */
export function usersByIdsSqlite(conn: Conn, ids: readonly string[]): { id: string; name: string; email: string; active: boolean }[] {
  return preparedIn<{ id: string; name: string; email: string; active: number }>(
    conn,
    'users.byIds',
    ids,
    (marks) => `select id, name, email, active from users where id in (${marks})`,
  ).map((r) => ({ id: r.id, name: r.name, email: r.email, active: r.active === 1 }))
}

/** Users per tenant from the maintained counters (drizzle/0015), for the given tenants. */
export function countUsersByTenantSqlite(conn: Conn, tenantIds: readonly string[]): { tenantId: string; n: number }[] {
  return preparedIn(
    conn,
    'users.countByTenant',
    tenantIds,
    (marks) => `select tenant_id as tenantId, sum(n) as n from tenant_user_counts where tenant_id in (${marks}) group by tenant_id`,
  )
}
