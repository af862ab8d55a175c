import { and, desc, eq, getTableColumns, sql, type SQL } from 'drizzle-orm'
import type { PgColumn } from 'drizzle-orm/pg-core'
import { Dialect, type Conn, type Tables } from '../../db/engine'
import { bytesKey, lowerKey } from '../../db/sort-keys'
import { firstPageCappedTotal, firstPageTotal, likePattern } from '../../db/query'
import { searchTerm, searchText } from '../../db/search.pg'
import type { OrganisationPage, SwitcherRow } from './organisations.rows'

/**
 * PostgreSQL's side of organisation search (SQLite's is ./organisations.sqlite.ts): a substring of
 * name or slug, any case, through organisations_find_idx (pg_trgm GIN over exactly this
 * `searchText(name, slug)`); the same name order as SQLite's, whose lower(name) compares as bytes.
 */

/** (lower(name), id) compared byte by byte as on SQLite, as organisations_name_idx holds them. */
const nameKey = (o: Tables['organisations']) => lowerKey(PG, o.name).mapWith(String)
const idKey = (o: Tables['organisations']) => bytesKey(PG, o.id)
const PG = { dialect: Dialect.PG }

function matching(o: Tables['organisations'], search: string | undefined): SQL | undefined {
  if (!search) return undefined
  const text = searchText(o.name as unknown as PgColumn, o.slug as unknown as PgColumn)
  return sql`${text} ilike ${likePattern(searchTerm(search))}`
}

export async function listOrganisations(
  conn: Conn,
  search: string | undefined,
  after: [string, string] | null,
  limit: number,
): Promise<OrganisationPage> {
  const { db, t } = conn
  const o = t.organisations
  const match = matching(o, search)
  const later = after && and(sql`${nameKey(o)} >= ${after[0]}`, sql`(${nameKey(o)}, ${idKey(o)}) > (${after[0]}, ${after[1]})`)
  const raw = await db
    .select({ ...getTableColumns(o), sortKey: nameKey(o) })
    .from(o)
    .where(and(match, later ?? undefined))
    .orderBy(nameKey(o), idKey(o))
    .limit(limit + 1)
  const { total, totalCapped } = match
    ? await firstPageCappedTotal(conn, o, match, after)
    : { total: await firstPageTotal(conn, o, undefined, after), totalCapped: false }
  return { rows: raw.map(({ sortKey, ...organisation }) => ({ organisation, sortKey })), total, totalCapped }
}

const switcherColumns = (o: Tables['organisations']) => ({ id: o.id, name: o.name, slug: o.slug, isDemo: o.isDemo })

export async function switchable({ db, t }: Conn, search: string | undefined, limit: number): Promise<SwitcherRow[]> {
  const o = t.organisations
  return db.select(switcherColumns(o)).from(o).where(matching(o, search)).orderBy(nameKey(o), idKey(o)).limit(limit)
}

export async function switchableById({ db, t }: Conn, id: string, search: string | undefined): Promise<SwitcherRow | undefined> {
  const o = t.organisations
  const [row] = await db
    .select(switcherColumns(o))
    .from(o)
    .where(and(eq(o.id, id), matching(o, search)))
  return row
}

export async function recentlyUsed({ db, t }: Conn, userId: string, search: string | undefined, limit: number): Promise<SwitcherRow[]> {
  const o = t.organisations
  const r = t.recentTenants
  return db
    .select(switcherColumns(o))
    .from(r)
    .innerJoin(o, eq(o.id, r.tenantId))
    .where(and(eq(r.userId, userId), matching(o, search)))
    .orderBy(desc(r.usedAt))
    .limit(limit)
}
