import type { Db } from '../../db/store'
import type { Actor } from '../auth/auth.service'
import type { OrganisationsService } from '../organisations/organisations.service'
import { listTickets } from './helpdesk.repository'

/** The helpdesk model as far as the console needs it: ticket lists for operators and the demo. */
export function createHelpdeskService(db: Db, organisations: OrganisationsService) {
  return {
    tickets(actor: Actor, limit: number) {
      organisations.requireFeature(actor, 'helpdesk')
      return listTickets(db, actor.actingTenantId, limit).map(({ ticket, assigneeName, assigneeActive }) => ({
        id: ticket.id,
        number: ticket.number,
        subject: ticket.subject,
        status: ticket.status,
        assignee: ticket.assigneeId && assigneeName !== null ? { id: ticket.assigneeId, name: assigneeName, active: assigneeActive ?? false } : null,
        createdAt: ticket.createdAt,
      }))
    },
  }
}
