import { and, count, eq, inArray, sql, type SQL, type SQLWrapper } from 'drizzle-orm'
import { TICKET_WORKERS } from '../../../shared/access'
import { Role } from '../../../shared/contract'
import { Dialect, first, type Conn } from '../../db/engine'
import { pgById, pgByIds, pgRows } from '../../db/pg-query'
import { insertInBatches } from '../../db/query'
import { forgetSessionsOfUser } from '../auth/auth.repository'
import type { users } from '../../db/schema'
import type { SortKey } from '../cursor'
import type { FoundUser, ListQuery, UserPage } from './users.list'
import { byNamePg, findUsersAnywherePg, listUsersPg, matchesSearchPg } from './users.pg'
import {
  byNameSqlite,
  countUsersByTenantSqlite,
  findUsersAnywhereSqlite,
  listUsersSqlite,
  matchesSearchSqlite,
  usersByIdsSqlite,
} from './users.sqlite'

export type { FoundUser } from './users.list'

export type UserRow = typeof users.$inferSelect

/**
 * One keyset page of the tenant's users in (sort key, id) order, with the total on the first page.
 * The list is the hot path (a million users in ten thousand tenants): each engine reads it off its
 * own indexes (users.sqlite.ts, users.pg.ts), with the same order, totals and search.
 */
export async function listUsers(conn: Conn, tenantId: string, query: ListQuery, after: [SortKey, string] | null): Promise<UserPage> {
  return conn.dialect === Dialect.PG ? listUsersPg(conn, tenantId, query, after) : listUsersSqlite(conn, tenantId, query, after)
}

/**
 * Users of any tenant whose name or email holds `term` (a substring, any case; three characters or
 * more, so that the trigram index serves it), at most `limit`, in no particular order.
 */
export async function findUsersAnywhere(conn: Conn, term: string, limit: number): Promise<FoundUser[]> {
  return conn.dialect === Dialect.PG ? findUsersAnywherePg(conn, term, limit) : findUsersAnywhereSqlite(conn, term, limit)
}

export async function findUserInTenant({ db, t }: Conn, tenantId: string, id: string): Promise<UserRow | undefined> {
  return first(
    db
      .select()
      .from(t.users)
      .where(and(eq(t.users.id, id), eq(t.users.tenantId, tenantId))),
  )
}

export async function findUserById(conn: Conn, id: string): Promise<UserRow | undefined> {
  const { db, t } = conn
  if (conn.dialect === Dialect.PG) return pgById(conn, t.users, id)
  return first(db.select().from(t.users).where(eq(t.users.id, id)))
}

/** Emails are unique instance-wide, compared case-insensitively (the expression of users_email_unique). */
export async function findUserByEmail({ db, t }: Conn, email: string): Promise<UserRow | undefined> {
  return first(
    db
      .select()
      .from(t.users)
      .where(sql`lower(${t.users.email}) = ${email.trim().toLowerCase()}`),
  )
}

/** Lookups by many emails at once go in groups of this many (well under either engine's bound on parameters). */
const EMAIL_GROUP = 500

/**
 * Who has each of these (lower-cased) emails, anywhere on the instance: the bulk invite's check,
 * one query per EMAIL_GROUP emails off users_email_unique instead of one per row.
 */
export async function usersByEmails({ db, t }: Conn, emails: readonly string[]): Promise<Map<string, { id: string; tenantId: string }>> {
  const found = new Map<string, { id: string; tenantId: string }>()
  const unique = [...new Set(emails)]
  for (let i = 0; i < unique.length; i += EMAIL_GROUP) {
    const group = unique.slice(i, i + EMAIL_GROUP)
    const rows = await db
      .select({ id: t.users.id, tenantId: t.users.tenantId, email: sql<string>`lower(${t.users.email})` })
      .from(t.users)
      .where(inArray(sql`lower(${t.users.email})`, group))
    for (const row of rows) found.set(row.email, { id: row.id, tenantId: row.tenantId })
  }
  return found
}

