import { authed } from '../../rpc/base'
import { mapStreamErrors } from '../../rpc/errors'
import type { OrganisationsService } from './organisations.service'

export const organisationsHandlers = (organisations: OrganisationsService) => ({
  list: authed.organisations.list.handler(({ input, context }) => organisations.list(context.actor, input)),
  get: authed.organisations.get.handler(({ input, context }) => organisations.get(context.actor, input.id)),
  create: authed.organisations.create.handler(({ input, context }) => organisations.create(context.actor, input)),
  update: authed.organisations.update.handler(({ input, context }) => organisations.update(context.actor, input)),
  setSecondFactorRequired: authed.organisations.setSecondFactorRequired.handler(({ input, context }) =>
    organisations.setSecondFactorRequired(context.actor, input),
  ),
  fillDemo: authed.organisations.fillDemo.handler(async ({ input, context }) =>
    mapStreamErrors(await organisations.fillDemo(context.actor, input.id)),
  ),
})
