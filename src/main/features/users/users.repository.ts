import { and, eq, inArray, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm'
import { TICKET_WORKERS } from '../../../shared/access'
import { Role, type UserListInput } from '../../../shared/contract'
import { users } from '../../db/schema'
import { firstPageTotal, insertInBatches, likePattern } from '../../db/query'
import type { Reader, Writer } from '../../db/types'
import type { SortKey } from '../cursor'

export type UserRow = typeof users.$inferSelect

const SORT_KEYS = {
  name: sql`lower(${users.name})`,
  email: sql`lower(${users.email})`,
  role: sql`${users.role}`,
  lastSignIn: sql`coalesce(${users.lastSignInAt}, -1)`,
} as const

const summary = {
  id: users.id,
  name: users.name,
  email: users.email,
  role: users.role,
  active: users.active,
  lastSignInAt: users.lastSignInAt,
}

/**
 * Substring match on name or email. From three characters on it uses the trigram index
 * (drizzle/0004); shorter terms fall back to a scan, which is what they would match anyway.
 */
function matchesSearch(search: string): SQL {
  if ([...search].length >= 3) {
    const phrase = `"${search.replace(/"/g, '""')}"`
    return sql`${users}.rowid in (select rowid from users_search where users_search match ${phrase})`
  }
  const pattern = likePattern(search)
  return or(sql`lower(${users.name}) like ${pattern} escape '\\'`, sql`lower(${users.email}) like ${pattern} escape '\\'`)!
}

type ListQuery = Required<Pick<UserListInput, 'sort' | 'direction' | 'status' | 'limit'>> & Pick<UserListInput, 'search' | 'role'>

/** One keyset page: rows after `after` in (sort key, id) order, using the tenant indexes. */
export function listUsers(db: Reader, tenantId: string, query: ListQuery, after: [SortKey, string] | null) {
  const filters: SQL[] = [eq(users.tenantId, tenantId)]
  if (query.search) filters.push(matchesSearch(query.search))
  if (query.role) filters.push(eq(users.role, query.role))
  if (query.status !== 'all') filters.push(eq(users.active, query.status === 'active'))
  const key = SORT_KEYS[query.sort]
  const total = firstPageTotal(db, users, and(...filters), after)
  const page = [...filters]
  if (after) {
    // The single-column bound lets SQLite seek the index; the row value breaks ties by id.
    page.push(
      query.direction === 'asc'
        ? sql`${key} >= ${after[0]} and (${key}, ${users.id}) > (${after[0]}, ${after[1]})`
        : sql`${key} <= ${after[0]} and (${key}, ${users.id}) < (${after[0]}, ${after[1]})`,
    )
  }
  const order = query.direction === 'asc' ? [sql`${key} asc`, sql`${users.id} asc`] : [sql`${key} desc`, sql`${users.id} desc`]
  const rows = db
    .select({ ...summary, sortKey: sql<SortKey>`${key}` })
    .from(users)
    .where(and(...page))
    .orderBy(...order)
    .limit(query.limit + 1)
    .all()
  return { rows, total }
}

export function findUserInTenant(db: Reader, tenantId: string, id: string) {
  return db
    .select()
    .from(users)
    .where(and(eq(users.id, id), eq(users.tenantId, tenantId)))
    .get()
}

export function findUserById(db: Reader, id: string): UserRow | undefined {
  return db.select().from(users).where(eq(users.id, id)).get()
}

/** Emails are unique instance-wide, compared case-insensitively. */
export function findUserByEmail(db: Reader, email: string): UserRow | undefined {
  return db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`)
    .get()
}

/** Names and flags of the given users, for lists that show who did what (ids come from tenant-scoped rows). */
export function usersByIds(db: Reader, ids: readonly string[]): Map<string, { id: string; name: string; email: string; active: boolean }> {
  if (ids.length === 0) return new Map()
  const rows = db
    .select({ id: users.id, name: users.name, email: users.email, active: users.active })
    .from(users)
    .where(inArray(users.id, [...new Set(ids)]))
    .all()
  return new Map(rows.map((r) => [r.id, r]))
}

/** How many users each of the given tenants has. */
export function countUsersByTenant(db: Reader, tenantIds: readonly string[]): Map<string, number> {
  if (tenantIds.length === 0) return new Map()
  const rows = db
    .select({ tenantId: users.tenantId, n: sql<number>`count(*)` })
    .from(users)
    .where(inArray(users.tenantId, [...new Set(tenantIds)]))
    .groupBy(users.tenantId)
    .all()
  return new Map(rows.map((r) => [r.tenantId, r.n]))
}

export function countActiveSuperAdmins(db: Reader): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(users)
      .where(and(eq(users.role, Role.SUPER_ADMIN), eq(users.active, true)))
      .get()?.n ?? 0
  )
}

export function countSuperAdminsIn(db: Reader, tenantId: string): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(users)
      .where(and(eq(users.tenantId, tenantId), eq(users.role, Role.SUPER_ADMIN)))
      .get()?.n ?? 0
  )
}

export function insertUser(db: Writer, row: typeof users.$inferInsert): void {
  db.insert(users).values(row).run()
}

export function insertUsers(db: Writer, rows: (typeof users.$inferInsert)[]): void {
  insertInBatches(db, users, rows)
}

export function updateUser(db: Writer, id: string, changes: { role?: Role; active?: boolean }): void {
  db.update(users).set(changes).where(eq(users.id, id)).run()
}

export function recordSignIn(db: Writer, userId: string, at: Date): void {
  db.update(users).set({ lastSignInAt: at }).where(eq(users.id, userId)).run()
}

export function setPasswordHash(db: Writer, userId: string, passwordHash: string): void {
  db.update(users).set({ passwordHash }).where(eq(users.id, userId)).run()
}

/**
 * Active users of the tenant who can be given work (TICKET_WORKERS), for every assignee dropdown;
 * `among` narrows to a set of user ids (a team's members, from the teams repository).
 */
export function assignableUsers(db: Reader, tenantId: string, search: string | undefined, among?: SQLWrapper, limit = 50) {
  const filters: SQL[] = [eq(users.tenantId, tenantId), eq(users.active, true), inArray(users.role, [...TICKET_WORKERS])]
  if (search) filters.push(matchesSearch(search))
  if (among) filters.push(inArray(users.id, among))
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(...filters))
    .orderBy(sql`lower(${users.name})`, users.id)
    .limit(limit)
    .all()
}
