import { and, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm'
import type { Role, UserListInput } from '../../../shared/contract'
import { comments, organisations, passwordResets, tickets, timeEntries, users } from '../../db/schema'
import type { Db } from '../../db/store'
import { firstPageTotal, type SortKey } from '../cursor'

type Reader = Pick<Db, 'select'>
type Writer = Pick<Db, 'update' | 'insert'>

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

function likePattern(search: string): string {
  return `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
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

export type ListQuery = Required<Pick<UserListInput, 'sort' | 'direction' | 'status' | 'limit'>> & Pick<UserListInput, 'search' | 'role'>

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

export function countActiveSuperAdmins(db: Reader): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(users)
      .where(and(eq(users.role, 'SUPER_ADMIN'), eq(users.active, true)))
      .get()?.n ?? 0
  )
}

export function updateUser(db: Writer, id: string, changes: { role?: Role; active?: boolean }): void {
  db.update(users).set(changes).where(eq(users.id, id)).run()
}

export function revokeOpenResets(db: Writer, userId: string, at: Date): void {
  db.update(passwordResets)
    .set({ revokedAt: at })
    .where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt), isNull(passwordResets.revokedAt)))
    .run()
}

export function insertReset(db: Writer, row: typeof passwordResets.$inferInsert): void {
  db.insert(passwordResets).values(row).run()
}

export function findOrganisationFlags(db: Reader, id: string) {
  return db
    .select({ name: organisations.name, isDemo: organisations.isDemo, isAdminTenant: organisations.isAdminTenant })
    .from(organisations)
    .where(eq(organisations.id, id))
    .get()
}

/** What a user did, newest first; it stays in place when they are deactivated. */
export function userHistory(db: Reader, tenantId: string, userId: string, limit = 50) {
  const ticketRows = db
    .select({ id: tickets.id, number: tickets.number, subject: tickets.subject, status: tickets.status, assigneeId: tickets.assigneeId })
    .from(tickets)
    .where(and(eq(tickets.tenantId, tenantId), or(eq(tickets.assigneeId, userId), eq(tickets.createdBy, userId))))
    .orderBy(desc(tickets.createdAt))
    .limit(limit)
    .all()
  const commentRows = db
    .select({ id: comments.id, ticketNumber: tickets.number, body: comments.body, createdAt: comments.createdAt })
    .from(comments)
    .innerJoin(tickets, eq(tickets.id, comments.ticketId))
    .where(and(eq(comments.tenantId, tenantId), eq(comments.authorId, userId)))
    .orderBy(desc(comments.createdAt))
    .limit(limit)
    .all()
  const entryRows = db
    .select({
      id: timeEntries.id,
      ticketNumber: tickets.number,
      minutes: timeEntries.minutes,
      note: timeEntries.note,
      createdAt: timeEntries.createdAt,
    })
    .from(timeEntries)
    .innerJoin(tickets, eq(tickets.id, timeEntries.ticketId))
    .where(and(eq(timeEntries.tenantId, tenantId), eq(timeEntries.userId, userId)))
    .orderBy(desc(timeEntries.createdAt))
    .limit(limit)
    .all()
  const totalMinutes =
    db
      .select({ n: sql<number>`coalesce(sum(${timeEntries.minutes}), 0)` })
      .from(timeEntries)
      .where(and(eq(timeEntries.tenantId, tenantId), eq(timeEntries.userId, userId)))
      .get()?.n ?? 0
  return {
    tickets: ticketRows.map(({ assigneeId, ...t }) => ({
      ...t,
      relation: assigneeId === userId ? ('assigned' as const) : ('created' as const),
    })),
    comments: commentRows.map(({ body, ...c }) => ({ ...c, excerpt: body.length > 140 ? `${body.slice(0, 139)}…` : body })),
    timeEntries: entryRows,
    totalMinutes,
  }
}

/** Active users of the tenant who can be given work (not READ_ONLY), for every assignee dropdown. */
export function assignableUsers(db: Reader, tenantId: string, search: string | undefined, teamId?: string, limit = 50) {
  const filters: SQL[] = [eq(users.tenantId, tenantId), eq(users.active, true), inArray(users.role, ['SUPER_ADMIN', 'ADMIN', 'AGENT'])]
  if (search) filters.push(matchesSearch(search))
  if (teamId) filters.push(sql`${users.id} in (select user_id from team_members where team_id = ${teamId})`)
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(...filters))
    .orderBy(sql`lower(${users.name})`, users.id)
    .limit(limit)
    .all()
}
