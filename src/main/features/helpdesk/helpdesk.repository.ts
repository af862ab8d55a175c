import { and, asc, count, desc, eq, or, sql } from 'drizzle-orm'
import { comments, tickets, timeEntries } from '../../db/schema'
import { insertInBatches } from '../../db/query'
import type { Reader, Writer } from '../../db/types'

export type TicketRow = typeof tickets.$inferSelect

export function listTickets(db: Reader, tenantId: string, limit: number): TicketRow[] {
  return db.select().from(tickets).where(eq(tickets.tenantId, tenantId)).orderBy(desc(tickets.number)).limit(limit).all()
}

export function findTicket(db: Reader, tenantId: string, id: string): TicketRow | undefined {
  return db
    .select()
    .from(tickets)
    .where(and(eq(tickets.id, id), eq(tickets.tenantId, tenantId)))
    .get()
}

export function countTickets(db: Reader, tenantId: string): number {
  return db.select({ n: count() }).from(tickets).where(eq(tickets.tenantId, tenantId)).get()?.n ?? 0
}

export function updateTicket(db: Writer, id: string, changes: { teamId?: string | null; assigneeId?: string | null }): void {
  db.update(tickets).set(changes).where(eq(tickets.id, id)).run()
}

/** A demo fill's tickets with their comments and time entries, in one go. */
export function insertTicketsWithWork(
  db: Writer,
  rows: {
    tickets: (typeof tickets.$inferInsert)[]
    comments: (typeof comments.$inferInsert)[]
    timeEntries: (typeof timeEntries.$inferInsert)[]
  },
): void {
  insertInBatches(db, tickets, rows.tickets)
  insertInBatches(db, comments, rows.comments)
  insertInBatches(db, timeEntries, rows.timeEntries)
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

/** A ticket's comments and time entries with their authors (deactivated ones too), oldest first. */
export function threadRows(db: Reader, tenantId: string, ticketId: string) {
  const commentRows = db
    .select({
      id: comments.id,
      body: comments.body,
      isPublic: comments.isPublic,
      createdAt: comments.createdAt,
      authorId: comments.authorId,
    })
    .from(comments)
    .where(and(eq(comments.tenantId, tenantId), eq(comments.ticketId, ticketId)))
    .orderBy(asc(comments.createdAt), sql`${comments}.rowid`)
    .all()
  const entryRows = db
    .select({
      id: timeEntries.id,
      minutes: timeEntries.minutes,
      note: timeEntries.note,
      createdAt: timeEntries.createdAt,
      authorId: timeEntries.userId,
    })
    .from(timeEntries)
    .where(and(eq(timeEntries.tenantId, tenantId), eq(timeEntries.ticketId, ticketId)))
    .orderBy(asc(timeEntries.createdAt), sql`${timeEntries}.rowid`)
    .all()
  return { comments: commentRows, timeEntries: entryRows }
}

export function insertComment(db: Writer, row: typeof comments.$inferInsert): void {
  db.insert(comments).values(row).run()
}
