import { Alert, Button, Group, List, Modal, Radio, Select, Stack, Text, Title } from '@mantine/core'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useSlugConfirmation, useSlugToConfirm } from '../../components/tenant-confirm'
import type { DeactivationImpact, Handover, UserDetail } from '../../../../shared/contract'
import { ErrorAlert } from '../../components/form-parts'
import { Loading } from '../../components/loading'
import { orpc } from '../../lib/bridge'
import { notify } from '../../lib/notices'
import { appointedSentence, ManagerSuccessors, managedTeams, withoutAppointment, type Successors } from './manager-successors'

type Choice = 'team' | 'user' | 'queue' | 'keep'
type Done = { user: UserDetail; ticketsMoved: number; sessionsEnded: number; to: string; appointed: string }

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

/** What happened, in one sentence: said in the dialog and in the notice. */
function summary({ user, ticketsMoved, sessionsEnded, to, appointed }: Done): string {
  const moved = ticketsMoved > 0 ? ` ${plural(ticketsMoved, 'open ticket')} moved to ${to}.` : ''
  return `${user.name} is deactivated.${moved}${appointed} ${plural(sessionsEnded, 'session')} ended.`
}

/** The one team all open tickets belong to, if they share one: its members are offered first. */
function sharedTeam(impact: DeactivationImpact) {
  const teams = new Set(impact.openTickets.map((t) => t.team?.id ?? null))
  const only = impact.openTickets[0]?.team
  return teams.size === 1 && only && impact.openTicketCount === impact.openTickets.length ? only : null
}

/**
 * Switching Active off: what deactivating touches, where their open tickets go, then what happened.
 * Deactivation and the handover are one transaction on the server: all of it, or nothing.
 */
export function DeactivateUserModal({ user, onClose }: { user: { id: string; name: string }; onClose: (deactivated: boolean) => void }) {
  const impact = useQuery(orpc.users.deactivationImpact.queryOptions({ input: { id: user.id } }))
  return (
    <Modal opened onClose={() => onClose(false)} title={`Deactivate ${user.name}?`} size="lg">
      {impact.isPending ? (
        <Loading label="Loading what deactivation touches" />
      ) : impact.isError ? (
        <Stack>
          <ErrorAlert error={impact.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => onClose(false)}>
              Cancel
            </Button>
          </Group>
        </Stack>
      ) : (
        <Handover impact={impact.data} onClose={onClose} />
      )}
    </Modal>
  )
}

