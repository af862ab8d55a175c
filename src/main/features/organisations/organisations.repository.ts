import { and, count, desc, eq, inArray, ne, notInArray, sql } from 'drizzle-orm'
import { organisations, recentTenants } from '../../db/schema'
import { likePattern, prepared } from '../../db/query'
import { ftsPhrase, usesTrigrams } from '../../db/search'
import { SEARCH_COUNT_CAP } from '../../../shared/contract'
import type { Reader, Writer } from '../../db/types'

export type OrganisationRow = typeof organisations.$inferSelect

/**
 * Name or slug search: from three characters on through the trigram index (drizzle/0015), shorter
 * terms along the name index. Either way the rows come in name order off organisations_name_idx,
 * so a search never sorts.
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
const COLUMNS = `id, name, slug, is_admin_tenant as isAdminTenant, is_demo as isDemo, features_enabled as featuresEnabled, created_at as createdAt`

interface RawOrganisation {
  id: string
  name: string
  slug: string
  isAdminTenant: number
  isDemo: number
  featuresEnabled: string | null
  createdAt: number
}
const toRow = (r: RawOrganisation): OrganisationRow => ({
  ...r,
  isAdminTenant: r.isAdminTenant === 1,
  isDemo: r.isDemo === 1,
  createdAt: new Date(r.createdAt),
})

function pageSql(mode: SearchMode, later: boolean): string {
  const after = later ? ` and lower(name) >= @afterKey and (lower(name), id) > (@afterKey, @afterId)` : ''
  return `select ${COLUMNS}, lower(name) as sortKey from organisations indexed by organisations_name_idx
    where 1${SEARCHES[mode]}${after} order by lower(name), id limit @limit`
}

/** A keyset page by (lower(name), id); the first page's total, capped for a search. */
export function listOrganisations(db: Reader, search: string | undefined, after: [string, string] | null, limit: number) {
  const mode = modeOf(search)
  const match = matchOf(search)
  const params = match === undefined ? {} : { match }
  let total: number | null = null
  let totalCapped = false
  if (!after) {
    const n = (
      prepared(db, `organisations.total.${mode}`, () =>
        mode === 'none'
          ? 'select count(*) as n from organisations'
          : `select count(*) as n from (select 1 from organisations indexed by organisations_name_idx where 1${SEARCHES[mode]} limit @cap)`,
      ).get(mode === 'none' ? {} : { ...params, cap: SEARCH_COUNT_CAP + 1 }) as { n: number }
    ).n
    totalCapped = mode !== 'none' && n > SEARCH_COUNT_CAP
    total = totalCapped ? SEARCH_COUNT_CAP : n
  }
  const raw = prepared(db, `organisations.page.${mode}.${after ? 'later' : 'first'}`, () => pageSql(mode, after !== null)).all({
    ...params,
    limit: limit + 1,
    ...(after ? { afterKey: after[0], afterId: after[1] } : {}),
  }) as (RawOrganisation & { sortKey: string })[]
  const rows = raw.map(({ sortKey, ...r }) => ({ organisation: toRow(r), sortKey }))
  return { rows, total, totalCapped }
}

export function findById(db: Reader, id: string): OrganisationRow | undefined {
  return db.select().from(organisations).where(eq(organisations.id, id)).get()
}

export function findBySlug(db: Reader, slug: string, exceptId?: string): OrganisationRow | undefined {
  const same = sql`lower(${organisations.slug}) = ${slug.toLowerCase()}`
  return db
    .select()
    .from(organisations)
    .where(exceptId ? and(same, ne(organisations.id, exceptId)) : same)
    .get()
}

export function adminTenant(db: Reader, exceptId?: string): OrganisationRow | undefined {
  const flag = eq(organisations.isAdminTenant, true)
  return db
    .select()
    .from(organisations)
    .where(exceptId ? and(flag, ne(organisations.id, exceptId)) : flag)
    .get()
}

export function countOrganisations(db: Reader): number {
  return db.select({ n: count() }).from(organisations).get()?.n ?? 0
}

