import type { Conn } from '../../db/engine'
import { likePattern, pageTotal, prepared, preparedIn } from '../../db/query'
import { ftsPhrase, usesTrigrams } from '../../db/search'
import { SEARCH_COUNT_CAP } from '../../../shared/contract'
import type { OrganisationPage, OrganisationRow, SwitcherRow } from './organisations.rows'

/**
 * SQLite's side of organisation search (PostgreSQL's is ./organisations.pg.ts): name or slug, from
 * three characters on through the FTS5 trigram table (drizzle/0015), shorter terms along the name
 * index. A short term's rows, and a trigram search's when it matches many, come in name order off
 * organisations_name_idx, so they are never sorted. A trigram search is counted on the trigram table
 * first: one that matches nothing reads nothing more, and one that matches fewer than SORT_BELOW
 * fetches its rows by rowid and sorts them, rather than walking the whole name index to find them.
 * Prepared once per connection: the switcher asks on every keystroke.
 */
type SearchMode = 'none' | 'trigram' | 'like'
const modeOf = (search: string | undefined): SearchMode => (!search ? 'none' : usesTrigrams(search) ? 'trigram' : 'like')
const matchOf = (search: string | undefined) =>
  !search ? undefined : usesTrigrams(search) ? `{name slug} : ${ftsPhrase(search)}` : likePattern(search)
const SEARCHES: Record<SearchMode, string> = {
  none: '',
  trigram: ' and rowid in (select rowid from organisations_find where organisations_find match @match)',
  like: ` and (lower(name) like @match escape '\\' or lower(slug) like @match escape '\\')`,
}
/**
 * Fewer trigram matches than this are fetched by rowid and sorted (a few hundred rows sort in well
 * under the walk of a 10,000-name index); more are read in order off the name index, where they lie
 * close enough together to fill a page soon. Both plans give the same rows (organisations.search.test.ts).
 */
export const SORT_BELOW = 300

/** How a search reads its rows: `sorted` fetches the trigram matches by rowid and sorts them; the others walk the name index. */
type Plan = SearchMode | 'sorted'
const PLAN_SEARCH: Record<Plan, string> = { ...SEARCHES, sorted: SEARCHES.trigram }
/** `sorted` reads with no index, so that SQLite looks the matches up by rowid (which NOT INDEXED allows) and sorts them. */
const tableOf = (plan: Plan) => (plan === 'sorted' ? 'organisations not indexed' : 'organisations indexed by organisations_name_idx')

/** A trigram term's matches, counted on the trigram table alone (each organisation has one row there), up to `cap`. */
function trigramMatches(conn: Conn, match: string, cap: number): number {
  return (
    prepared(
      conn,
      'organisations.trigram-matches',
      () => 'select count(*) as n from (select rowid from organisations_find where organisations_find match @match limit @cap)',
    ).get({ match, cap }) as { n: number }
  ).n
}

/**
 * The plan for a search's first rows, and how many it matches when that was counted (up to `cap`):
 * a trigram term is counted first, and `null` means it matches nothing.
 */
function planFor(conn: Conn, mode: SearchMode, match: string | undefined, cap: number): { plan: Plan; counted: number | undefined } | null {
  if (mode !== 'trigram') return { plan: mode, counted: undefined }
  const counted = trigramMatches(conn, match!, cap)
  if (counted === 0) return null
  return { plan: counted < SORT_BELOW ? 'sorted' : 'trigram', counted }
}

const COLUMNS = `id, name, slug, is_admin_tenant as isAdminTenant, is_demo as isDemo, require_second_factor as requireSecondFactor, features_enabled as featuresEnabled, created_at as createdAt`

interface RawOrganisation {
  id: string
  name: string
  slug: string
  isAdminTenant: number
  isDemo: number
  requireSecondFactor: number
  featuresEnabled: string | null
  createdAt: number
}
/** Each field named, not spread: a page maps 50 rows per call, and copying by spread costs several times more. */
const toRow = (r: RawOrganisation): OrganisationRow => ({
  id: r.id,
  name: r.name,
  slug: r.slug,
  isAdminTenant: r.isAdminTenant === 1,
  isDemo: r.isDemo === 1,
  requireSecondFactor: r.requireSecondFactor === 1,
  featuresEnabled: r.featuresEnabled,
  createdAt: new Date(r.createdAt),
})

function pageSql(plan: Plan, later: boolean): string {
  const after = later ? ` and lower(name) >= @afterKey and (lower(name), id) > (@afterKey, @afterId)` : ''
  return `select ${COLUMNS}, lower(name) as sortKey from ${tableOf(plan)}
    where 1${PLAN_SEARCH[plan]}${after} order by lower(name), id limit @limit`
}

