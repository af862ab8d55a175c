import { Alert, Button, Group, Text } from '@mantine/core'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { toAppError } from '../../../shared/errors'
import { orpc } from '../lib/bridge'
import { clearOffline, useOffline } from '../lib/connection-state'

/**
 * Shown while the active instance cannot be reached. Calls made meanwhile fail where they were made
 * and nothing waits to be sent later; Retry asks the instance again and reloads what is on screen.
 */
export function OfflineBanner() {
  const offline = useOffline()
  const client = useQueryClient()
  const active = useQuery(orpc.connections.active.queryOptions())
  const retry = useMutation({
    mutationFn: () => orpc.connections.check.call(),
    onSuccess: () => {
      clearOffline()
      void client.invalidateQueries()
    },
  })
  if (!offline) return null
  const name = active.data ? `${active.data.name} (${active.data.host})` : 'the instance'
  return (
    <Alert color="orange" title={`Cannot reach ${name}`} mb="md" data-testid="offline-banner">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Text size="sm">
          {retry.error ? toAppError(retry.error).message : 'Check the network and that the instance is running.'} Changes made now are not
          saved, and nothing is sent later on its own.
        </Text>
        <Button size="xs" onClick={() => retry.mutate()} loading={retry.isPending}>
          Retry
        </Button>
      </Group>
    </Alert>
  )
}
