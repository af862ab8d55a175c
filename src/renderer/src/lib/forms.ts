import type { UseFormReturnType } from '@mantine/form'
import type * as z from 'zod'
import { fieldErrorsFrom, toAppError, type AppError } from '../../../shared/errors'

/**
 * Validates a Mantine form with the contract's own schema, so the form refuses exactly
 * what the backend would, with the same messages.
 */
export function schemaValidator<S extends z.ZodType>(schema: S) {
  return (values: unknown) => {
    const result = schema.safeParse(values)
    return result.success ? {} : fieldErrorsFrom(result.error.issues)
  }
}

/**
 * Puts a backend error where it belongs: field errors on their fields, the rest returned
 * for the form's alert. Input stays as the user typed it.
 */
export function applyError<T extends Record<string, unknown>>(form: UseFormReturnType<T>, error: unknown): AppError {
  const appError = toAppError(error)
  if (appError.fields) form.setErrors(appError.fields)
  return appError
}
