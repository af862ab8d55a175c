import { Badge, Button, Checkbox, Group, List, Loader, Select, Table, Text, Title } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { mayHandle } from '../../../../shared/access'
import type { BulkInvitationResult, QueuedInvitation, Role } from '../../../../shared/contract'
import { ErrorAlert } from '../../components/form-parts'
import { Loading } from '../../components/loading'
import { TenantConfirmModal } from '../../components/tenant-confirm'
import { orpc } from '../../lib/bridge'
import { ALL_ROLE_OPTIONS, formatDateTime, roleLabel, SUPER_ADMIN_ONLY } from '../../lib/format'
import { KEYSET_PAGING } from '../../lib/lists'
import { useSignedInMe } from '../../lib/session'
import { slugQuestionForTenants } from '../../lib/slug-question'
import { InvitationExpiry } from './invitations-table'

type Status = 'all' | 'pending' | 'expired'
type Bulk = 'resend' | 'revoke'

const ALL_ORGANISATIONS = 'All organisations'

const STATUS_OPTIONS = [
  { value: 'all', label: 'Pending and expired' },
  { value: 'pending', label: 'Pending' },
  { value: 'expired', label: 'Expired' },
]
const AGE_OPTIONS = [
  { value: '', label: 'Any age' },
  { value: '1', label: 'Sent over 1 day ago' },
  { value: '3', label: 'Sent over 3 days ago' },
  { value: '7', label: 'Sent over 7 days ago' },
]

/** The organisations a member of the Admin Tenant may filter by: the tenant switcher's list, searched. */
function TenantFilter({ value, onChange }: { value: string | null; onChange: (id: string | null) => void }) {
  const [search, setSearch] = useState('')
  const [chosen, setChosen] = useState<{ value: string; label: string } | null>(null)
  // The box shows the chosen organisation's name: that is not a search.
  const typed = search.trim() === (chosen?.label ?? ALL_ORGANISATIONS) ? '' : search.trim()
  const [term] = useDebouncedValue(typed, 150)
  const tenants = useQuery(orpc.auth.switchableTenants.queryOptions({ input: { search: term || undefined } }))
  const options = (tenants.data ?? []).map((t) => ({ value: t.id, label: `${t.name} (${t.slug})` }))
  if (chosen && !options.some((o) => o.value === chosen.value)) options.unshift(chosen)
  return (
    <Select
      label="Organisation"
      searchable
      allowDeselect={false}
      w={260}
      data={[{ value: '', label: ALL_ORGANISATIONS }, ...options]}
      value={value ?? ''}
      searchValue={search}
      onSearchChange={setSearch}
      onChange={(id, option) => {
        setChosen(id ? option : null)
        onChange(id || null)
      }}
      nothingFoundMessage="No organisation matches"
    />
  )
}

