import { Badge, Button, Checkbox, Group, Loader, Select, Table, Text, Title } from '@mantine/core'
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query'
import { getRouteApi } from '@tanstack/react-router'
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
import { INVITATION_AGE_DAYS, type InvitationsSearch } from '../../router/search'
import { BulkSummary, TenantFilter, tenantOption, type Bulk } from './all-invitations-parts'
import { InvitationExpiry } from './invitations-table'

const STATUS_OPTIONS = [
  { value: 'all', label: 'Pending and expired' },
  { value: 'pending', label: 'Pending' },
  { value: 'expired', label: 'Expired' },
]
const AGE_OPTIONS = [
  { value: '', label: 'Any age' },
  ...INVITATION_AGE_DAYS.map((days) => ({ value: String(days), label: `Sent over ${days} day${days === 1 ? '' : 's'} ago` })),
]

// The filters live in the address: back, forward and a reload keep them (router/search.ts reads them).
const allInvitationsRoute = getRouteApi('/console/admin/invitations')

/** Admin → All Invitations (issue 20): open invitations across the tenants this user may act in, with bulk Resend and Revoke. */
export function AllInvitationsPage() {
  const me = useSignedInMe()
  const client = useQueryClient()
  const search = allInvitationsRoute.useSearch()
  const navigate = allInvitationsRoute.useNavigate()
  // Only members of the Admin Tenant choose an organisation; for others the queue is their tenant's.
  const tenantId = me.canSwitchTenant ? (search.tenantId ?? null) : null
  const [selected, setSelected] = useState<Map<string, QueuedInvitation>>(new Map())
  const [confirming, setConfirming] = useState<Bulk | null>(null)
  const [summary, setSummary] = useState<{ action: Bulk; results: BulkInvitationResult[]; emails: Map<string, string> } | null>(null)

  const filters = { tenantId: tenantId ?? undefined, role: search.role, status: search.status, minAgeDays: search.minAgeDays }
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
  // A change of filter forgets the selection: what is selected is always on screen.
  const refine = (change: Partial<InvitationsSearch>) => {
    void navigate({ search: (prev) => ({ ...prev, ...change }), replace: true })
    setSelected(new Map())
  }
  const knownTenant = rows.find((r) => r.tenant.id === tenantId)?.tenant

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
        {me.canSwitchTenant && (
          <TenantFilter
            value={tenantId}
            known={knownTenant ? tenantOption(knownTenant) : null}
            onChange={(id) => refine({ tenantId: id ?? undefined })}
          />
        )}
        <Select
          label="Role"
          placeholder="All roles"
          clearable
          w={180}
          data={ALL_ROLE_OPTIONS}
          value={search.role ?? null}
          onChange={(value) => refine({ role: (value as Role | null) ?? undefined })}
        />
        <Select
          label="Status"
          w={200}
          allowDeselect={false}
          data={STATUS_OPTIONS}
          value={search.status}
          onChange={(value) => refine({ status: (value as InvitationsSearch['status'] | null) ?? 'all' })}
        />
        <Select
          label="Age"
          w={210}
          allowDeselect={false}
          data={AGE_OPTIONS}
          value={search.minAgeDays === undefined ? '' : String(search.minAgeDays)}
          onChange={(value) => refine({ minAgeDays: INVITATION_AGE_DAYS.find((days) => String(days) === value) })}
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
