import { authed } from '../../rpc/base'
import type { FactorsService } from './factors.service'

/** The signed-in user's own second factors: always the caller's, never another user's. */
export function accountHandlers(factors: FactorsService) {
  return {
    secondFactor: authed.account.secondFactor.handler(({ context }) => factors.status(context.actor)),
    startTotp: authed.account.startTotp.handler(({ context }) => factors.startTotp(context.actor)),
    confirmTotp: authed.account.confirmTotp.handler(({ input, context }) => factors.confirmTotp(context.actor, input.code)),
    removeTotp: authed.account.removeTotp.handler(async ({ input, context }) => {
      await factors.removeTotp(context.actor, input)
      return { ok: true as const }
    }),
    regenerateRecoveryCodes: authed.account.regenerateRecoveryCodes.handler(({ input, context }) =>
      factors.regenerateRecoveryCodes(context.actor, input),
    ),
    passkeys: authed.account.passkeys.handler(({ context }) => factors.passkeys(context.actor)),
    startPasskey: authed.account.startPasskey.handler(({ context }) => factors.startPasskey(context.actor)),
    finishPasskey: authed.account.finishPasskey.handler(({ input, context }) =>
      factors.finishPasskey(context.actor, input.name, input.response),
    ),
    renamePasskey: authed.account.renamePasskey.handler(({ input, context }) => factors.renamePasskey(context.actor, input.id, input.name)),
    removePasskey: authed.account.removePasskey.handler(async ({ input, context }) => {
      await factors.removePasskey(context.actor, input.id, input.proof)
      return { ok: true as const }
    }),
  }
}

/** An administrator's reset of another user's second factors (lost devices), served under `users`. */
export function userFactorHandlers(factors: FactorsService) {
  return {
    resetSecondFactor: authed.users.resetSecondFactor.handler(({ input, context }) => factors.resetOf(context.actor, input.id)),
  }
}
