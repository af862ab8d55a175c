import { Button, Group, Modal, Text } from '@mantine/core'
import { useSignOutEverywhere } from '../lib/session'

/** Asks before ending every session of the signed-in user (this computer, browsers, other devices, scripts). */
export function SignOutEverywhereDialog({ email, onClose }: { email: string; onClose: () => void }) {
  const signOutEverywhere = useSignOutEverywhere()
  return (
    <Modal opened onClose={onClose} title="Sign out everywhere?">
      <Text mb="md">
        Every session of <b>{email}</b> ends: on this computer, in browsers, on other devices and for scripts using a token. You will need
        your password to sign in again.
      </Text>
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button color="red" loading={signOutEverywhere.isPending} onClick={() => signOutEverywhere.mutate()}>
          Sign out everywhere
        </Button>
      </Group>
    </Modal>
  )
}
