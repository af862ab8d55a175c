import { Checkbox, TextInput, type TextInputProps } from '@mantine/core'
import type { UseFormReturnType } from '@mantine/form'

type FieldProps = Pick<TextInputProps, 'value' | 'onChange' | 'onBlur' | 'onFocus' | 'error'>

/**
 * Name, Slug, Admin Tenant and Demo: the fields of + New Organisation and of an organisation's
 * page. The name and slug props come from the caller (the new-organisation dialog suggests a slug).
 */
export function OrganisationFields<Values extends { isAdminTenant: boolean; isDemo: boolean }>({
  form,
  nameProps,
  slugProps,
  demoDescription,
  autoFocus = false,
}: {
  form: UseFormReturnType<Values>
  nameProps: FieldProps
  slugProps: FieldProps
  demoDescription: string
  autoFocus?: boolean
}) {
  return (
    <>
      <TextInput label="Name" required data-autofocus={autoFocus || undefined} {...nameProps} />
      <TextInput label="Slug" description="URL-safe, unique across the platform" required {...slugProps} />
      <Checkbox
        label="Admin Tenant"
        description="Only for the operator's own organisation (at most one per instance)"
        {...form.getInputProps('isAdminTenant', { type: 'checkbox' })}
      />
      <Checkbox label="Demo" description={demoDescription} {...form.getInputProps('isDemo', { type: 'checkbox' })} />
    </>
  )
}
