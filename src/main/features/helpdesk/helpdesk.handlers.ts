import { authed } from '../../rpc/base'

export const helpdeskHandlers = {
  tickets: authed.helpdesk.tickets.handler(({ input, context }) => context.services.helpdesk.tickets(context.actor, input.limit)),
}
