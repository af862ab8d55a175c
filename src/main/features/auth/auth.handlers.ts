import { authed, base } from '../../rpc/base'
import type { InvitationsService } from '../invitations/invitations.service'
import type { SetupService } from '../setup/setup.service'
import type { FactorsService } from '../factors/factors.service'
import type { AuthService } from './auth.service'

/** Signing in, out and up: sessions are handed to the host's slot, never returned. */
export function authHandlers({
  auth,
  setup,
  invitations,
  factors,
}: {
  auth: AuthService
  setup: SetupService
  invitations: InvitationsService
  factors: FactorsService
}) {
  return {
    status: base.auth.status.handler(() => setup.status()),

    setup: base.auth.setup.handler(async ({ input, context }) => {
      const { userId } = await setup.run(input)
      const { me, token } = await auth.openSessionFor(userId)
      context.session.set(token)
      return me
    }),

    signIn: base.auth.signIn.handler(async ({ input, context }) => {
      const { me, token } = await auth.signIn(input.email, input.password)
      context.session.set(token)
      return me
    }),

    verifySecondFactor: base.auth.verifySecondFactor.handler(async ({ input, context }) => {
      const proof =
        input.code !== undefined
          ? { code: input.code }
          : input.passkey !== undefined
            ? { passkey: input.passkey }
            : { recoveryCode: input.recoveryCode ?? '' }
      const { me, token } = await auth.verifySecondFactor(input.pendingToken, proof, context.client)
      context.session.set(token)
      return me
    }),

    passkeyOptions: base.auth.passkeyOptions.handler(({ input, context }) => factors.passkeyOptions(input.pendingToken, context.client)),

    stepUp: authed.auth.stepUp.handler(({ input, context }) => factors.stepUp(context.actor, input)),

    stepUpPasskeyOptions: authed.auth.stepUpPasskeyOptions.handler(({ context }) => factors.stepUpPasskeyOptions(context.actor)),

    signOut: authed.auth.signOut.handler(async ({ context }) => {
      await auth.signOut(context.actor)
      context.session.set(null)
      return { ok: true as const }
    }),

    signOutEverywhere: authed.auth.signOutEverywhere.handler(async ({ context }) => {
      await auth.signOutEverywhere(context.actor)
      context.session.set(null)
      return { ok: true as const }
    }),

    inspectInvitation: base.auth.inspectInvitation.handler(({ input, context }) => invitations.inspect(input.token, context.client)),

    register: base.auth.register.handler(async ({ input, context }) => {
      const { userId } = await invitations.register(input.token, input, context.client)
      const { me, token } = await auth.openSessionFor(userId)
      context.session.set(token)
      return me
    }),

    inspectReset: base.auth.inspectReset.handler(({ input, context }) => auth.inspectReset(input.token, context.client)),

    resetPassword: base.auth.resetPassword.handler(async ({ input, context }) => {
      await auth.resetPassword(input.token, input.password, context.client)
      return { ok: true as const }
    }),

    switchableTenants: authed.auth.switchableTenants.handler(({ input, context }) => auth.switchableTenants(context.actor, input.search)),

    switchTenant: authed.auth.switchTenant.handler(({ input, context }) => auth.switchTenant(context.actor, input.tenantId)),

    me: base.auth.me.handler(({ context }) => auth.me(context.session.get())),
  }
}
