import { authed } from '../../rpc/base'

export const teamsHandlers = {
  list: authed.teams.list.handler(({ context }) => context.services.teams.list(context.actor)),
  get: authed.teams.get.handler(({ input, context }) => context.services.teams.get(context.actor, input.id)),
  create: authed.teams.create.handler(({ input, context }) => context.services.teams.create(context.actor, input)),
  update: authed.teams.update.handler(({ input, context }) => context.services.teams.update(context.actor, input)),
  setMember: authed.teams.setMember.handler(({ input, context }) => context.services.teams.setMember(context.actor, input)),
  removeMember: authed.teams.removeMember.handler(({ input, context }) => context.services.teams.removeMember(context.actor, input)),
  setSignature: authed.teams.setSignature.handler(({ input, context }) => context.services.teams.setSignature(context.actor, input)),
}
