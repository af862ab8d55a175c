import { and, desc, eq } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import { teams, tickets, users } from '../../db/schema'
import type { Db } from '../../db/store'

const assignee = alias(users, 'assignee')

function ticketQuery(db: Pick<Db, 'select'>) {
  return db
    .select({ ticket: tickets, assigneeName: assignee.name, assigneeActive: assignee.active, teamName: teams.name })
    .from(tickets)
    .leftJoin(assignee, eq(assignee.id, tickets.assigneeId))
    .leftJoin(teams, eq(teams.id, tickets.teamId))
}

export type TicketRow = NonNullable<ReturnType<ReturnType<typeof ticketQuery>['get']>>

export function listTickets(db: Pick<Db, 'select'>, tenantId: string, limit: number): TicketRow[] {
  return ticketQuery(db).where(eq(tickets.tenantId, tenantId)).orderBy(desc(tickets.number)).limit(limit).all()
}

export function findTicket(db: Pick<Db, 'select'>, tenantId: string, id: string): TicketRow | undefined {
  return ticketQuery(db)
    .where(and(eq(tickets.id, id), eq(tickets.tenantId, tenantId)))
    .get()
}

export function updateTicket(db: Pick<Db, 'update'>, id: string, changes: { teamId?: string | null; assigneeId?: string | null }): void {
  db.update(tickets).set(changes).where(eq(tickets.id, id)).run()
}
