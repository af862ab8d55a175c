import { authed } from '../../rpc/base'
import type { TeamsService } from './teams.service'

export const teamsHandlers = (teams: TeamsService) => ({
  list: authed.teams.list.handler(({ context }) => teams.list(context.actor)),
  get: authed.teams.get.handler(({ input, context }) => teams.get(context.actor, input.id)),
  create: authed.teams.create.handler(({ input, context }) => teams.create(context.actor, input)),
  update: authed.teams.update.handler(({ input, context }) => teams.update(context.actor, input)),
  setMember: authed.teams.setMember.handler(({ input, context }) => teams.setMember(context.actor, input)),
  removeMember: authed.teams.removeMember.handler(({ input, context }) => teams.removeMember(context.actor, input)),
  setSignature: authed.teams.setSignature.handler(({ input, context }) => teams.setSignature(context.actor, input)),
})
