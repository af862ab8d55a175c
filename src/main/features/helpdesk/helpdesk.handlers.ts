import { authed } from '../../rpc/base'
import type { HelpdeskService } from './helpdesk.service'

export const helpdeskHandlers = (helpdesk: HelpdeskService) => ({
  tickets: authed.helpdesk.tickets.handler(({ input, context }) => helpdesk.tickets(context.actor, input.limit)),
  setTicketTeam: authed.helpdesk.setTicketTeam.handler(({ input, context }) =>
    helpdesk.setTicketTeam(context.actor, input.ticketId, input.teamId),
  ),
  assignTicket: authed.helpdesk.assignTicket.handler(({ input, context }) =>
    helpdesk.assignTicket(context.actor, input.ticketId, input.assigneeId),
  ),
  ticket: authed.helpdesk.ticket.handler(({ input, context }) => helpdesk.ticket(context.actor, input.id)),
  reply: authed.helpdesk.reply.handler(({ input, context }) => helpdesk.reply(context.actor, input)),
})
