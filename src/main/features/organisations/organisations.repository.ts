import { and, eq, ne, sql, type SQL } from 'drizzle-orm'
import { organisations, users } from '../../db/schema'
import type { Db } from '../../db/store'
import { firstPageTotal } from '../cursor'

type Reader = Pick<Db, 'select'>
type Writer = Pick<Db, 'insert' | 'update'>

export type OrganisationRow = typeof organisations.$inferSelect

// Written out in full: drizzle drops table names from columns in single-table selects.
const userCount = sql<number>`(select count(*) from users as u where u.tenant_id = "organisations"."id")`
const nameKey = sql`lower(${organisations.name})`

function matches(search: string): SQL {
  const pattern = `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
  return sql`(lower(${organisations.name}) like ${pattern} escape '\\' or lower(${organisations.slug}) like ${pattern} escape '\\')`
}

/** A keyset page by (lower(name), id), with each organisation's user count. */
export function listOrganisations(db: Reader, search: string | undefined, after: [string, string] | null, limit: number) {
  const filters: SQL[] = []
  if (search) filters.push(matches(search))
  const total = firstPageTotal(db, organisations, and(...filters), after)
  if (after) filters.push(sql`${nameKey} >= ${after[0]} and (${nameKey}, ${organisations.id}) > (${after[0]}, ${after[1]})`)
  const rows = db
    .select({ organisation: organisations, userCount, sortKey: sql<string>`${nameKey}` })
    .from(organisations)
    .where(and(...filters))
    .orderBy(nameKey, organisations.id)
    .limit(limit + 1)
    .all()
  return { rows, total }
}

export function findWithCount(db: Reader, id: string) {
  return db.select({ organisation: organisations, userCount }).from(organisations).where(eq(organisations.id, id)).get()
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

export function countSuperAdminsIn(db: Reader, tenantId: string): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(users)
      .where(and(eq(users.tenantId, tenantId), eq(users.role, 'SUPER_ADMIN')))
      .get()?.n ?? 0
  )
}

export function insertOrganisation(db: Writer, row: typeof organisations.$inferInsert): void {
  db.insert(organisations).values(row).run()
}

export function updateOrganisation(db: Writer, id: string, changes: Partial<typeof organisations.$inferInsert>): void {
  db.update(organisations).set(changes).where(eq(organisations.id, id)).run()
}

/** Organisations for the tenant switcher, by name. */
export function switchable(db: Reader, search: string | undefined, limit = 50) {
  return db
    .select({ id: organisations.id, name: organisations.name, slug: organisations.slug, isDemo: organisations.isDemo })
    .from(organisations)
    .where(search ? matches(search) : undefined)
    .orderBy(nameKey, organisations.id)
    .limit(limit)
    .all()
}
