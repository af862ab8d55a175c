import { authed } from '../../rpc/base'

export const helpdeskHandlers = {
  tickets: authed.helpdesk.tickets.handler(({ input, context }) => context.services.helpdesk.tickets(context.actor, input.limit)),
  setTicketTeam: authed.helpdesk.setTicketTeam.handler(({ input, context }) =>
    context.services.helpdesk.setTicketTeam(context.actor, input.ticketId, input.teamId),
  ),
  assignTicket: authed.helpdesk.assignTicket.handler(({ input, context }) =>
    context.services.helpdesk.assignTicket(context.actor, input.ticketId, input.assigneeId),
  ),
}
