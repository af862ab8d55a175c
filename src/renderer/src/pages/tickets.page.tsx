import { Badge, NativeSelect, Stack, Table, Text, Title } from '@mantine/core'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { worksTickets } from '../../../shared/access'
import { ErrorAlert } from '../components/form-parts'
import { AnchorLink } from '../components/links'
import { Loading } from '../components/loading'
import { orpc } from '../lib/bridge'
import { formatDateTime } from '../lib/format'
import { useSignedInMe } from '../lib/session'

type Ticket = Awaited<ReturnType<typeof orpc.helpdesk.tickets.call>>[number]

/** The assignee dropdown: only the ticket team's active members, from the one assignable-users operation. */
function AssigneeSelect({ ticket, onChanged }: { ticket: Ticket; onChanged: (error: unknown) => void }) {
  const client = useQueryClient()
  const options = useQuery(orpc.users.assignable.queryOptions({ input: { teamId: ticket.team?.id } }))
  const assign = useMutation(
    orpc.helpdesk.assignTicket.mutationOptions({
      onSuccess: () => {
        onChanged(null)
        void client.invalidateQueries({ queryKey: orpc.helpdesk.tickets.key() })
      },
      onError: onChanged,
    }),
  )
  const data = [{ value: '', label: 'Unassigned' }, ...(options.data ?? []).map((u) => ({ value: u.id, label: u.name }))]
  // A current assignee who is no longer assignable (deactivated, or out of the team) still shows, marked.
  if (ticket.assignee && !data.some((o) => o.value === ticket.assignee!.id)) {
    const why = !ticket.assignee.active ? ' (deactivated)' : !options.data ? '' : ticket.team ? ' (not in this team)' : ' (not assignable)'
    data.push({ value: ticket.assignee.id, label: `${ticket.assignee.name}${why}` })
  }
  return (
    <NativeSelect
      aria-label={`Assignee of ticket ${ticket.number}`}
      data={data}
      value={ticket.assignee?.id ?? ''}
      onChange={(e) => assign.mutate({ ticketId: ticket.id, assigneeId: e.currentTarget.value || null })}
      disabled={assign.isPending}
      size="xs"
      w={200}
    />
  )
}

/**
 * Helpdesk → Tickets: a plain list of the acting tenant's tickets, routed to teams and assigned.
 * Two dropdowns per row are native selects: a page of Mantine comboboxes took seconds to draw.
 */
export function TicketsPage() {
  const me = useSignedInMe()
  const client = useQueryClient()
  const tickets = useQuery(orpc.helpdesk.tickets.queryOptions({ input: {} }))
  const teams = useQuery(orpc.teams.list.queryOptions())
  const setTeam = useMutation(
    orpc.helpdesk.setTicketTeam.mutationOptions({
      onSuccess: () => void client.invalidateQueries({ queryKey: orpc.helpdesk.tickets.key() }),
    }),
  )
  const [assignError, setAssignError] = useState<unknown>(null)
  const canWork = worksTickets(me.user.role)
  const teamOptions = [{ value: '', label: 'No team' }, ...(teams.data ?? []).map((t) => ({ value: t.id, label: t.name }))]

  return (
    <Stack>
      <Title order={1} size="h2">
        Tickets
      </Title>
      <ErrorAlert error={setTeam.error ?? assignError} />
      {tickets.isPending && <Loading label="Loading tickets" />}
      {tickets.isError && <ErrorAlert error={tickets.error} />}
      {tickets.isSuccess && tickets.data.length === 0 && (
        <Text c="dimmed" ta="center" p="lg">
          No tickets yet.
        </Text>
      )}
      {tickets.isSuccess && tickets.data.length > 0 && (
        <Table.ScrollContainer minWidth={900}>
          <Table striped aria-label="Tickets">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>#</Table.Th>
                <Table.Th>Subject</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Team</Table.Th>
                <Table.Th>Assignee</Table.Th>
                <Table.Th>Created</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tickets.data.map((t) => (
                <Table.Tr key={t.id}>
                  <Table.Td>{t.number}</Table.Td>
                  <Table.Td>
                    <AnchorLink to="/helpdesk/tickets/$id" params={{ id: t.id }}>
                      {t.subject}
                    </AnchorLink>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" size="sm">
                      {t.status}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {canWork ? (
                      <NativeSelect
                        aria-label={`Team of ticket ${t.number}`}
                        data={teamOptions}
                        value={t.team?.id ?? ''}
                        onChange={(e) => setTeam.mutate({ ticketId: t.id, teamId: e.currentTarget.value || null })}
                        disabled={setTeam.isPending}
                        size="xs"
                        w={180}
                      />
                    ) : (
                      (t.team?.name ?? '—')
                    )}
                  </Table.Td>
                  <Table.Td>
                    {canWork ? <AssigneeSelect ticket={t} onChanged={setAssignError} /> : t.assignee ? t.assignee.name : 'Unassigned'}
                  </Table.Td>
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
