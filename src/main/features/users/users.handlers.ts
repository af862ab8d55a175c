import { authed } from '../../rpc/base'
import type { UsersService } from './users.service'

export const usersHandlers = (users: UsersService) => ({
  list: authed.users.list.handler(({ input, context }) => users.list(context.actor, input)),
  get: authed.users.get.handler(({ input, context }) => users.get(context.actor, input.id)),
  update: authed.users.update.handler(({ input, context }) => users.update(context.actor, input)),
  deactivationImpact: authed.users.deactivationImpact.handler(({ input, context }) => users.deactivationImpact(context.actor, input.id)),
  deactivate: authed.users.deactivate.handler(({ input, context }) => users.deactivate(context.actor, input)),
  sendPasswordReset: authed.users.sendPasswordReset.handler(({ input, context }) => users.sendPasswordReset(context.actor, input.id)),
  assignable: authed.users.assignable.handler(({ input, context }) => users.assignable(context.actor, input.search, input.teamId)),
})
