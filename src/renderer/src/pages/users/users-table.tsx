import { Badge, Group, Loader, SegmentedControl, Select, Table, Text, TextInput, UnstyledButton } from '@mantine/core'
import { useInfiniteQuery } from '@tanstack/react-query'
import { getRouteApi } from '@tanstack/react-router'
import { memo } from 'react'
import type { Role, USER_SORTS, UserSummary } from '../../../../shared/contract'
import { ErrorAlert } from '../../components/form-parts'
import { AnchorLink } from '../../components/links'
import { ListFooter } from '../../components/list-footer'
import { Loading } from '../../components/loading'
import { tableRowCount, VirtualRows } from '../../components/virtual-rows'
import { ALL_ROLE_OPTIONS, formatDateTime, roleLabel } from '../../lib/format'
import { keysetRows, useSearchBox } from '../../lib/lists'
import { usersListOptions } from '../../lib/users-list'
import type { UsersSearch } from '../../router/search'

type Sort = (typeof USER_SORTS)[number]

function SortHeader({
  label,
  sort,
  state,
  onSort,
}: {
  label: string
  sort: Sort
  state: { sort: Sort; direction: 'asc' | 'desc' }
  onSort: (s: Sort) => void
}) {
  const active = state.sort === sort
  return (
    <Table.Th aria-sort={active ? (state.direction === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <UnstyledButton onClick={() => onSort(sort)} fw={600} fz="sm">
        {label} {active ? (state.direction === 'asc' ? '▲' : '▼') : ''}
      </UnstyledButton>
    </Table.Th>
  )
}

/**
 * One user's cells. Memoised: typing in the search box, a page arriving or the list refetching
 * re-renders the table, and a row whose user did not change (TanStack Query keeps unchanged rows'
 * objects) is not drawn again.
 */
const UserCells = memo(function UserCells({ user: u, canOpen }: { user: UserSummary; canOpen: boolean }) {
  return (
    <>
      <Table.Td>
        {canOpen ? (
          <AnchorLink to="/admin/users/$id" params={{ id: u.id }} search>
            {u.name}
          </AnchorLink>
        ) : (
          u.name
        )}
      </Table.Td>
      <Table.Td>{u.email}</Table.Td>
      <Table.Td>{roleLabel(u.role)}</Table.Td>
      <Table.Td>
        <Badge color={u.active ? 'green' : 'gray'} variant="light">
          {u.active ? 'Active' : 'Deactivated'}
        </Badge>
      </Table.Td>
      <Table.Td>{formatDateTime(u.lastSignInAt)}</Table.Td>
    </>
  )
})

const usersRoute = getRouteApi('/console/admin/users')

/**
 * Admin → Users: searchable, filterable, sortable, loaded a keyset page at a time. Filters and sort
 * are the address's search params, so opening a user and coming back, or reloading, keeps them.
 */
export function UsersTable({ canOpen }: { canOpen: boolean }) {
  const filters = usersRoute.useSearch()
  const navigate = usersRoute.useNavigate()
  const refine = (change: Partial<UsersSearch>) => void navigate({ search: (prev) => ({ ...prev, ...change }), replace: true })
  const search = useSearchBox(filters.search, (text) => refine({ search: text }))
  const query = useInfiniteQuery(usersListOptions(filters, search.search))
  const order = { sort: filters.sort, direction: filters.direction }
  const onSort = (sort: Sort) => refine({ sort, direction: order.sort === sort && order.direction === 'asc' ? 'desc' : 'asc' })
  const { rows, total, count } = keysetRows(query.data)

  return (
    <>
      <Group mb="md" align="flex-end" wrap="wrap">
        <TextInput label="Search" placeholder="Name or email" {...search.box} w={260} />
        <Select
          label="Role"
          placeholder="All roles"
          data={ALL_ROLE_OPTIONS}
          value={filters.role ?? null}
          onChange={(v) => refine({ role: (v as Role | null) ?? undefined })}
          clearable
          w={180}
        />
        <SegmentedControl
          aria-label="Status"
          value={filters.status}
          onChange={(v) => refine({ status: v as UsersSearch['status'] })}
          data={[
            { value: 'all', label: 'All' },
            { value: 'active', label: 'Active' },
            { value: 'inactive', label: 'Deactivated' },
          ]}
        />
        {query.isFetching && <Loader size="sm" aria-label="Loading users" />}
      </Group>
      {query.error ? (
        <ErrorAlert error={query.error} />
      ) : (
        <>
          <Table.ScrollContainer minWidth={720}>
            <Table striped highlightOnHover aria-label="Users" aria-rowcount={tableRowCount(rows.length, count)}>
              <Table.Thead>
                <Table.Tr aria-rowindex={1}>
                  <SortHeader label="Name" sort="name" state={order} onSort={onSort} />
                  <SortHeader label="Email" sort="email" state={order} onSort={onSort} />
                  <SortHeader label="Role" sort="role" state={order} onSort={onSort} />
                  <Table.Th>Status</Table.Th>
                  <SortHeader label="Last sign-in" sort="lastSignIn" state={order} onSort={onSort} />
                </Table.Tr>
              </Table.Thead>
              <VirtualRows rows={rows} columns={5} rowKey={(u) => u.id} paging={query}>
                {(u) => <UserCells user={u} canOpen={canOpen} />}
              </VirtualRows>
            </Table>
          </Table.ScrollContainer>
          {query.isPending && <Loading label="Loading users" />}
          {query.isSuccess && rows.length === 0 && (
            <Text c="dimmed" ta="center" p="lg">
              No users match these filters.
            </Text>
          )}
          <ListFooter shown={rows.length} total={total} more={query} />
        </>
      )}
    </>
  )
}
