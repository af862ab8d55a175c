import type { UseFormReturnType } from '@mantine/form'
import { useMutation, type UseMutationOptions } from '@tanstack/react-query'
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
 * A form's submit, as every form in the console does it: the backend's field errors land on their
 * fields, anything else in the form's alert (`formError`), and input stays as the user typed it.
 * `error` keeps the whole AppError for forms that branch on its reason.
 */
export function useFormMutation<Values extends Record<string, unknown>, Output>(
  form: UseFormReturnType<Values>,
  options: UseMutationOptions<Output, Error, Values>,
) {
  const [error, setError] = useState<AppError | null>(null)
  const mutation = useMutation({
    ...options,
    onError: (thrown, ...rest) => {
      const appError = toAppError(thrown)
      if (appError.fields) form.setErrors(appError.fields)
      setError(appError)
      return options.onError?.(thrown, ...rest)
    },
  })
  return {
    mutation,
    error,
    formError: error && !error.fields ? error.message : null,
    submit: form.onSubmit((values) => {
      setError(null)
      mutation.mutate(values)
    }),
    /** Forgets the last error, e.g. when a dialog closes. */
    clear: () => setError(null),
  }
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
