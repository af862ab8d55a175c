import { authed } from '../../rpc/base'
import type { EmailSettingsService } from './email-settings.service'

export const settingsHandlers = (email: EmailSettingsService) => ({
  getEmail: authed.settings.getEmail.handler(({ context }) => email.get(context.actor)),
  saveEmail: authed.settings.saveEmail.handler(({ input, context }) => email.save(context.actor, input)),
  clearEmail: authed.settings.clearEmail.handler(({ context }) => email.clear(context.actor)),
  sendTestEmail: authed.settings.sendTestEmail.handler(({ input, context }) => email.sendTest(context.actor, input.to)),
})
