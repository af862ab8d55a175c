import { authed } from '../../rpc/base'

export const outboxHandlers = {
  list: authed.outbox.list.handler(({ context }) => context.services.outbox.list(context.actor)),
}
