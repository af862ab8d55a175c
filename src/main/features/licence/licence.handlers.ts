import { authed } from '../../rpc/base'
import type { LicenceService } from './licence.service'

export const licenceHandlers = (licence: LicenceService) => ({
  get: authed.licence.get.handler(() => licence.status()),
  install: authed.licence.install.handler(({ input, context }) => licence.install(context.actor, input.text)),
})
