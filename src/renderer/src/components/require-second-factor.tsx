import { Card, Stack, Switch } from '@mantine/core'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { ErrorAlert } from './form-parts'
import { orpc } from '../lib/bridge'
import { notify } from '../lib/notices'

/**
 * "Require a second factor" for one organisation (issue 25): its users without one can only set one up
 * after their password. On an organisation's page (SUPER_ADMIN) and in Settings → Security (an ADMIN's
 * own organisation); `onChanged` lets the page keep its own copy of the organisation current.
 */
export function RequireSecondFactor({
  organisation,
  onChanged,
}: {
  organisation: { id: string; name: string; requireSecondFactor: boolean }
  onChanged?: (required: boolean) => void
}) {
  const client = useQueryClient()
  const change = useMutation(
    orpc.organisations.setSecondFactorRequired.mutationOptions({
      onSuccess: ({ requireSecondFactor }) => {
        onChanged?.(requireSecondFactor)
        void client.invalidateQueries({ queryKey: orpc.auth.me.key() })
        notify({
          message: requireSecondFactor
            ? `${organisation.name} now requires a second factor: users without one set it up at their next sign-in.`
            : `${organisation.name} no longer requires a second factor.`,
        })
      },
    }),
  )
  return (
    <Card withBorder>
      <Stack gap="xs">
        <ErrorAlert error={change.error} />
        <Switch
          label="Require a second factor"
          description={`Users of ${organisation.name} without an authenticator app or a passkey must set one up after their password before they can do anything else. Turning this off asks you to confirm it is you.`}
          checked={organisation.requireSecondFactor}
          disabled={change.isPending}
          onChange={(event) => change.mutate({ id: organisation.id, required: event.currentTarget.checked })}
        />
      </Stack>
    </Card>
  )
}
