import { Box, Button, Stack, Text } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { useQuery } from '@tanstack/react-query'
import { lazy, Suspense, useEffect } from 'react'
import { MenuCommand } from '../../../shared/ipc'
import { orpc, rememberPageConnection } from '../lib/bridge'

// The dialog's form parses with the contract's zod schemas: its own chunk, loaded when first opened.
const ConnectionsDialog = lazy(() => import('./connections-dialog').then((m) => ({ default: m.ConnectionsDialog })))

/**
 * Which connection the console is working on (name and host), in the header; opens Connections.
 * The desktop menu's File → Connections… opens the same dialog.
 */
export function ConnectionsButton() {
  const active = useQuery(orpc.connections.active.queryOptions())
  const [opened, dialog] = useDisclosure()
  useEffect(() => window.switchboard?.onMenuCommand((command) => command === MenuCommand.OPEN_CONNECTIONS && dialog.open()), [dialog])
  const connection = active.data
  useEffect(() => {
    if (connection) rememberPageConnection(connection.id)
  }, [connection])
  return (
    <>
      <Button
        variant="default"
        size="compact-sm"
        h="auto"
        py={4}
        onClick={dialog.open}
        title="Connections"
        aria-haspopup="dialog"
        data-testid="active-connection"
      >
        <Stack gap={0} align="flex-start">
          <Text size="xs" fw={600} lh={1.2}>
            {connection?.name ?? 'Connections'}
          </Text>
          {connection ? (
            <Text size="xs" c="dimmed" lh={1.2}>
              {connection.host}
            </Text>
          ) : null}
        </Stack>
      </Button>
      {opened ? (
        <Suspense fallback={null}>
          <ConnectionsDialog opened={opened} onClose={dialog.close} />
        </Suspense>
      ) : null}
    </>
  )
}

/** Outside the signed-in console (sign-in, first run, a backend that does not answer): Connections in the corner. */
export function ConnectionsCorner() {
  return (
    // A landmark of its own, so that nothing on the page sits outside one.
    <Box component="nav" aria-label="Connection" pos="fixed" top={12} right={12} style={{ zIndex: 10 }}>
      <ConnectionsButton />
    </Box>
  )
}
