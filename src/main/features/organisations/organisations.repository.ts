import { and, count, desc, eq, ne, notInArray, sql } from 'drizzle-orm'
import { Dialect, first, type Conn } from '../../db/engine'
import { pgById, pgByIds } from '../../db/pg-query'
import type { organisations } from '../../db/schema'
import { forgetSessionsOfTenant } from '../auth/auth.repository'
import type { OrganisationPage, OrganisationRow, SwitcherRow } from './organisations.rows'
import * as pg from './organisations.pg'
import * as sqlite from './organisations.sqlite'

export type { OrganisationPage, OrganisationRow, SwitcherRow } from './organisations.rows'

/** Search differs per engine (FTS5 trigrams and prepared statements; pg_trgm): the sibling of the conn's dialect. */
const search = (conn: Conn) => (conn.dialect === Dialect.PG ? pg : sqlite)

/**
 * A keyset page by (lower(name), id), compared as bytes on both engines; the first page's total,
 * capped at SEARCH_COUNT_CAP for a search. A search is a substring of name or slug, any case.
 */
export function listOrganisations(
  conn: Conn,
  term: string | undefined,
  after: [string, string] | null,
  limit: number,
): Promise<OrganisationPage> {
  return search(conn).listOrganisations(conn, term, after, limit)
}

export async function findById(conn: Conn, id: string): Promise<OrganisationRow | undefined> {
  if (conn.dialect === Dialect.SQLITE) return sqlite.findByIdSqlite(conn, id)
  return pgById(conn, conn.t.organisations, id)
}

export async function findBySlug({ db, t }: Conn, slug: string, exceptId?: string): Promise<OrganisationRow | undefined> {
  const same = sql`lower(${t.organisations.slug}) = ${slug.toLowerCase()}`
  return first(
    db
      .select()
      .from(t.organisations)
      .where(exceptId ? and(same, ne(t.organisations.id, exceptId)) : same),
  )
}

export async function adminTenant({ db, t }: Conn, exceptId?: string): Promise<OrganisationRow | undefined> {
  const flag = eq(t.organisations.isAdminTenant, true)
  return first(
    db
      .select()
      .from(t.organisations)
      .where(exceptId ? and(flag, ne(t.organisations.id, exceptId)) : flag),
  )
}

export async function countOrganisations({ db, t }: Conn): Promise<number> {
  return (await first(db.select({ n: count() }).from(t.organisations)))?.n ?? 0
}

export async function insertOrganisation({ db, t }: Conn, row: typeof organisations.$inferInsert): Promise<void> {
  await db.insert(t.organisations).values(row)
}

export async function updateOrganisation(conn: Conn, id: string, changes: Partial<typeof organisations.$inferInsert>): Promise<void> {
  // Its members' sessions carry whether it requires a second factor, and `auth.me` its name, slug, flags and features (auth.repository.ts).
  forgetSessionsOfTenant(conn, id)
  const { db, t } = conn
  await db.update(t.organisations).set(changes).where(eq(t.organisations.id, id))
}

/** Organisations for the tenant switcher, by name. */
export function switchable(conn: Conn, term: string | undefined, limit: number): Promise<SwitcherRow[]> {
  return search(conn).switchable(conn, term, limit)
}

/** One organisation for the switcher, if it matches the search. */
export function switchableById(conn: Conn, id: string, term: string | undefined): Promise<SwitcherRow | undefined> {
  return search(conn).switchableById(conn, id, term)
}

/** How many recently used tenants each operator keeps: the current one and five before it. */
export const RECENT_TENANTS_KEPT = 6

/** The tenants a user switched into lately that match the search, most recent first. */
export function recentlyUsed(conn: Conn, userId: string, term: string | undefined): Promise<SwitcherRow[]> {
  return search(conn).recentlyUsed(conn, userId, term, RECENT_TENANTS_KEPT)
}

/** Records a switch into a tenant and forgets all but the user's most recent few. */
export async function recordRecentTenant({ db, t }: Conn, userId: string, tenantId: string, usedAt: Date): Promise<void> {
  const recent = t.recentTenants
  await db
    .insert(recent)
    .values({ userId, tenantId, usedAt })
    .onConflictDoUpdate({ target: [recent.userId, recent.tenantId], set: { usedAt } })
  const kept = db
    .select({ tenantId: recent.tenantId })
    .from(recent)
    .where(eq(recent.userId, userId))
    .orderBy(desc(recent.usedAt))
    .limit(RECENT_TENANTS_KEPT)
  await db.delete(recent).where(and(eq(recent.userId, userId), notInArray(recent.tenantId, kept)))
}

/** Names and slugs of the given organisations, for search hits that say which tenant they are in. */
export async function organisationLabelsByIds(
  conn: Conn,
  ids: readonly string[],
): Promise<Map<string, { id: string; name: string; slug: string }>> {
  if (ids.length === 0) return new Map()
  if (conn.dialect === Dialect.SQLITE) return new Map(sqlite.labelsByIdsSqlite(conn, ids).map((r) => [r.id, r]))
  const rows = await pgByIds<{ id: string; name: string; slug: string }>(conn, conn.t.organisations, ['id', 'name', 'slug'], ids)
  return new Map(rows.map((r) => [r.id, r]))
}
