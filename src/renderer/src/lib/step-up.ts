import type { ClientLink } from '@orpc/client'
import { AppError, ErrorCode, ErrorReason, toAppError } from '../../../shared/errors'

/**
 * Step-up in the console, in one place: a call refused with STEP_UP_REQUIRED (an operation that
 * can take over tenants, the factor proven more than 5 minutes ago) opens the prompt (StepUpPrompt,
 * mounted once at the root); once the user has confirmed it is them, the same call runs again, once,
 * and its answer settles the original promise: nobody clicks twice. Cancelled, the call fails with
 * STEP_UP_CANCELLED's message and nothing was changed. Calls refused together share one prompt.
 */
export const STEP_UP_CANCELLED = 'Not done: you did not confirm it was you. Nothing was changed.'

type Listener = () => void
let pending: { promise: Promise<boolean>; settle: (confirmed: boolean) => void } | null = null
const listeners = new Set<Listener>()
const notify = () => listeners.forEach((listener) => listener())

/** Opens the prompt (or joins the one open): true once the user confirmed, false if they cancelled. */
export function requestStepUp(): Promise<boolean> {
  if (!pending) {
    let settle!: (confirmed: boolean) => void
    const promise = new Promise<boolean>((resolve) => (settle = resolve))
    pending = { promise, settle }
    notify()
  }
  return pending.promise
}

/** Closes the prompt: the waiting calls run again (confirmed) or fail (cancelled). */
export function settleStepUp(confirmed: boolean): void {
  const current = pending
  pending = null
  notify()
  current?.settle(confirmed)
}

/** For useSyncExternalStore: whether the prompt is open. */
export const stepUpStore = {
  subscribe(listener: Listener) {
    listeners.add(listener)
    return () => void listeners.delete(listener)
  },
  isOpen: () => pending !== null,
}

const needsStepUp = (error: unknown) => {
  const appError = toAppError(error)
  return appError.code === ErrorCode.FORBIDDEN && appError.reason === ErrorReason.STEP_UP_REQUIRED
}

/** The console's link, with STEP_UP_REQUIRED answered by the prompt and one retry. */
export function withStepUp<T extends object>(link: ClientLink<T>): ClientLink<T> {
  return {
    async call(path, input, options) {
      try {
        return await link.call(path, input, options)
      } catch (error) {
        if (!needsStepUp(error)) throw error
        if (!(await requestStepUp()))
          throw new AppError(ErrorCode.FORBIDDEN, STEP_UP_CANCELLED, undefined, { reason: ErrorReason.STEP_UP_REQUIRED })
        return link.call(path, input, options)
      }
    },
  }
}
