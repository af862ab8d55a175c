import { Alert, Button, Group, PasswordInput, type PasswordInputProps } from '@mantine/core'
import { PASSWORD_MIN } from '../../../shared/contract'
import { toAppError } from '../../../shared/errors'

/**
 * An error shown where it happened: a form's, a list's or an action's. Takes whatever was thrown
 * (or a message); field errors sit on their fields instead.
 */
export function ErrorAlert({ error, title, onClose }: { error: unknown; title?: string; onClose?: () => void }) {
  if (error === null || error === undefined) return null
  return (
    <Alert color="red" title={title} role="alert" withCloseButton={onClose !== undefined} onClose={onClose}>
      {typeof error === 'string' ? error : toAppError(error).message}
    </Alert>
  )
}

/** Cancel and submit at the foot of a dialog's form. */
export function DialogActions({ onCancel, submit, loading }: { onCancel: () => void; submit: string; loading: boolean }) {
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onCancel}>
        Cancel
      </Button>
      <Button type="submit" loading={loading}>
        {submit}
      </Button>
    </Group>
  )
}

type PasswordFieldProps = Pick<PasswordInputProps, 'value' | 'onChange' | 'onBlur' | 'onFocus' | 'error'>

/** A new password and its confirmation (setup, registration, reset), with the length rule said up front. */
export function NewPasswordFields({
  password,
  confirm,
  label = 'Password',
  autoFocus = false,
}: {
  password: PasswordFieldProps
  confirm: PasswordFieldProps
  label?: string
  autoFocus?: boolean
}) {
  return (
    <>
      <PasswordInput
        label={label}
        description={`At least ${PASSWORD_MIN} characters`}
        autoComplete="new-password"
        required
        autoFocus={autoFocus}
        {...password}
      />
      <PasswordInput label={`Confirm ${label.toLowerCase()}`} autoComplete="new-password" required {...confirm} />
    </>
  )
}
