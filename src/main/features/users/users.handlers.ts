import { authed } from '../../rpc/base'

export const usersHandlers = {
  list: authed.users.list.handler(({ input, context }) => context.services.users.list(context.actor, input)),
  get: authed.users.get.handler(({ input, context }) => context.services.users.get(context.actor, input.id)),
  update: authed.users.update.handler(({ input, context }) => context.services.users.update(context.actor, input)),
  sendPasswordReset: authed.users.sendPasswordReset.handler(({ input, context }) =>
    context.services.users.sendPasswordReset(context.actor, input.id),
  ),
  assignable: authed.users.assignable.handler(({ input, context }) =>
    context.services.users.assignable(context.actor, input.search, input.teamId),
  ),
}
