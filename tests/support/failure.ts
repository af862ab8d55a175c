import { AppError, toAppError } from '../../src/shared/errors'

/** Runs something that must fail with an AppError and returns that error. */
export async function failure(run: () => unknown): Promise<AppError> {
  try {
    await run()
  } catch (error) {
    if (error instanceof AppError) return error
    throw error
  }
  throw new Error('expected the call to fail')
}

/** What a call that may be refused answered: null when it went through, else its error's code and reason. */
export const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => {
      const e = toAppError(error)
      return [e.code, e.reason ?? null]
    },
  )
