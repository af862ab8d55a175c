import { Badge, Button, Card, Group, Select, Stack, Table, Text, Title } from '@mantine/core'
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import type { TeamDetail, TeamRole } from '../../../../shared/contract'
import { ErrorAlert } from '../../components/form-parts'
import { AnchorLink } from '../../components/links'
import { Loading } from '../../components/loading'
import { TenantConfirmModal } from '../../components/tenant-confirm'
import { orpc } from '../../lib/bridge'
import { useSearchTerm } from '../../lib/search-term'
import { useSignedInMe } from '../../lib/session'
import { TeamSignature } from './team-signature'

const TEAM_ROLES = [
  { value: 'MEMBER', label: 'MEMBER' },
  { value: 'MANAGER', label: 'MANAGER' },
]

/** Add members: a searchable picker of the tenant's active users, with a team role. */
function AddMember({ team, onChange }: { team: TeamDetail; onChange: (t: TeamDetail) => void }) {
  const [search, setSearch] = useState('')
  const debounced = useSearchTerm(search.trim())
  const [userId, setUserId] = useState<string | null>(null)
  const [role, setRole] = useState<TeamRole>('MEMBER')
  const candidates = useQuery(
    orpc.users.assignable.queryOptions({ input: { search: debounced || undefined }, placeholderData: keepPreviousData }),
  )
  const add = useMutation(
    orpc.teams.setMember.mutationOptions({
      onSuccess: (updated) => {
        onChange(updated)
        setUserId(null)
        setSearch('')
      },
    }),
  )
  const members = new Set(team.members.map((m) => m.userId))
  return (
    <Stack gap="xs">
      <Group align="flex-end">
        <Select
          label="Add member"
          placeholder="Search active users"
          searchable
          searchValue={search}
          onSearchChange={setSearch}
          filter={({ options }) => options}
          data={(candidates.data ?? [])
            .filter((u) => !members.has(u.id))
            .map((u) => ({ value: u.id, label: u.name, description: u.email }))}
          value={userId}
          onChange={setUserId}
          nothingFoundMessage="No active user matches"
          w={280}
        />
        <Select label="Team role" data={TEAM_ROLES} value={role} onChange={(v) => setRole(v as TeamRole)} allowDeselect={false} w={150} />
        <Button onClick={() => userId && add.mutate({ teamId: team.id, userId, role })} disabled={!userId} loading={add.isPending}>
          Add
        </Button>
      </Group>
      <ErrorAlert error={add.error} />
    </Stack>
  )
}

/** A team: its members with MEMBER or MANAGER roles, and its signature. */
export function TeamPage({ id }: { id: string }) {
  const me = useSignedInMe()
  const client = useQueryClient()
  const team = useQuery(orpc.teams.get.queryOptions({ input: { id } }))
  const [removing, setRemoving] = useState<{ userId: string; name: string } | null>(null)
  const [error, setError] = useState<unknown>(null)
  const changed = (t: TeamDetail) => {
    client.setQueryData(orpc.teams.get.queryKey({ input: { id } }), t)
    void client.invalidateQueries({ queryKey: orpc.teams.list.key() })
    setError(null)
  }
  // A MANAGER runs the team's members; only an ADMIN demotes or removes a MANAGER.
  const mayChange = (m: { role: TeamRole }) => (m.role === 'MANAGER' ? team.data?.canEdit : team.data?.canManage) ?? false
  const setRole = useMutation(orpc.teams.setMember.mutationOptions({ onSuccess: changed, onError: setError }))
  const remove = useMutation(
    orpc.teams.removeMember.mutationOptions({
      onSuccess: (t) => {
        changed(t)
        setRemoving(null)
      },
      onError: setError,
    }),
  )

  if (team.isPending) return <Loading label="Loading team" p="xl" />
  if (team.isError) return <ErrorAlert error={team.error} />
  const t = team.data
  return (
    <Stack maw={900}>
      <AnchorLink to="/admin/helpdesk/teams">← Teams</AnchorLink>
      <div>
        <Title order={1} size="h2">
          {t.name}
        </Title>
        {t.description && <Text c="dimmed">{t.description}</Text>}
      </div>
      <ErrorAlert error={error} onClose={() => setError(null)} />
      <Card withBorder>
        <Stack>
          <Title order={2} size="h4">
            Members
          </Title>
          {t.members.length === 0 ? (
            <Text c="dimmed" size="sm">
              No members yet.
            </Text>
          ) : (
            <Table aria-label="Members">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Email</Table.Th>
                  <Table.Th>Team role</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {t.members.map((m) => (
                  <Table.Tr key={m.userId}>
                    <Table.Td>
                      {m.name}{' '}
                      {!m.active && (
                        <Badge color="gray" variant="light" size="sm">
                          Deactivated
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>{m.email}</Table.Td>
                    <Table.Td>
                      {mayChange(m) ? (
                        <Select
                          aria-label={`Team role of ${m.name}`}
                          data={TEAM_ROLES}
                          value={m.role}
                          onChange={(role) =>
                            role && role !== m.role && setRole.mutate({ teamId: id, userId: m.userId, role: role as TeamRole })
                          }
                          allowDeselect={false}
                          w={140}
                          size="xs"
                        />
                      ) : (
                        m.role
                      )}
                    </Table.Td>
                    <Table.Td>
                      {mayChange(m) && (
                        <Button
                          size="xs"
                          variant="subtle"
                          color="red"
                          aria-label={`Remove ${m.name}`}
                          onClick={() => setRemoving({ userId: m.userId, name: m.name })}
                        >
                          Remove
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {t.canManage && <AddMember team={t} onChange={changed} />}
        </Stack>
      </Card>
      <TeamSignature key={t.id} me={me} team={t} />
      <TenantConfirmModal
        opened={removing !== null}
        onClose={() => setRemoving(null)}
        title="Remove member?"
        confirmLabel="Remove member"
        loading={remove.isPending}
        onConfirm={() => removing && remove.mutate({ teamId: id, userId: removing.userId })}
      >
        <Text>
          {removing?.name} will leave {t.name} and no longer be offered for its tickets.
        </Text>
      </TenantConfirmModal>
    </Stack>
  )
}
