import { and, asc, count, desc, eq, inArray, or, sql } from 'drizzle-orm'
import { first, type Conn } from '../../db/engine'
import type { comments, tickets, timeEntries } from '../../db/schema'
import { insertInBatches } from '../../db/query'

export type TicketRow = typeof tickets.$inferSelect

export async function listTickets({ db, t }: Conn, tenantId: string, limit: number): Promise<TicketRow[]> {
  return db.select().from(t.tickets).where(eq(t.tickets.tenantId, tenantId)).orderBy(desc(t.tickets.number)).limit(limit)
}

export async function findTicket({ db, t }: Conn, tenantId: string, id: string): Promise<TicketRow | undefined> {
  return first(
    db
      .select()
      .from(t.tickets)
      .where(and(eq(t.tickets.id, id), eq(t.tickets.tenantId, tenantId))),
  )
}

export async function countTickets({ db, t }: Conn, tenantId: string): Promise<number> {
  return (await first(db.select({ n: count() }).from(t.tickets).where(eq(t.tickets.tenantId, tenantId))))?.n ?? 0
}

export async function updateTicket(
  { db, t }: Conn,
  id: string,
  changes: { teamId?: string | null; assigneeId?: string | null },
): Promise<void> {
  await db.update(t.tickets).set(changes).where(eq(t.tickets.id, id))
}

/** A demo fill's tickets with their comments and time entries, in one go. */
export async function insertTicketsWithWork(
  conn: Conn,
  rows: {
    tickets: (typeof tickets.$inferInsert)[]
    comments: (typeof comments.$inferInsert)[]
    timeEntries: (typeof timeEntries.$inferInsert)[]
  },
): Promise<void> {
  await insertInBatches(conn, conn.t.tickets, rows.tickets)
  await insertInBatches(conn, conn.t.comments, rows.comments)
  await insertInBatches(conn, conn.t.timeEntries, rows.timeEntries)
}

/** What a user did, newest first; it stays in place when they are deactivated. */
export async function userHistory({ db, t }: Conn, tenantId: string, userId: string, limit = 50) {
  const { tickets, comments, timeEntries } = t
  const ticketRows = await db
    .select({ id: tickets.id, number: tickets.number, subject: tickets.subject, status: tickets.status, assigneeId: tickets.assigneeId })
    .from(tickets)
    .where(and(eq(tickets.tenantId, tenantId), or(eq(tickets.assigneeId, userId), eq(tickets.createdBy, userId))))
    .orderBy(desc(tickets.createdAt))
    .limit(limit)
  const commentRows = await db
    .select({ id: comments.id, ticketNumber: tickets.number, body: comments.body, createdAt: comments.createdAt })
    .from(comments)
    .innerJoin(tickets, eq(tickets.id, comments.ticketId))
    .where(and(eq(comments.tenantId, tenantId), eq(comments.authorId, userId)))
    .orderBy(desc(comments.createdAt))
    .limit(limit)
  const entryRows = await db
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
  // sum() of integers is a bigint on PostgreSQL, which node-postgres hands over as a string.
  const totalMinutes = Number(
    (
      await first(
        db
          .select({ n: sql<number>`coalesce(sum(${timeEntries.minutes}), 0)` })
          .from(timeEntries)
          .where(and(eq(timeEntries.tenantId, tenantId), eq(timeEntries.userId, userId))),
      )
    )?.n ?? 0,
  )
  return {
    tickets: ticketRows.map(({ assigneeId, ...row }) => ({
      ...row,
      relation: assigneeId === userId ? ('assigned' as const) : ('created' as const),
    })),
    comments: commentRows.map(({ body, ...c }) => ({ ...c, excerpt: body.length > 140 ? `${body.slice(0, 139)}…` : body })),
    timeEntries: entryRows,
    totalMinutes,
  }
}

/**
 * A ticket's comments and time entries with their authors (deactivated ones too), oldest first;
 * rows of the same millisecond by id, which is ordered (security/ordered-id.ts): as written.
 */
export async function threadRows(conn: Conn, tenantId: string, ticketId: string) {
  const { db, t } = conn
  const { comments, timeEntries } = t
  const commentRows = await db
    .select({
      id: comments.id,
      body: comments.body,
      isPublic: comments.isPublic,
      createdAt: comments.createdAt,
      authorId: comments.authorId,
    })
    .from(comments)
    .where(and(eq(comments.tenantId, tenantId), eq(comments.ticketId, ticketId)))
    .orderBy(asc(comments.createdAt), asc(comments.id))
  const entryRows = await db
    .select({
      id: timeEntries.id,
      minutes: timeEntries.minutes,
      note: timeEntries.note,
      createdAt: timeEntries.createdAt,
      authorId: timeEntries.userId,
    })
    .from(timeEntries)
    .where(and(eq(timeEntries.tenantId, tenantId), eq(timeEntries.ticketId, ticketId)))
    .orderBy(asc(timeEntries.createdAt), asc(timeEntries.id))
  return { comments: commentRows, timeEntries: entryRows }
}

export async function insertComment({ db, t }: Conn, row: typeof comments.$inferInsert): Promise<void> {
  await db.insert(t.comments).values(row)
}

/** Tickets still to be worked on: what a deactivation hands over. */
export const OPEN_TICKET_STATUSES = ['OPEN', 'PENDING'] as const

/** The tenant's open tickets assigned to a user, by number (off tickets_assignee_idx). */
export async function openTicketsAssignedTo({ db, t }: Conn, tenantId: string, userId: string) {
  return db
    .select({ id: t.tickets.id, number: t.tickets.number, subject: t.tickets.subject, status: t.tickets.status, teamId: t.tickets.teamId })
    .from(t.tickets)
    .where(and(eq(t.tickets.assigneeId, userId), eq(t.tickets.tenantId, tenantId), inArray(t.tickets.status, [...OPEN_TICKET_STATUSES])))
    .orderBy(t.tickets.number)
}

/** Hands tickets over: to an assignee, or to their team's queue (null), the team kept. */
export async function reassignTickets({ db, t }: Conn, tenantId: string, ticketIds: readonly string[], assigneeId: string | null) {
  if (ticketIds.length === 0) return
  await db
    .update(t.tickets)
    .set({ assigneeId })
    .where(and(eq(t.tickets.tenantId, tenantId), inArray(t.tickets.id, [...ticketIds])))
}
