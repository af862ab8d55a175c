import { Alert, Button, Group } from '@mantine/core'

/** The error of a whole form (field errors sit on their fields). */
export function FormAlert({ message, title }: { message: string | null; title?: string }) {
  if (!message) return null
  return (
    <Alert color="red" title={title} role="alert">
      {message}
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
