import { implement } from '@orpc/server'
import { contract } from '../../shared/contract'
import { AppError, ErrorCode } from '../../shared/errors'
import type { RpcContext } from './context'

/** Every handler is implemented from the one contract, so its input and output are parsed. */
export const base = implement(contract).$context<RpcContext>()

/**
 * Handlers built from `authed` run only for a live session; the actor (and with it the
 * tenant scope) comes from the session, never from input.
 */
export const authed = base.use(async ({ context, next, path }, input) => {
  const actor = await context.resolveActor(context.session.get())
  if (!actor) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Your session has ended. Sign in again.')
  try {
    return await next({ context: { actor } })
  } catch (error) {
    // Every refusal on authorisation grounds is recorded here, once, whichever check refused it.
    if (error instanceof AppError && error.code === ErrorCode.FORBIDDEN) await context.recordDenied(actor, path.join('.'), input)
    throw error
  }
})
