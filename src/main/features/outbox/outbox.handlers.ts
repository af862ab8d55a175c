import { authed } from '../../rpc/base'
import type { OutboxService } from './outbox.service'

export const outboxHandlers = (outbox: OutboxService) => ({
  list: authed.outbox.list.handler(({ context }) => outbox.list(context.actor)),
})
