import { authed } from '../../rpc/base'
import type { InvitationImportService } from './invitation-import.service'
import type { InvitationsService } from './invitations.service'

export const invitationsHandlers = (invitations: InvitationsService, importing: InvitationImportService) => ({
  list: authed.invitations.list.handler(({ context }) => invitations.list(context.actor)),
  pending: authed.invitations.pending.handler(({ input, context }) => invitations.pending(context.actor, input)),
  queue: authed.invitations.queue.handler(({ input, context }) => invitations.queue(context.actor, input)),
  resendMany: authed.invitations.resendMany.handler(({ input, context }) => invitations.resendMany(context.actor, input.ids)),
  revokeMany: authed.invitations.revokeMany.handler(({ input, context }) => invitations.revokeMany(context.actor, input.ids)),
  create: authed.invitations.create.handler(({ input, context }) => invitations.create(context.actor, input)),
  resend: authed.invitations.resend.handler(({ input, context }) => invitations.resend(context.actor, input.id)),
  importCheck: authed.invitations.importCheck.handler(({ input, context }) => importing.check(context.actor, input.file)),
  importApply: authed.invitations.importApply.handler(({ input, context }) => importing.apply(context.actor, input)),
  revoke: authed.invitations.revoke.handler(async ({ input, context }) => {
    await invitations.revoke(context.actor, input.id)
    return { ok: true as const }
  }),
})
