import { Alert, Badge, Stack, Table, Text, Title } from '@mantine/core'
import { useQuery } from '@tanstack/react-query'
import { Loading } from '../components/loading'
import { toAppError } from '../../../shared/errors'
import { rpc } from '../lib/bridge'
import { formatDateTime } from '../lib/format'

/** Helpdesk → Tickets: a plain list of the acting tenant's tickets. */
export function TicketsPage() {
  const tickets = useQuery({ queryKey: ['helpdesk', 'tickets'], queryFn: () => rpc.helpdesk.tickets({}) })
  return (
    <Stack>
      <Title order={1} size="h2">
        Tickets
      </Title>
      {tickets.isPending && (
        <Loading label="Loading tickets" />
      )}
      {tickets.isError && <Alert color="red">{toAppError(tickets.error).message}</Alert>}
      {tickets.isSuccess && tickets.data.length === 0 && (
        <Text c="dimmed" ta="center" p="lg">
          No tickets yet.
        </Text>
      )}
      {tickets.isSuccess && tickets.data.length > 0 && (
        <Table.ScrollContainer minWidth={720}>
          <Table striped aria-label="Tickets">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>#</Table.Th>
                <Table.Th>Subject</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Assignee</Table.Th>
                <Table.Th>Created</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tickets.data.map((t) => (
                <Table.Tr key={t.id}>
                  <Table.Td>{t.number}</Table.Td>
                  <Table.Td>{t.subject}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" size="sm">
                      {t.status}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{t.assignee ? `${t.assignee.name}${t.assignee.active ? '' : ' (deactivated)'}` : <Text c="dimmed" size="sm">Unassigned</Text>}</Table.Td>
                  <Table.Td>{formatDateTime(t.createdAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  )
}