/** A first page's count where its plan did not count it already: the whole list, or a short term's matches up to the cap and one more. */
function countRows(conn: Conn, mode: SearchMode, params: { match?: string }): { n: number } {
  return prepared(conn, `organisations.total.${mode}`, () =>
    mode === 'none'
      ? 'select count(*) as n from organisations'
      : `select count(*) as n from (select 1 from organisations indexed by organisations_name_idx where 1${SEARCHES[mode]} limit @cap)`,
  ).get(mode === 'none' ? {} : { ...params, cap: SEARCH_COUNT_CAP + 1 }) as { n: number }
}

export async function listOrganisations(
  conn: Conn,
  search: string | undefined,
  after: [string, string] | null,
  limit: number,
): Promise<OrganisationPage> {
  const mode = modeOf(search)
  const match = matchOf(search)
  const params = match === undefined ? {} : { match }
  // A later page walks on from where the last one ended, in name order.
  const planned = after ? { plan: mode, counted: undefined } : planFor(conn, mode, match, SEARCH_COUNT_CAP + 1)
  if (!planned) return { rows: [], total: 0, totalCapped: false }
  const { plan } = planned
  const counted = after ? null : [planned.counted === undefined ? countRows(conn, mode, params) : { n: planned.counted }]
  // Every search is counted up to the cap; the whole list exactly.
  const { total, totalCapped } = pageTotal(counted, mode !== 'none')
  const raw = prepared(conn, `organisations.page.${plan}.${after ? 'later' : 'first'}`, () => pageSql(plan, after !== null)).all({
    ...params,
    limit: limit + 1,
    ...(after ? { afterKey: after[0], afterId: after[1] } : {}),
  }) as (RawOrganisation & { sortKey: string })[]
  const rows = raw.map((r) => ({ organisation: toRow(r), sortKey: r.sortKey }))
  return { rows, total, totalCapped }
}

const SWITCHER_COLUMNS = 'id, name, slug, is_demo as isDemo'
type RawSwitcher = { id: string; name: string; slug: string; isDemo: number }
const toSwitcher = (r: RawSwitcher): SwitcherRow => ({ id: r.id, name: r.name, slug: r.slug, isDemo: r.isDemo === 1 })

export async function switchable(conn: Conn, search: string | undefined, limit: number): Promise<SwitcherRow[]> {
  const match = matchOf(search)
  const planned = planFor(conn, modeOf(search), match, SORT_BELOW)
  if (!planned) return []
  const { plan } = planned
  return (
    prepared(
      conn,
      `organisations.switchable.${plan}`,
      () => `select ${SWITCHER_COLUMNS} from ${tableOf(plan)} where 1${PLAN_SEARCH[plan]} order by lower(name), id limit @limit`,
    ).all({ ...(match === undefined ? {} : { match }), limit }) as RawSwitcher[]
  ).map(toSwitcher)
}

export async function switchableById(conn: Conn, id: string, search: string | undefined): Promise<SwitcherRow | undefined> {
  const mode = modeOf(search)
  const match = matchOf(search)
  const row = prepared(
    conn,
    `organisations.switchable-by-id.${mode}`,
    () => `select ${SWITCHER_COLUMNS} from organisations where id = @id${SEARCHES[mode]}`,
  ).get({ id, ...(match === undefined ? {} : { match }) }) as RawSwitcher | undefined
  return row && toSwitcher(row)
}

export async function recentlyUsed(conn: Conn, userId: string, search: string | undefined, limit: number): Promise<SwitcherRow[]> {
  const mode = modeOf(search)
  const match = matchOf(search)
  const search_ = SEARCHES[mode].replace(/\browid\b/, 'o.rowid').replace(/lower\((name|slug)\)/g, 'lower(o.$1)')
  return (
    prepared(
      conn,
      `organisations.recent.${mode}`,
      () =>
        `select o.id as id, o.name as name, o.slug as slug, o.is_demo as isDemo
         from recent_tenants r indexed by recent_tenants_user_used_idx join organisations o on o.id = r.tenant_id
         where r.user_id = @userId${search_} order by r.used_at desc limit @limit`,
    ).all({ userId, limit, ...(match === undefined ? {} : { match }) }) as RawSwitcher[]
  ).map(toSwitcher)
}

/** One organisation by id: prepared once, read on most calls (the actor's tenant, `auth.me`, the Overview). */
export function findByIdSqlite(conn: Conn, id: string): OrganisationRow | undefined {
  const raw = prepared(conn, 'organisations.byId', () => `select ${COLUMNS} from organisations where id = ?`).get(id) as
    RawOrganisation | undefined
  return raw && toRow(raw)
}

/** Names and slugs of the given organisations, for lists that say where something is. */
export function labelsByIdsSqlite(conn: Conn, ids: readonly string[]): { id: string; name: string; slug: string }[] {
  return preparedIn(conn, 'organisations.labels', ids, (marks) => `select id, name, slug from organisations where id in (${marks})`)
}
