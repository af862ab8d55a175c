import { Badge, Button, Card, Group, Loader, Select, SimpleGrid, Stack, Switch, Table, Text, Title } from '@mantine/core'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, type ReactNode } from 'react'
import { grantableRoles, mayHandle } from '../../../../shared/access'
import { type Me, type Role, type UserDetail } from '../../../../shared/contract'
import { ErrorAlert } from '../../components/form-parts'
import { AnchorLink } from '../../components/links'
import { Loading } from '../../components/loading'
import { orpc } from '../../lib/bridge'
import { ALL_ROLE_OPTIONS, formatDateTime, roleLabel, roleOptions, SUPER_ADMIN_ONLY } from '../../lib/format'
import { notify } from '../../lib/notices'
import { useSignedInMe } from '../../lib/session'
import { TenantConfirmModal } from '../../components/tenant-confirm'
import { DeactivateUserModal } from './deactivate-user.modal'

/** One column of a user's work history: a title, and the entries or what to say when there are none. */
function HistoryCard({ title, empty, children }: { title: string; empty: string | null; children: ReactNode }) {
  return (
    <Card withBorder>
      <Title order={3} size="h5" mb="xs">
        {title}
      </Title>
      {empty ? (
        <Text c="dimmed" size="sm">
          {empty}
        </Text>
      ) : (
        children
      )}
    </Card>
  )
}

function History({ history }: { history: UserDetail['history'] }) {
  return (
    <SimpleGrid cols={{ base: 1, lg: 3 }}>
      <HistoryCard title="Tickets" empty={history.tickets.length === 0 ? 'No tickets.' : null}>
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
      </HistoryCard>
      <HistoryCard title="Comments" empty={history.comments.length === 0 ? 'No comments.' : null}>
        <Stack gap="xs" aria-label="Comments">
          {history.comments.map((c) => (
            <Text key={c.id} size="sm">
              <b>#{c.ticketNumber}</b> {c.excerpt}
            </Text>
          ))}
        </Stack>
      </HistoryCard>
      <HistoryCard
        title={`Time entries · ${Math.floor(history.totalMinutes / 60)} h ${history.totalMinutes % 60} min`}
        empty={history.timeEntries.length === 0 ? 'No time recorded.' : null}
      >
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
      </HistoryCard>
    </SimpleGrid>
  )
}

/**
 * Their second factor, and for a user who lost their device: Reset second factor (never one's own,
 * never a SUPER_ADMIN's by an ADMIN). It removes the app and recovery codes and ends their sessions.
 */
function SecondFactorCard({ user: u, self, guarded }: { user: UserDetail; self: boolean; guarded: boolean }) {
  const client = useQueryClient()
  const [confirming, setConfirming] = useState(false)
  const [failure, setFailure] = useState<unknown>(null)
  const resetFactor = useMutation(
    orpc.users.resetSecondFactor.mutationOptions({
      onMutate: () => setFailure(null),
      onError: (error) => {
        setConfirming(false)
        setFailure(error)
      },
      onSuccess: ({ sessionsEnded }) => {
        setConfirming(false)
        void client.invalidateQueries({ queryKey: orpc.users.get.key() })
        notify({
          message: `${u.name}'s second factor was reset and ${sessionsEnded} session${sessionsEnded === 1 ? '' : 's'} ended. They were emailed, and sign in with their password alone until they set up a second factor again.`,
        })
      },
    }),
  )
  return (
    <Card withBorder maw={560} component="section" aria-labelledby="second-factor-title">
      <Stack gap="xs">
        <Title order={2} size="h5" id="second-factor-title">
          Second factor
        </Title>
        <ErrorAlert error={failure} onClose={() => setFailure(null)} />
        <Text size="sm">
          {u.secondFactor
            ? 'A second factor is set up (an authenticator app or a passkey).'
            : 'No second factor is set up: they sign in with their password alone.'}
        </Text>
        {u.secondFactor && self && (
          <Text size="sm" c="dimmed">
            Your own second factor is managed on Your account.
          </Text>
        )}
        {u.secondFactor && !self && (
          <Group>
            <Button variant="default" color="red" onClick={() => setConfirming(true)} disabled={guarded}>
              Reset second factor
            </Button>
          </Group>
        )}
      </Stack>
      <TenantConfirmModal
        opened={confirming}
        title="Reset second factor?"
        confirmLabel="Reset second factor"
        loading={resetFactor.isPending}
        onConfirm={() => resetFactor.mutate({ id: u.id })}
        onClose={() => setConfirming(false)}
      >
        For a user who lost their device: {u.name}'s authenticator app, passkeys and recovery codes stop working, and they are signed out
        everywhere. They are emailed, and sign in with their password alone until they set up an app again on Your account.
      </TenantConfirmModal>
    </Card>
  )
}

