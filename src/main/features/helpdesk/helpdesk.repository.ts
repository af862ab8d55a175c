import { desc, eq } from 'drizzle-orm'
import { tickets, users } from '../../db/schema'
import type { Db } from '../../db/store'

export function listTickets(db: Pick<Db, 'select'>, tenantId: string, limit: number) {
  return db
    .select({ ticket: tickets, assigneeName: users.name, assigneeActive: users.active })
    .from(tickets)
    .leftJoin(users, eq(users.id, tickets.assigneeId))
    .where(eq(tickets.tenantId, tenantId))
    .orderBy(desc(tickets.number))
    .limit(limit)
    .all()
}
