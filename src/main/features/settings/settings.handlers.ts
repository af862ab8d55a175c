import { authed } from '../../rpc/base'
import type { EmailSettingsService } from './email-settings.service'
import type { SecuritySettingsService } from './security-settings.service'

export const settingsHandlers = (email: EmailSettingsService, security: SecuritySettingsService) => ({
  getSecurity: authed.settings.getSecurity.handler(({ context }) => security.get(context.actor)),
  setSuperAdminSecondFactor: authed.settings.setSuperAdminSecondFactor.handler(({ input, context }) =>
    security.setSuperAdminSecondFactor(context.actor, input.required),
  ),
  getEmail: authed.settings.getEmail.handler(({ context }) => email.get(context.actor)),
  saveEmail: authed.settings.saveEmail.handler(({ input, context }) => email.save(context.actor, input)),
  clearEmail: authed.settings.clearEmail.handler(({ context }) => email.clear(context.actor)),
  sendTestEmail: authed.settings.sendTestEmail.handler(({ input, context }) => email.sendTest(context.actor, input.to)),
})
