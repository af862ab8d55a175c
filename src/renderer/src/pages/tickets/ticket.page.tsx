import { Badge, Group, Stack, Text, Title } from '@mantine/core'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { worksTickets } from '../../../../shared/access'
import { ErrorAlert } from '../../components/form-parts'
import { AnchorLink } from '../../components/links'
import { Loading } from '../../components/loading'
import { orpc } from '../../lib/bridge'
import { formatDateTime } from '../../lib/format'
import { useSignedInMe } from '../../lib/session'
import { ReplyComposer } from './reply-composer'
import { TicketThread } from './ticket-thread'

/** Helpdesk → Tickets → a ticket: who has it, its thread, and Reply / Internal note for those who work tickets. */
export function TicketPage({ id }: { id: string }) {
  const me = useSignedInMe()
  const client = useQueryClient()
  const query = useQuery(orpc.helpdesk.ticket.queryOptions({ input: { id } }))
  return (
    <Stack maw={900}>
      <AnchorLink to="/helpdesk/tickets" size="sm">
        ← Tickets
      </AnchorLink>
      {query.isPending && <Loading label="Loading ticket" />}
      {query.isError && <ErrorAlert error={query.error} title="Could not open the ticket" />}
      {query.data && (
        <>
          <Title order={1} size="h2">
            #{query.data.ticket.number} {query.data.ticket.subject}
          </Title>
          <Group gap="xs">
            <Badge variant="light">{query.data.ticket.status}</Badge>
            <Text size="sm">Team: {query.data.ticket.team?.name ?? 'none'}</Text>
            <Text size="sm">
              · Assignee: {query.data.ticket.assignee?.name ?? 'Unassigned'}
              {query.data.ticket.assignee && !query.data.ticket.assignee.active ? ' (deactivated)' : ''}
            </Text>
            <Text size="sm" c="dimmed">
              · Opened {formatDateTime(query.data.ticket.createdAt)}
            </Text>
          </Group>
          <Title order={2} size="h4">
            Thread
          </Title>
          <TicketThread entries={query.data.entries} />
          {worksTickets(me.user.role) ? (
            <ReplyComposer
              thread={query.data}
              onSent={(updated) => {
                client.setQueryData(orpc.helpdesk.ticket.queryKey({ input: { id } }), updated)
              }}
            />
          ) : (
            <Text c="dimmed">Your role (READ ONLY) can read tickets but not reply.</Text>
          )}
        </>
      )}
    </Stack>
  )
}
