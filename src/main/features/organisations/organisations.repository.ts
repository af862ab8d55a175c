import { and, count, desc, eq, inArray, ne, notInArray, sql, type SQL } from 'drizzle-orm'
import { organisations, recentTenants } from '../../db/schema'
import { firstPageTotal, likePattern } from '../../db/query'
import type { Reader, Writer } from '../../db/types'

export type OrganisationRow = typeof organisations.$inferSelect

const nameKey = sql`lower(${organisations.name})`

function matches(search: string): SQL {
  const pattern = likePattern(search)
  return sql`(lower(${organisations.name}) like ${pattern} escape '\\' or lower(${organisations.slug}) like ${pattern} escape '\\')`
}

/** A keyset page by (lower(name), id), with each organisation's user count. */
export function listOrganisations(db: Reader, search: string | undefined, after: [string, string] | null, limit: number) {
  const filters: SQL[] = []
  if (search) filters.push(matches(search))
  const total = firstPageTotal(db, organisations, and(...filters), after)
  if (after) filters.push(sql`${nameKey} >= ${after[0]} and (${nameKey}, ${organisations.id}) > (${after[0]}, ${after[1]})`)
  const rows = db
    .select({ organisation: organisations, sortKey: sql<string>`${nameKey}` })
    .from(organisations)
    .where(and(...filters))
    .orderBy(nameKey, organisations.id)
    .limit(limit + 1)
    .all()
  return { rows, total }
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

const switcherColumns = { id: organisations.id, name: organisations.name, slug: organisations.slug, isDemo: organisations.isDemo }
export type SwitcherRow = { id: string; name: string; slug: string; isDemo: boolean }

/** Organisations for the tenant switcher, by name. */
export function switchable(db: Reader, search: string | undefined, limit: number): SwitcherRow[] {
  return db
    .select(switcherColumns)
    .from(organisations)
    .where(search ? matches(search) : undefined)
    .orderBy(nameKey, organisations.id)
    .limit(limit)
    .all()
}

/** One organisation for the switcher, if it matches the search. */
export function switchableById(db: Reader, id: string, search: string | undefined): SwitcherRow | undefined {
  const byId = eq(organisations.id, id)
  return db
    .select(switcherColumns)
    .from(organisations)
    .where(search ? and(byId, matches(search)) : byId)
    .get()
}

/** How many recently used tenants each operator keeps: the current one and five before it. */
export const RECENT_TENANTS_KEPT = 6

/** The tenants a user switched into lately that match the search, most recent first. */
export function recentlyUsed(db: Reader, userId: string, search: string | undefined): SwitcherRow[] {
  const mine = eq(recentTenants.userId, userId)
  return db
    .select(switcherColumns)
    .from(recentTenants)
    .innerJoin(organisations, eq(organisations.id, recentTenants.tenantId))
    .where(search ? and(mine, matches(search)) : mine)
    .orderBy(desc(recentTenants.usedAt))
    .limit(RECENT_TENANTS_KEPT)
    .all()
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
