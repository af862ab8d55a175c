import { authed, base } from '../../rpc/base'

export const authHandlers = {
  status: base.auth.status.handler(({ context }) => context.services.setup.status()),

  setup: base.auth.setup.handler(async ({ input, context }) => {
    const { userId } = await context.services.setup.run(input)
    const { me, token } = context.services.auth.openSessionFor(userId)
    context.session.set(token)
    return me
  }),

  signIn: base.auth.signIn.handler(async ({ input, context }) => {
    const { me, token } = await context.services.auth.signIn(input.email, input.password)
    context.session.set(token)
    return me
  }),

  signOut: authed.auth.signOut.handler(({ context }) => {
    context.services.auth.signOut(context.actor)
    context.session.set(null)
    return { ok: true as const }
  }),

  inspectInvitation: base.auth.inspectInvitation.handler(({ input, context }) => context.services.invitations.inspect(input.token)),

  register: base.auth.register.handler(async ({ input, context }) => {
    const { userId } = await context.services.invitations.register(input.token, input)
    const { me, token } = context.services.auth.openSessionFor(userId)
    context.session.set(token)
    return me
  }),

  inspectReset: base.auth.inspectReset.handler(({ input, context }) => context.services.auth.inspectReset(input.token)),

  resetPassword: base.auth.resetPassword.handler(async ({ input, context }) => {
    await context.services.auth.resetPassword(input.token, input.password)
    return { ok: true as const }
  }),

  switchableTenants: authed.auth.switchableTenants.handler(({ input, context }) =>
    context.services.auth.switchableTenants(context.actor, input.search),
  ),

  switchTenant: authed.auth.switchTenant.handler(({ input, context }) => context.services.auth.switchTenant(context.actor, input.tenantId)),

  me: base.auth.me.handler(({ context }) => {
    const actor = context.services.auth.resolve(context.session.get())
    return actor ? context.services.auth.buildMe(actor.userId, actor.actingTenantId) : null
  }),
}
