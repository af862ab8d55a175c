import { Anchor, Badge, Group, Loader, SegmentedControl, Select, Table, Text, TextInput, UnstyledButton } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query'
import { useState } from 'react'
import type { Role, USER_SORTS } from '../../../../shared/contract'
import { Loading } from '../../components/loading'
import { ListFooter } from '../../components/list-footer'
import { toAppError } from '../../../../shared/errors'
import { rpc } from '../../lib/bridge'
import { formatDateTime, roleLabel, ROLE_OPTIONS } from '../../lib/format'
import { href } from '../../lib/router'

type Sort = (typeof USER_SORTS)[number]
type Status = 'all' | 'active' | 'inactive'

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

/** Admin → Users: searchable, filterable, sortable, loaded a keyset page at a time. */
export function UsersTable({ canOpen }: { canOpen: boolean }) {
  const [search, setSearch] = useState('')
  const [debounced] = useDebouncedValue(search.trim(), 250)
  const [role, setRole] = useState<Role | null>(null)
  const [status, setStatus] = useState<Status>('all')
  const [order, setOrder] = useState<{ sort: Sort; direction: 'asc' | 'desc' }>({ sort: 'name', direction: 'asc' })
  const filters = { search: debounced || undefined, role: role ?? undefined, status, ...order }
  const query = useInfiniteQuery({
    queryKey: ['users', 'list', filters],
    queryFn: ({ pageParam }) => rpc.users.list({ ...filters, cursor: pageParam, limit: 50 }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  })
  const onSort = (sort: Sort) => setOrder((o) => ({ sort, direction: o.sort === sort && o.direction === 'asc' ? 'desc' : 'asc' }))
  const rows = query.data?.pages.flatMap((p) => p.items) ?? []
  const total = query.data?.pages[0]?.total ?? 0

  return (
    <>
      <Group mb="md" align="flex-end" wrap="wrap">
        <TextInput label="Search" placeholder="Name or email" value={search} onChange={(e) => setSearch(e.currentTarget.value)} w={260} />
        <Select
          label="Role"
          placeholder="All roles"
          data={ROLE_OPTIONS}
          value={role}
          onChange={(v) => setRole(v as Role | null)}
          clearable
          w={180}
        />
        <SegmentedControl
          aria-label="Status"
          value={status}
          onChange={(v) => setStatus(v as Status)}
          data={[
            { value: 'all', label: 'All' },
            { value: 'active', label: 'Active' },
            { value: 'inactive', label: 'Deactivated' },
          ]}
        />
        {query.isFetching && <Loader size="sm" aria-label="Loading users" />}
      </Group>
      {query.error ? (
        <Text c="red" role="alert">
          {toAppError(query.error).message}
        </Text>
      ) : (
        <>
          <Table.ScrollContainer minWidth={720}>
            <Table striped highlightOnHover aria-label="Users">
              <Table.Thead>
                <Table.Tr>
                  <SortHeader label="Name" sort="name" state={order} onSort={onSort} />
                  <SortHeader label="Email" sort="email" state={order} onSort={onSort} />
                  <SortHeader label="Role" sort="role" state={order} onSort={onSort} />
                  <Table.Th>Status</Table.Th>
                  <SortHeader label="Last sign-in" sort="lastSignIn" state={order} onSort={onSort} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((u) => (
                  <Table.Tr key={u.id}>
                    <Table.Td>{canOpen ? <Anchor href={href(`/admin/users/${u.id}`)}>{u.name}</Anchor> : u.name}</Table.Td>
                    <Table.Td>{u.email}</Table.Td>
                    <Table.Td>{roleLabel(u.role)}</Table.Td>
                    <Table.Td>
                      <Badge color={u.active ? 'green' : 'gray'} variant="light">
                        {u.active ? 'Active' : 'Deactivated'}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{formatDateTime(u.lastSignInAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
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
