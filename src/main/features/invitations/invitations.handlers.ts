import { authed } from '../../rpc/base'

export const invitationsHandlers = {
  list: authed.invitations.list.handler(({ context }) => context.services.invitations.list(context.actor)),
  create: authed.invitations.create.handler(({ input, context }) => context.services.invitations.create(context.actor, input)),
  resend: authed.invitations.resend.handler(({ input, context }) => context.services.invitations.resend(context.actor, input.id)),
  revoke: authed.invitations.revoke.handler(({ input, context }) => {
    context.services.invitations.revoke(context.actor, input.id)
    return { ok: true as const }
  }),
}