/** "← Users", back to the list with the filters it had. */
function BackToUsers() {
  return (
    <AnchorLink to="/admin/users" search>
      ← Users
    </AnchorLink>
  )
}

/** A user's profile in Admin → Users: Role, Active, Save; Send Password Reset; their work. */
export function UserPage({ id }: { id: string }) {
  const me = useSignedInMe()
  const user = useQuery(orpc.users.get.queryOptions({ input: { id } }))
  if (user.isPending) {
    return <Loading label="Loading user" p="xl" />
  }
  if (user.isError) {
    return (
      <Stack>
        <BackToUsers />
        <ErrorAlert error={user.error} />
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
  const [failure, setFailure] = useState<unknown>(null)
  // Switching Active off shows what deactivation touches, and deactivates from there.
  const [deactivating, setDeactivating] = useState(false)
  const outcome = { onMutate: () => setFailure(null), onError: setFailure }

  const save = useMutation(
    orpc.users.update.mutationOptions({
      ...outcome,
      onSuccess: (updated) => {
        setRole(updated.role)
        setActive(updated.active)
        client.setQueryData(orpc.users.get.queryKey({ input: { id: updated.id } }), updated)
        void client.invalidateQueries({ queryKey: orpc.users.list.key() })
        notify({ message: `Saved. ${updated.name} is ${updated.active ? 'active' : 'deactivated'} with role ${roleLabel(updated.role)}.` })
      },
    }),
  )
  const reset = useMutation(
    orpc.users.sendPasswordReset.mutationOptions({
      ...outcome,
      onSuccess: (d) =>
        notify({
          message:
            d.via === 'smtp'
              ? `A password reset link valid for 1 hour was emailed to ${d.to}.`
              : `A password reset email for ${d.to} is in the Outbox (a demo organisation: its mail never leaves this machine). Its link is valid for 1 hour.`,
        }),
    }),
  )

  const self = u.id === me.user.id
  const guarded = !mayHandle(me.user.role, u.role)
  const dirty = role !== u.role || active !== u.active
  const grantable = roleOptions(grantableRoles(me.user.role, me.actingTenant.isAdminTenant))
  // Keep the user's current role visible even where this admin could not grant it.
  const shownRoles = grantable.some((o) => o.value === u.role)
    ? grantable
    : [...grantable, ...ALL_ROLE_OPTIONS.filter((o) => o.value === u.role)]

  return (
    <Stack>
      <BackToUsers />
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
      <ErrorAlert error={failure} onClose={() => setFailure(null)} />
      <Card withBorder maw={560}>
        <Stack>
          <Text size="sm" c="dimmed">
            Member since {formatDateTime(u.createdAt)} · last sign-in {formatDateTime(u.lastSignInAt)}
          </Text>
          <Select
            label="Role"
            data={shownRoles}
            value={role}
            onChange={(v) => setRole(v as Role)}
            allowDeselect={false}
            disabled={self || guarded}
          />
          <Switch
            label="Active"
            description="Deactivated users cannot sign in and are excluded from assignee dropdowns. Switching it off first shows what it touches."
            checked={active}
            onChange={(e) => {
              const on = e.currentTarget.checked
              setActive(on)
              if (!on && u.active) setDeactivating(true)
            }}
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
            <Button onClick={() => save.mutate({ id: u.id, role, active })} disabled={!dirty} loading={save.isPending}>
              Save
            </Button>
            <Button variant="default" onClick={() => reset.mutate({ id: u.id })} loading={reset.isPending} disabled={!u.active || guarded}>
              Send Password Reset
            </Button>
          </Group>
        </Stack>
      </Card>
      <SecondFactorCard user={u} self={self} guarded={guarded} />
      {deactivating && (
        <DeactivateUserModal
          user={u}
          onClose={(deactivated) => {
            setDeactivating(false)
            if (!deactivated) setActive(true)
          }}
        />
      )}
      <Title order={2} size="h4">
        Work history
      </Title>
      <History history={u.history} />
    </Stack>
  )
}