/** Names and flags of the given users, for lists that show who did what (ids come from tenant-scoped rows). */
export async function usersByIds(
  conn: Conn,
  ids: readonly string[],
): Promise<Map<string, { id: string; name: string; email: string; active: boolean }>> {
  if (ids.length === 0) return new Map()
  if (conn.dialect === Dialect.SQLITE) return new Map(usersByIdsSqlite(conn, ids).map((r) => [r.id, r]))
  const rows = await pgByIds<{ id: string; name: string; email: string; active: boolean }>(
    conn,
    conn.t.users,
    ['id', 'name', 'email', 'active'],
    ids,
  )
  return new Map(rows.map((r) => [r.id, r]))
}

/** How many users each of the given tenants has, from the maintained counters (drizzle/0015). */
export async function countUsersByTenant(conn: Conn, tenantIds: readonly string[]): Promise<Map<string, number>> {
  if (tenantIds.length === 0) return new Map()
  if (conn.dialect === Dialect.SQLITE) return new Map(countUsersByTenantSqlite(conn, tenantIds).map((r) => [r.tenantId, r.n]))
  const rows = await pgRows<{ tenantId: string; n: string }>(conn, {
    text: 'select tenant_id as "tenantId", sum(n) as n from tenant_user_counts where tenant_id = any($1) group by tenant_id',
    values: [[...new Set(tenantIds)]],
  })
  // sum() is a bigint on PostgreSQL, handed over as a string.
  return new Map(rows.map((r) => [r.tenantId, Number(r.n)]))
}

/** The counters as they stand, for checks against count(*). */
export async function userCounters({ db, t }: Conn) {
  return db.select().from(t.tenantUserCounts)
}

/** Active SUPER_ADMINs on the instance, from the counters (exact inside the writing transaction). */
export async function countActiveSuperAdmins({ db, t }: Conn): Promise<number> {
  const c = t.tenantUserCounts
  const row = await first(
    db
      .select({ n: sql<number | string>`coalesce(sum(${c.n}), 0)` })
      .from(c)
      .where(and(eq(c.role, Role.SUPER_ADMIN), eq(c.active, true))),
  )
  return Number(row?.n ?? 0)
}

export async function countSuperAdminsIn({ db, t }: Conn, tenantId: string): Promise<number> {
  const row = await first(
    db
      .select({ n: count() })
      .from(t.users)
      .where(and(eq(t.users.tenantId, tenantId), eq(t.users.role, Role.SUPER_ADMIN))),
  )
  return row?.n ?? 0
}

export async function insertUser({ db, t }: Conn, row: typeof users.$inferInsert): Promise<void> {
  await db.insert(t.users).values(row)
}

export async function insertUsers(conn: Conn, rows: (typeof users.$inferInsert)[]): Promise<void> {
  await insertInBatches(conn, conn.t.users, rows)
}

/** Changes a user's role or status; their cached sessions (SQLite), which carry both, are looked up again. */
export async function updateUser(conn: Conn, id: string, changes: { role?: Role; active?: boolean }): Promise<void> {
  await conn.db.update(conn.t.users).set(changes).where(eq(conn.t.users.id, id))
  forgetSessionsOfUser(conn, id)
}

export async function recordSignIn({ db, t }: Conn, userId: string, at: Date): Promise<void> {
  await db.update(t.users).set({ lastSignInAt: at }).where(eq(t.users.id, userId))
}

export async function setPasswordHash({ db, t }: Conn, userId: string, passwordHash: string): Promise<void> {
  await db.update(t.users).set({ passwordHash }).where(eq(t.users.id, userId))
}

/**
 * Active users of the tenant who can be given work (TICKET_WORKERS), for every assignee dropdown;
 * `among` narrows to a set of user ids (a team's members, from the teams repository).
 */
export async function assignableUsers(
  conn: Conn,
  tenantId: string,
  search: string | undefined,
  among?: SQLWrapper,
  limit = 50,
): Promise<{ id: string; name: string; email: string }[]> {
  const { db, t } = conn
  const pg = conn.dialect === Dialect.PG
  const filters: SQL[] = [eq(t.users.tenantId, tenantId), eq(t.users.active, true), inArray(t.users.role, [...TICKET_WORKERS])]
  if (search) filters.push(pg ? matchesSearchPg(conn, search) : matchesSearchSqlite(conn, tenantId, search))
  if (among) filters.push(inArray(t.users.id, among))
  return db
    .select({ id: t.users.id, name: t.users.name, email: t.users.email })
    .from(t.users)
    .where(and(...filters))
    .orderBy(...(pg ? byNamePg() : byNameSqlite(conn)))
    .limit(limit)
}
