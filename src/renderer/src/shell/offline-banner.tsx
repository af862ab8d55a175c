import { Alert, Button, Group, Text } from '@mantine/core'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { ErrorReason, toAppError } from '../../../shared/errors'
import { orpc } from '../lib/bridge'
import { clearOffline } from '../lib/connection-state'

/**
 * Shown while the active instance cannot be reached. Calls made meanwhile fail where they were made
 * and nothing waits to be sent later; Retry asks the instance again and reloads what is on screen.
 */
export function OfflineAlert() {
  const client = useQueryClient()
  const active = useQuery(orpc.connections.active.queryOptions())
  const retry = useMutation({
    mutationFn: () => orpc.connections.check.call(),
    onSuccess: () => {
      clearOffline()
      void client.invalidateQueries()
    },
  })
  const name = active.data ? `${active.data.name} (${active.data.host})` : 'the instance'
  // Still unreachable says nothing new; another refusal (a version, a certificate) is worth its words.
  const refusal = retry.error ? toAppError(retry.error) : null
  const advice =
    refusal && refusal.reason !== ErrorReason.INSTANCE_UNREACHABLE ? refusal.message : 'Check the network and that the instance is running.'
  return (
    <Alert color="orange" title={`Cannot reach ${name}`} mb="md" data-testid="offline-banner">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Text size="sm">{advice} Changes made now are not saved, and nothing is sent later on its own.</Text>
        <Button size="xs" onClick={() => retry.mutate()} loading={retry.isPending}>
          Retry
        </Button>
      </Group>
    </Alert>
  )
}

/** Another window chose another connection: this page shows the old one's data and must reload. */
export function SwitchedElsewhereAlert({ message }: { message: string }) {
  return (
    <Alert color="orange" title="The console switched connections" mb="md" data-testid="connection-changed-banner">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Text size="sm">{message} Nothing was changed from this window.</Text>
        <Button size="xs" onClick={() => window.location.reload()}>
          Reload
        </Button>
      </Group>
    </Alert>
  )
}