function Handover({ impact, onClose }: { impact: DeactivationImpact; onClose: (deactivated: boolean) => void }) {
  const client = useQueryClient()
  const team = sharedTeam(impact)
  const hasTickets = impact.openTicketCount > 0
  const [choice, setChoice] = useState<Choice>(hasTickets ? (team ? 'team' : 'queue') : 'keep')
  const [assigneeId, setAssigneeId] = useState<string | null>(null)
  const [successors, setSuccessors] = useState<Successors>({})
  const [done, setDone] = useState<Done | null>(null)
  // Outside the home tenant, deactivating asks for the tenant's slug too.
  const slug = useSlugConfirmation(useSlugToConfirm())
  const picking = choice === 'team' || choice === 'user'
  const candidates = useQuery({
    ...orpc.users.assignable.queryOptions({ input: choice === 'team' && team ? { teamId: team.id } : {} }),
    enabled: hasTickets && picking,
  })
  const options = (candidates.data ?? [])
    .filter((u) => u.id !== impact.user.id)
    .map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }))
  const deactivate = useMutation(
    orpc.users.deactivate.mutationOptions({
      onSuccess: (r) => {
        const to = choice === 'queue' ? 'the team queue' : (candidates.data?.find((u) => u.id === assigneeId)?.name ?? 'the chosen user')
        const result = { ...r, to, appointed: appointedSentence(impact, successors) }
        setDone(result)
        client.setQueryData(orpc.users.get.queryKey({ input: { id: r.user.id } }), r.user)
        void client.invalidateQueries({ queryKey: orpc.users.list.key() })
        void client.invalidateQueries({ queryKey: orpc.helpdesk.tickets.key() })
        notify({ message: summary(result) })
      },
    }),
  )

  if (done) {
    return (
      <Stack>
        <Alert color="green" title="Deactivated" role="status">
          {summary(done)}
        </Alert>
        <Group justify="flex-end">
          <Button onClick={() => onClose(true)} data-autofocus>
            Done
          </Button>
        </Group>
      </Stack>
    )
  }

  const handover: Handover | undefined =
    choice === 'queue' ? { to: 'queue' } : picking && assigneeId ? { to: 'user', assigneeId } : undefined
  const ready = (!picking || !!assigneeId) && slug.confirmed
  const managerOf = managedTeams(impact)
  const managers = Object.entries(successors).flatMap(([teamId, userId]) => (userId ? [{ teamId, userId }] : []))

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        if (ready) deactivate.mutate({ id: impact.user.id, ...(handover ? { handover } : {}), ...(managers.length ? { managers } : {}) })
      }}
    >
      <Stack>
        <Text size="sm">
          They are signed out everywhere, cannot sign in, and leave every assignee list. Closed tickets, comments and time entries keep
          their author.
        </Text>
        <ErrorAlert error={deactivate.error} />
        <section aria-labelledby="impact-title">
          <Title order={3} size="h5" id="impact-title" mb="xs">
            What this touches
          </Title>
          <List size="sm" spacing={4} aria-label="What deactivation touches">
            <List.Item>
              {plural(impact.openTicketCount, 'open ticket')} assigned
              {impact.openTickets.length > 0 &&
                `: ${impact.openTickets.map((t) => `#${t.number} ${t.subject}${t.team ? ` (${t.team.name})` : ''}`).join(', ')}`}
              {impact.openTicketCount > impact.openTickets.length && ` and ${impact.openTicketCount - impact.openTickets.length} more`}
            </List.Item>
            <List.Item>
              {impact.teams.length === 0
                ? 'In no team'
                : `${plural(impact.teams.length, 'team')}: ${impact.teams.map((t) => (t.role === 'MANAGER' ? `${t.name} (MANAGER)` : t.name)).join(', ')}`}
              {managerOf.length > 0 && ` — unless another member is appointed below, ${managerOf.map(withoutAppointment).join(', ')}`}
            </List.Item>
            <List.Item>
              {impact.signatures.length === 0
                ? 'No team signature names them'
                : `Team signatures that name them: ${impact.signatures.map((t) => t.name).join(', ')}`}
            </List.Item>
            <List.Item>{plural(impact.liveSessions, 'live session')} will end</List.Item>
          </List>
        </section>
        {hasTickets && (
          <Radio.Group
            label="Their open tickets go to"
            value={choice}
            onChange={(v) => {
              setChoice(v as Choice)
              setAssigneeId(null)
            }}
          >
            <Stack gap="xs" mt="xs">
              {team && <Radio value="team" label={`An active member of ${team.name}`} />}
              <Radio value="user" label="Another active user" />
              <Radio value="queue" label="The team queue (unassigned, team kept)" />
              <Radio value="keep" label="Nobody: they stay assigned to them" />
            </Stack>
          </Radio.Group>
        )}
        {hasTickets && picking && (
          <Select
            label="Assignee"
            placeholder={candidates.isPending ? 'Loading…' : 'Choose who takes them'}
            data={options}
            value={assigneeId}
            onChange={setAssigneeId}
            searchable
            required
            nothingFoundMessage="Nobody who can take work"
            error={candidates.isError ? 'Could not load who can take work.' : undefined}
          />
        )}
        <ManagerSuccessors impact={impact} value={successors} onChange={setSuccessors} />
        {slug.field}
        <Group justify="flex-end">
          <Button variant="default" onClick={() => onClose(false)}>
            Cancel
          </Button>
          <Button type="submit" color="red" loading={deactivate.isPending} disabled={!ready}>
            Deactivate
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
