import { implement } from '@orpc/server'
import { contract } from '../../shared/contract'
import { ENROLMENT_OPERATIONS } from '../../shared/access'
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
  const session = await context.resolveSession(context.session.get())
  if (!session) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Your session has ended. Sign in again.')
  // A session limited to enrolment (issue 25: the organisation's rule, or the instance's for SUPER_ADMINs) may only set up a second factor: refused here, for every
  // operation at once, never per handler. Not a denied row: nothing was attempted on anyone's data.
  const operation = path.join('.')
  const { actor } = session
  if (session.enrolmentReason !== null && !ENROLMENT_OPERATIONS.has(operation)) {
    throw new AppError(
      ErrorCode.FORBIDDEN,
      'Your account requires a second factor (your organisation’s rule, or this instance’s for every SUPER_ADMIN): set up an authenticator app or add a passkey on Your account before doing anything else.',
      undefined,
      { reason: ErrorReason.SECOND_FACTOR_ENROLMENT_REQUIRED },
    )
  }
  if (needsStepUp(operation, input, actor.role) && !(await context.stepUpFresh(actor))) {
    throw new AppError(ErrorCode.FORBIDDEN, STEP_UP_MESSAGE, undefined, { reason: ErrorReason.STEP_UP_REQUIRED })
  }
  try {
    return await next({ context: { actor } })
  } catch (error) {
    // Every refusal on authorisation grounds is recorded here, once, whichever check refused it.
    if (error instanceof AppError && error.code === ErrorCode.FORBIDDEN) await context.recordDenied(actor, operation, input)
    throw error
  }
})
