import { Alert, Anchor, Badge, Button, Card, Group, Loader, Select, SimpleGrid, Stack, Switch, Table, Text, Title } from '@mantine/core'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { mayHandle } from '../../../../shared/access'
import { type Me, type Role, type UserDetail } from '../../../../shared/contract'
import { Loading } from '../../components/loading'
import { toAppError } from '../../../../shared/errors'
import { rpc } from '../../lib/bridge'
import { formatDateTime, grantableRoles, roleLabel, ROLE_OPTIONS, SUPER_ADMIN_ONLY } from '../../lib/format'
import { href } from '../../lib/router'

function History({ history }: { history: UserDetail['history'] }) {
  return (
    <SimpleGrid cols={{ base: 1, lg: 3 }}>
      <Card withBorder>
        <Title order={3} size="h5" mb="xs">
          Tickets
        </Title>
        {history.tickets.length === 0 ? (
          <Text c="dimmed" size="sm">
            No tickets.
          </Text>
        ) : (
          <Table aria-label="Tickets">
            <Table.Tbody>
              {history.tickets.map((t) => (
                <Table.Tr key={t.id}>
                  <Table.Td>#{t.number}</Table.Td>
                  <Table.Td>{t.subject}</Table.Td>
                  <Table.Td>
                    <Text size="xs" c="dimmed">
                      {t.relation}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
      <Card withBorder>
        <Title order={3} size="h5" mb="xs">
          Comments
        </Title>
        {history.comments.length === 0 ? (
          <Text c="dimmed" size="sm">
            No comments.
          </Text>
        ) : (
          <Stack gap="xs" aria-label="Comments">
            {history.comments.map((c) => (
              <Text key={c.id} size="sm">
                <b>#{c.ticketNumber}</b> {c.excerpt}
              </Text>
            ))}
          </Stack>
        )}
      </Card>
      <Card withBorder>
        <Title order={3} size="h5" mb="xs">
          Time entries · {Math.floor(history.totalMinutes / 60)} h {history.totalMinutes % 60} min
        </Title>
        {history.timeEntries.length === 0 ? (
          <Text c="dimmed" size="sm">
            No time recorded.
          </Text>
        ) : (
          <Table aria-label="Time entries">
            <Table.Tbody>
              {history.timeEntries.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>#{e.ticketNumber}</Table.Td>
                  <Table.Td>{e.minutes} min</Table.Td>
                  <Table.Td>{e.note}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
    </SimpleGrid>
  )
}

/** A user's profile in Admin → Users: Role, Active, Save; Send Password Reset; their work. */
export function UserPage({ me, id }: { me: Me; id: string }) {
  const user = useQuery({ queryKey: ['users', 'get', id], queryFn: () => rpc.users.get({ id }) })
  if (user.isPending) {
    return <Loading label="Loading user" p="xl" />
  }
  if (user.isError) {
    return (
      <Stack>
        <Anchor href={href('/admin/users')}>← Users</Anchor>
        <Alert color="red" role="alert">
          {toAppError(user.error).message}
        </Alert>
      </Stack>
    )
  }
  // Role and Active start from the copy on screen; a later fetch never resets what the admin changed.
  return <UserProfile key={user.data.id} me={me} user={user.data} refreshing={user.isFetching} />
}

function UserProfile({ me, user: u, refreshing }: { me: Me; user: UserDetail; refreshing: boolean }) {
  const client = useQueryClient()
  const [role, setRole] = useState<Role>(u.role)
  const [active, setActive] = useState(u.active)
  const [notice, setNotice] = useState<{ color: string; text: string } | null>(null)

  const save = useMutation({
    mutationFn: () => rpc.users.update({ id: u.id, role, active }),
    onSuccess: (updated) => {
      setRole(updated.role)
      setActive(updated.active)
      client.setQueryData(['users', 'get', updated.id], updated)
      void client.invalidateQueries({ queryKey: ['users', 'list'] })
      setNotice({
        color: 'green',
        text: `Saved. ${updated.name} is ${updated.active ? 'active' : 'deactivated'} with role ${roleLabel(updated.role)}.`,
      })
    },
    onError: (error) => setNotice({ color: 'red', text: toAppError(error).message }),
  })
  const reset = useMutation({
    mutationFn: () => rpc.users.sendPasswordReset({ id: u.id }),
    onSuccess: (d) =>
      setNotice({
        color: 'green',
        text:
          d.via === 'smtp'
            ? `A password reset link valid for 1 hour was emailed to ${d.to}.`
            : `A password reset email for ${d.to} is in the Outbox (no mail server configured). Its link is valid for 1 hour.`,
      }),
    onError: (error) => setNotice({ color: 'red', text: toAppError(error).message }),
  })

  const self = u.id === me.user.id
  const guarded = !mayHandle(me.user.role, u.role)
  const dirty = role !== u.role || active !== u.active
  const grantable = grantableRoles(me)
  // Keep the user's current role visible even where this admin could not grant it.
  const roleOptions = grantable.some((o) => o.value === u.role)
    ? grantable
    : [...grantable, ...ROLE_OPTIONS.filter((o) => o.value === u.role)]

  return (
    <Stack>
      <Anchor href={href('/admin/users')}>← Users</Anchor>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} size="h2">
            {u.name}
          </Title>
          <Text c="dimmed">{u.email}</Text>
        </div>
        <Group gap="xs">
          {refreshing && <Loader size="xs" aria-label="Refreshing user" />}
          <Badge size="lg" color={u.active ? 'green' : 'gray'} variant="light">
            {u.active ? 'Active' : 'Deactivated'}
          </Badge>
        </Group>
      </Group>
      {notice && (
        <Alert color={notice.color} role={notice.color === 'red' ? 'alert' : 'status'} withCloseButton onClose={() => setNotice(null)}>
          {notice.text}
        </Alert>
      )}
      <Card withBorder maw={560}>
        <Stack>
          <Text size="sm" c="dimmed">
            Member since {formatDateTime(u.createdAt)} · last sign-in {formatDateTime(u.lastSignInAt)}
          </Text>
          <Select
            label="Role"
            data={roleOptions}
            value={role}
            onChange={(v) => setRole(v as Role)}
            allowDeselect={false}
            disabled={self || guarded}
          />
          <Switch
            label="Active"
            description={
              !active && u.active
                ? 'On Save they are signed out everywhere, cannot sign in, and leave every assignee list. Their work stays.'
                : 'Deactivated users cannot sign in and are excluded from assignee dropdowns.'
            }
            checked={active}
            onChange={(e) => setActive(e.currentTarget.checked)}
            disabled={self || guarded}
          />
          {self && (
            <Text size="sm" c="dimmed">
              You cannot change your own role or deactivate yourself.
            </Text>
          )}
          {guarded && (
            <Text size="sm" c="dimmed">
              {SUPER_ADMIN_ONLY}
            </Text>
          )}
          <Group>
            <Button onClick={() => save.mutate()} disabled={!dirty} loading={save.isPending}>
              Save
            </Button>
            <Button variant="default" onClick={() => reset.mutate()} loading={reset.isPending} disabled={!u.active || guarded}>
              Send Password Reset
            </Button>
          </Group>
        </Stack>
      </Card>
      <Title order={2} size="h4">
        Work history
      </Title>
      <History history={u.history} />
    </Stack>
  )
}
