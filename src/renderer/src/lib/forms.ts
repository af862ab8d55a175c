import type { UseFormReturnType } from '@mantine/form'
import { useState, type ChangeEvent } from 'react'
import type * as z from 'zod'
import { suggestSlug } from '../../../shared/contract'
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

/** Like applyError, for forms that show a single alert: its message, or null when fields carry it. */
export function formAlert<T extends Record<string, unknown>>(form: UseFormReturnType<T>, error: unknown): string | null {
  const appError = applyError(form, error)
  return appError.fields ? null : appError.message
}

/**
 * Name and Slug inputs where the slug follows the name until the user edits it.
 * Returns the props for both inputs.
 */
export function useSuggestedSlug<T extends Record<string, unknown>>(form: UseFormReturnType<T>, nameField: string, slugField: string) {
  const [touched, setTouched] = useState(false)
  return {
    reset: () => setTouched(false),
    nameProps: {
      ...form.getInputProps(nameField),
      onChange: (event: ChangeEvent<HTMLInputElement>) => {
        const name = event.currentTarget.value
        form.setFieldValue(nameField, name as never)
        if (!touched) form.setFieldValue(slugField, suggestSlug(name) as never)
      },
    },
    slugProps: {
      ...form.getInputProps(slugField),
      onChange: (event: ChangeEvent<HTMLInputElement>) => {
        setTouched(true)
        form.setFieldValue(slugField, event.currentTarget.value as never)
      },
    },
  }
}