export function insertOrganisation(db: Writer, row: typeof organisations.$inferInsert): void {
  db.insert(organisations).values(row).run()
}

export function updateOrganisation(db: Writer, id: string, changes: Partial<typeof organisations.$inferInsert>): void {
  db.update(organisations).set(changes).where(eq(organisations.id, id)).run()
}

export type SwitcherRow = { id: string; name: string; slug: string; isDemo: boolean }

const SWITCHER_COLUMNS = 'id, name, slug, is_demo as isDemo'
const toSwitcher = (r: { id: string; name: string; slug: string; isDemo: number }): SwitcherRow => ({ ...r, isDemo: r.isDemo === 1 })

/** Organisations for the tenant switcher, by name. */
export function switchable(db: Reader, search: string | undefined, limit: number): SwitcherRow[] {
  const mode = modeOf(search)
  const match = matchOf(search)
  return (
    prepared(
      db,
      `organisations.switchable.${mode}`,
      () =>
        `select ${SWITCHER_COLUMNS} from organisations indexed by organisations_name_idx where 1${SEARCHES[mode]} order by lower(name), id limit @limit`,
    ).all({ ...(match === undefined ? {} : { match }), limit }) as { id: string; name: string; slug: string; isDemo: number }[]
  ).map(toSwitcher)
}

/** One organisation for the switcher, if it matches the search. */
export function switchableById(db: Reader, id: string, search: string | undefined): SwitcherRow | undefined {
  const mode = modeOf(search)
  const match = matchOf(search)
  const row = prepared(
    db,
    `organisations.switchable-by-id.${mode}`,
    () => `select ${SWITCHER_COLUMNS} from organisations where id = @id${SEARCHES[mode]}`,
  ).get({ id, ...(match === undefined ? {} : { match }) }) as { id: string; name: string; slug: string; isDemo: number } | undefined
  return row && toSwitcher(row)
}

/** How many recently used tenants each operator keeps: the current one and five before it. */
export const RECENT_TENANTS_KEPT = 6

/** The tenants a user switched into lately that match the search, most recent first. */
export function recentlyUsed(db: Reader, userId: string, search: string | undefined): SwitcherRow[] {
  const mode = modeOf(search)
  const match = matchOf(search)
  const search_ = SEARCHES[mode].replace(/\browid\b/, 'o.rowid').replace(/lower\((name|slug)\)/g, 'lower(o.$1)')
  return (
    prepared(
      db,
      `organisations.recent.${mode}`,
      () =>
        `select o.id as id, o.name as name, o.slug as slug, o.is_demo as isDemo
         from recent_tenants r indexed by recent_tenants_user_used_idx join organisations o on o.id = r.tenant_id
         where r.user_id = @userId${search_} order by r.used_at desc limit ${RECENT_TENANTS_KEPT}`,
    ).all({ userId, ...(match === undefined ? {} : { match }) }) as { id: string; name: string; slug: string; isDemo: number }[]
  ).map(toSwitcher)
}

/** Records a switch into a tenant and forgets all but the user's most recent few. */
export function recordRecentTenant(db: Writer & Reader, userId: string, tenantId: string, usedAt: Date): void {
  db.insert(recentTenants)
    .values({ userId, tenantId, usedAt })
    .onConflictDoUpdate({ target: [recentTenants.userId, recentTenants.tenantId], set: { usedAt } })
    .run()
  const kept = db
    .select({ tenantId: recentTenants.tenantId })
    .from(recentTenants)
    .where(eq(recentTenants.userId, userId))
    .orderBy(desc(recentTenants.usedAt))
    .limit(RECENT_TENANTS_KEPT)
  db.delete(recentTenants)
    .where(and(eq(recentTenants.userId, userId), notInArray(recentTenants.tenantId, kept)))
    .run()
}

/** Names of the given organisations, for lists that show where something happened. */
export function organisationNamesByIds(db: Reader, ids: readonly string[]): Map<string, string> {
  if (ids.length === 0) return new Map()
  const rows = db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(inArray(organisations.id, [...new Set(ids)]))
    .all()
  return new Map(rows.map((r) => [r.id, r.name]))
}
