import { Dialect, type Conn } from '../../db/engine'
import { pgRows, type Statement } from '../../db/pg-query'
import { binder, cappedCountSql, likePattern, pageTotal } from '../../db/query'
import { searchTerm, searchTextSql } from '../../db/search.pg'
import type { OrganisationPage, OrganisationRow, SwitcherRow } from './organisations.rows'

/**
 * PostgreSQL's side of organisation search (SQLite's is ./organisations.sqlite.ts), as statements
 * written out once (db/pg-query.ts says why): a substring of name or slug, any case, through
 * organisations_find_idx (pg_trgm GIN over exactly search.pg.ts's `searchText(name, slug)`); the
 * same name order as SQLite's, whose lower(name) compares as bytes: (lower(name), id) in the "C"
 * collation, as organisations_name_idx holds them.
 */

const NAME_KEY = 'lower(o.name collate "C")'
const ID_KEY = 'o.id collate "C"'

const ROW = `o.id, o.name, o.slug, o.is_admin_tenant as "isAdminTenant", o.is_demo as "isDemo",
  o.require_second_factor as "requireSecondFactor", o.features_enabled as "featuresEnabled", o.created_at as "createdAt"`
const SWITCHER_ROW = `o.id, o.name, o.slug, o.is_demo as "isDemo"`

/** The search's condition on `o` (none without a search), its pattern bound. */
function matching(search: string | undefined, bind: (value: unknown) => string): string[] {
  return search ? [`${searchTextSql('o.name', 'o.slug')} ilike ${bind(likePattern(searchTerm(search)))}`] : []
}

const whereOf = (terms: string[]) => (terms.length ? ` where ${terms.join(' and ')}` : '')

/** The first page's total: every organisation, or a search's matches up to the cap and one more. */
function totalStatement(search: string | undefined): Statement {
  const { values, bind } = binder(Dialect.PG)
  const match = matching(search, bind)
  if (!match.length) return { text: 'select count(*) as n from organisations', values, samePlan: true }
  return { text: cappedCountSql(`from organisations o${whereOf(match)}`, bind), values }
}

export async function listOrganisations(
  conn: Conn,
  search: string | undefined,
  after: [string, string] | null,
  limit: number,
): Promise<OrganisationPage> {
  const { values, bind } = binder(Dialect.PG)
  const where = matching(search, bind)
  if (after) {
    const [key, id] = [bind(after[0]), bind(after[1])]
    where.push(`${NAME_KEY} >= ${key} and (${NAME_KEY}, ${ID_KEY}) > (${key}, ${id})`)
  }
  // The page and a first page's total are in flight together: two connections, one round trip's wait.
  const [raw, counted] = await Promise.all([
    pgRows<OrganisationRow & { sortKey: string }>(conn, {
      text: `select ${ROW}, ${NAME_KEY} as "sortKey" from organisations o${whereOf(where)}
      order by ${NAME_KEY}, ${ID_KEY} limit ${bind(limit + 1)}`,
      values,
      // Without a search, a walk along organisations_name_idx; a search's plan depends on its term.
      samePlan: search ? undefined : true,
    }),
    after ? null : pgRows<{ n: string }>(conn, totalStatement(search)),
  ])
  const { total, totalCapped } = pageTotal(counted, !!search)
  const rows = raw.map((r) => ({
    organisation: {
      id: r.id,
      name: r.name,
      slug: r.slug,
      isAdminTenant: r.isAdminTenant,
      isDemo: r.isDemo,
      requireSecondFactor: r.requireSecondFactor,
      featuresEnabled: r.featuresEnabled,
      createdAt: r.createdAt,
    },
    sortKey: r.sortKey,
  }))
  return { rows, total, totalCapped }
}

export async function switchable(conn: Conn, search: string | undefined, limit: number): Promise<SwitcherRow[]> {
  const { values, bind } = binder(Dialect.PG)
  const where = whereOf(matching(search, bind))
  return pgRows(conn, {
    text: `select ${SWITCHER_ROW} from organisations o${where} order by ${NAME_KEY}, ${ID_KEY} limit ${bind(limit)}`,
    values,
    samePlan: search ? undefined : true,
  })
}

export async function switchableById(conn: Conn, id: string, search: string | undefined): Promise<SwitcherRow | undefined> {
  const { values, bind } = binder(Dialect.PG)
  const where = whereOf([`o.id = ${bind(id)}`, ...matching(search, bind)])
  // A primary-key probe, the search a filter on its one row.
  return (await pgRows<SwitcherRow>(conn, { text: `select ${SWITCHER_ROW} from organisations o${where}`, values, samePlan: true }))[0]
}

export async function recentlyUsed(conn: Conn, userId: string, search: string | undefined, limit: number): Promise<SwitcherRow[]> {
  const { values, bind } = binder(Dialect.PG)
  const where = whereOf([`r.user_id = ${bind(userId)}`, ...matching(search, bind)])
  return pgRows(conn, {
    text: `select ${SWITCHER_ROW} from recent_tenants r join organisations o on o.id = r.tenant_id${where}
      order by r.used_at desc limit ${bind(limit)}`,
    values,
    samePlan: search ? undefined : true,
  })
}
