import { Alert, Button, Group } from '@mantine/core'
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
