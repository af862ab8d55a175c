import { authed } from '../../rpc/base'
import { mapStreamErrors } from '../../rpc/errors'

export const organisationsHandlers = {
  list: authed.organisations.list.handler(({ input, context }) => context.services.organisations.list(context.actor, input)),
  get: authed.organisations.get.handler(({ input, context }) => context.services.organisations.get(context.actor, input.id)),
  create: authed.organisations.create.handler(({ input, context }) => context.services.organisations.create(context.actor, input)),
  update: authed.organisations.update.handler(({ input, context }) => context.services.organisations.update(context.actor, input)),
  fillDemo: authed.organisations.fillDemo.handler(({ input, context }) =>
    mapStreamErrors(context.services.organisations.fillDemo(context.actor, input.id)),
  ),
}

export const licenceHandlers = {
  get: authed.licence.get.handler(({ context }) => context.services.licence.status()),
  install: authed.licence.install.handler(({ input, context }) => context.services.licence.install(context.actor, input.text)),
}