/** Admin → All Invitations (issue 20): open invitations across the tenants this user may act in, with bulk Resend and Revoke. */
export function AllInvitationsPage() {
  const me = useSignedInMe()
  const client = useQueryClient()
  const [tenantId, setTenantId] = useState<string | null>(null)
  const [role, setRole] = useState<Role | null>(null)
  const [status, setStatus] = useState<Status>('all')
  const [age, setAge] = useState('')
  const [selected, setSelected] = useState<Map<string, QueuedInvitation>>(new Map())
  const [confirming, setConfirming] = useState<Bulk | null>(null)
  const [summary, setSummary] = useState<{ action: Bulk; results: BulkInvitationResult[]; emails: Map<string, string> } | null>(null)

  const filters = {
    tenantId: tenantId ?? undefined,
    role: role ?? undefined,
    status,
    minAgeDays: age ? Number(age) : undefined,
  }
  const query = useInfiniteQuery(
    orpc.invitations.queue.infiniteOptions({
      input: (cursor: string | undefined) => ({ ...filters, cursor, limit: 50 }),
      ...KEYSET_PAGING,
    }),
  )
  const rows = query.data?.pages.flatMap((p) => p.items) ?? []
  const actionable = rows.filter((r) => mayHandle(me.user.role, r.role))

  const finished = (action: Bulk) => (answer: { results: BulkInvitationResult[] }) => {
    setSummary({
      action,
      results: answer.results,
      emails: new Map([...selected.values()].map((i) => [i.id, `${i.email} (${i.tenant.name})`])),
    })
    setSelected(new Map())
    setConfirming(null)
  }
  const settled = () => client.invalidateQueries({ queryKey: orpc.invitations.key() })
  const resendMany = useMutation(orpc.invitations.resendMany.mutationOptions({ onSuccess: finished('resend'), onSettled: settled }))
  const revokeMany = useMutation(orpc.invitations.revokeMany.mutationOptions({ onSuccess: finished('revoke'), onSettled: settled }))
  const running = confirming === 'revoke' ? revokeMany : resendMany

  const toggle = (invitation: QueuedInvitation, on: boolean) =>
    setSelected((current) => {
      const next = new Map(current)
      if (on) next.set(invitation.id, invitation)
      else next.delete(invitation.id)
      return next
    })
  const allShownSelected = actionable.length > 0 && actionable.every((r) => selected.has(r.id))
  const filterChanged =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value)
      setSelected(new Map())
    }

  return (
    <>
      <Title order={1} size="h2" mb="md">
        All Invitations
      </Title>
      <Text c="dimmed" mb="md">
        {me.canSwitchTenant
          ? 'Pending and expired invitations of every organisation, soonest to expire first.'
          : `Pending and expired invitations of ${me.actingTenant.name}, soonest to expire first.`}
      </Text>
      <Group mb="md" align="flex-end">
        {me.canSwitchTenant && <TenantFilter value={tenantId} onChange={filterChanged(setTenantId)} />}
        <Select
          label="Role"
          placeholder="All roles"
          clearable
          w={180}
          data={ALL_ROLE_OPTIONS}
          value={role}
          onChange={(value) => filterChanged(setRole)(value as Role | null)}
        />
        <Select
          label="Status"
          w={200}
          allowDeselect={false}
          data={STATUS_OPTIONS}
          value={status}
          onChange={(value) => filterChanged(setStatus)((value as Status | null) ?? 'all')}
        />
        <Select
          label="Age"
          w={210}
          allowDeselect={false}
          data={AGE_OPTIONS}
          value={age}
          onChange={(value) => filterChanged(setAge)(value ?? '')}
        />
        {query.isFetching && <Loader size="sm" aria-label="Loading invitations" />}
      </Group>
      <Group mb="md">
        <Button disabled={selected.size === 0} onClick={() => setConfirming('resend')}>
          Resend ({selected.size})
        </Button>
        <Button color="red" variant="light" disabled={selected.size === 0} onClick={() => setConfirming('revoke')}>
          Revoke ({selected.size})
        </Button>
      </Group>
      {summary && <BulkSummary {...summary} onClose={() => setSummary(null)} />}
      {query.isPending ? (
        <Loading label="Loading invitations" />
      ) : query.isError ? (
        <ErrorAlert error={query.error} />
      ) : rows.length === 0 ? (
        <Text c="dimmed" ta="center" p="lg">
          No invitations match these filters.
        </Text>
      ) : (
        <>
          <Table.ScrollContainer minWidth={860}>
            <Table striped aria-label="All invitations">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={40}>
                    <Checkbox
                      aria-label="Select all invitations shown"
                      checked={allShownSelected}
                      indeterminate={!allShownSelected && actionable.some((r) => selected.has(r.id))}
                      onChange={(event) => {
                        const on = event.currentTarget.checked
                        setSelected((current) => {
                          const next = new Map(current)
                          for (const r of actionable) {
                            if (on) next.set(r.id, r)
                            else next.delete(r.id)
                          }
                          return next
                        })
                      }}
                    />
                  </Table.Th>
                  <Table.Th>Email</Table.Th>
                  <Table.Th>Organisation</Table.Th>
                  <Table.Th>Role</Table.Th>
                  <Table.Th>Sent</Table.Th>
                  <Table.Th>Expires</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((inv) => (
                  <Table.Tr key={inv.id}>
                    <Table.Td>
                      {mayHandle(me.user.role, inv.role) ? (
                        <Checkbox
                          aria-label={`Select invitation to ${inv.email} (${inv.tenant.name})`}
                          checked={selected.has(inv.id)}
                          onChange={(event) => toggle(inv, event.currentTarget.checked)}
                        />
                      ) : (
                        <Text size="xs" c="dimmed" title={SUPER_ADMIN_ONLY}>
                          —
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {inv.email}{' '}
                      {inv.sendError && (
                        <Badge color="red" variant="light" title={inv.sendError}>
                          Not sent
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>{inv.tenant.name}</Table.Td>
                    <Table.Td>{roleLabel(inv.role)}</Table.Td>
                    <Table.Td>{formatDateTime(inv.sentAt)}</Table.Td>
                    <Table.Td>
                      <InvitationExpiry invitation={inv} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Group justify="space-between" mt="sm">
            <Text size="sm" c="dimmed">
              Showing {rows.length}
            </Text>
            {query.hasNextPage && (
              <Button variant="default" onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage}>
                Load more
              </Button>
            )}
          </Group>
        </>
      )}
      <TenantConfirmModal
        opened={confirming !== null}
        onClose={() => setConfirming(null)}
        title={confirming === 'revoke' ? 'Revoke invitations?' : 'Resend invitations?'}
        confirmLabel={confirming === 'revoke' ? 'Revoke invitations' : 'Resend invitations'}
        destructive={confirming === 'revoke'}
        // Rows of tenants other than the home one: type the slug (one tenant) or how many tenants.
        question={slugQuestionForTenants(
          me.homeTenant.id,
          [...selected.values()].map((i) => i.tenant),
        )}
        loading={running.isPending}
        onConfirm={() => running.mutate({ ids: [...selected.keys()] })}
      >
        <Text>
          {confirming === 'revoke'
            ? `${selected.size} invitation(s) will be withdrawn and their links will stop working.`
            : `${selected.size} invitation(s) will be emailed again with new links valid for 7 days; the old links stop working.`}
        </Text>
        {running.isError && <ErrorAlert error={running.error} />}
      </TenantConfirmModal>
    </>
  )
}

/** What a bulk action did: done, and failed with the reason per row. */
function BulkSummary({
  action,
  results,
  emails,
  onClose,
}: {
  action: Bulk
  results: BulkInvitationResult[]
  emails: Map<string, string>
  onClose: () => void
}) {
  const done = results.filter((r) => r.ok)
  const failed = results.filter((r) => !r.ok)
  const verb = action === 'resend' ? 'Resent' : 'Revoked'
  return (
    <section aria-label="Bulk action summary" style={{ marginBottom: 'var(--mantine-spacing-md)' }}>
      <Group justify="space-between">
        <Text fw={600} role="status">
          {verb}: {done.length} done, {failed.length} failed.
        </Text>
        <Button variant="subtle" size="xs" onClick={onClose}>
          Dismiss summary
        </Button>
      </Group>
      {failed.length > 0 && (
        <List size="sm" mt="xs" aria-label="Failed invitations">
          {failed.map((r) => (
            <List.Item key={r.id}>
              {emails.get(r.id) ?? r.id}: {r.message}
            </List.Item>
          ))}
        </List>
      )}
    </section>
  )
}
