import { Button, Card, Code, Group, Progress, Stack, Table, Text, Title } from '@mantine/core'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { ErrorAlert } from '../../components/form-parts'
import { Loading } from '../../components/loading'
import { orpc } from '../../lib/bridge'
import { formatDateTime } from '../../lib/format'
import { notify } from '../../lib/notices'
import { useStreamedTask } from '../../lib/streamed-task'

const UNITS = ['bytes', 'KB', 'MB', 'GB'] as const

function formatSize(bytes: number): string {
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024
    unit++
  }
  return unit === 0 ? `${value} bytes` : `${value.toFixed(1)} ${UNITS[unit]}`
}

/** Back up now: follows the server's streamed progress, then refreshes the list. */
function BackUpNow() {
  const client = useQueryClient()
  const { running, progress, error, run } = useStreamedTask()
  const start = () =>
    run(async (report) => {
      for await (const event of await orpc.backups.start.call()) {
        // Progress counts the store's pages; the finished file's size is in the notice.
        if (event.type === 'progress') report({ done: event.copied, total: event.total })
        else {
          report({ done: 1, total: 1 })
          notify({ message: `Backed up to ${event.backup.name} (${formatSize(event.backup.bytes)}).` })
        }
      }
      await client.invalidateQueries({ queryKey: orpc.backups.list.key() })
    })
  const percent = progress && progress.total > 0 ? (100 * progress.done) / progress.total : running ? 2 : 100
  return (
    <Stack>
      <Group>
        <Button onClick={() => void start()} loading={running}>
          Back up now
        </Button>
      </Group>
      {(running || progress) && (
        <>
          <Progress value={percent} animated={running} aria-label="Backup progress" />
          <Text size="sm" c="dimmed" role="status">
            {!progress ? 'Starting…' : running ? `Backing up… ${Math.round(percent)}%` : 'Backup finished.'}
          </Text>
        </>
      )}
      <ErrorAlert error={error} />
    </Stack>
  )
}

/** Admin → Settings → Backups: the store's backups in the data directory, and how to restore one. */
export function BackupsPage() {
  const list = useQuery(orpc.backups.list.queryOptions())
  return (
    <Stack maw={900}>
      <Title order={1} size="h2">
        Backups
      </Title>
      <BackUpNow />
      {list.isPending ? (
        <Loading label="Loading backups" />
      ) : list.isError ? (
        <ErrorAlert error={list.error} />
      ) : (
        <Group align="flex-start" wrap="wrap" gap="lg">
          <Stack flex="2 1 420px" gap="xs">
            <Table striped aria-label="Backups">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Size</Table.Th>
                  <Table.Th>Date</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.backups.map((b) => (
                  <Table.Tr key={b.name}>
                    <Table.Td>
                      <Code>{b.name}</Code>
                    </Table.Td>
                    <Table.Td>{formatSize(b.bytes)}</Table.Td>
                    <Table.Td>{formatDateTime(b.createdAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {list.data.backups.length === 0 && (
              <Text c="dimmed" ta="center" p="lg">
                No backups yet. Back up now to make the first one.
              </Text>
            )}
          </Stack>
          <Card withBorder flex="1 1 260px">
            <Title order={2} size="h4" mb="xs">
              Restoring a backup
            </Title>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {list.data.restore}
            </Text>
          </Card>
        </Group>
      )}
    </Stack>
  )
}
