import { implement } from '@orpc/server'
import { contract } from '../../shared/contract'
import { AppError, ErrorCode, ErrorReason } from '../../shared/errors'
import { needsStepUp, STEP_UP_MESSAGE } from '../../shared/step-up'
import type { RpcContext } from './context'

/** Every handler is implemented from the one contract, so its input and output are parsed. */
export const base = implement(contract).$context<RpcContext>()

/**
 * Handlers built from `authed` run only for a live session; the actor (and with it the
 * tenant scope) comes from the session, never from input. Operations that can take over tenants
 * (shared/step-up.ts) also need the session's factor proven lately, for every host: refused before
 * the handler runs, so nothing changes (not a `denied` row: the console asks and repeats the call).
 */
export const authed = base.use(async ({ context, next, path }, input) => {
  const actor = await context.resolveActor(context.session.get())
  if (!actor) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Your session has ended. Sign in again.')
  if (needsStepUp(path.join('.'), input, actor.role) && !(await context.stepUpFresh(actor))) {
    throw new AppError(ErrorCode.FORBIDDEN, STEP_UP_MESSAGE, undefined, { reason: ErrorReason.STEP_UP_REQUIRED })
  }
  try {
    return await next({ context: { actor } })
  } catch (error) {
    // Every refusal on authorisation grounds is recorded here, once, whichever check refused it.
    if (error instanceof AppError && error.code === ErrorCode.FORBIDDEN) await context.recordDenied(actor, path.join('.'), input)
    throw error
  }
})
