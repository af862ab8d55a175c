import { AppError } from '../../src/shared/errors'

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
