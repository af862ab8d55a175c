import { Anchor, Badge, Button, Group, Loader, Table, Text, TextInput, Title } from '@mantine/core'
import { useDebouncedValue, useDisclosure } from '@mantine/hooks'
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { Loading } from '../../components/loading'
import { ListFooter } from '../../components/list-footer'
import { toAppError } from '../../../../shared/errors'
import { rpc } from '../../lib/bridge'
import { href } from '../../lib/router'
import { FeatureBadges } from './feature-badges'
import { NewOrganisationModal } from './new-organisation.modal'

/** Admin → Organisations (SUPER_ADMIN only). */
export function OrganisationsPage() {
  const [creating, create] = useDisclosure()
  const [search, setSearch] = useState('')
  const [debounced] = useDebouncedValue(search.trim(), 250)
  const query = useInfiniteQuery({
    queryKey: ['organisations', 'list', debounced],
    queryFn: ({ pageParam }) => rpc.organisations.list({ search: debounced || undefined, cursor: pageParam, limit: 50 }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  })
  const rows = query.data?.pages.flatMap((p) => p.items) ?? []

  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={1} size="h2">
          Organisations
        </Title>
        <Button onClick={create.open}>+ New Organisation</Button>
      </Group>
      <Group mb="md" align="flex-end">
        <TextInput label="Search" placeholder="Name or slug" value={search} onChange={(e) => setSearch(e.currentTarget.value)} w={280} />
        {query.isFetching && <Loader size="sm" aria-label="Loading organisations" />}
      </Group>
      {query.isError ? (
        <Text c="red" role="alert">
          {toAppError(query.error).message}
        </Text>
      ) : (
        <>
          <Table.ScrollContainer minWidth={800}>
            <Table striped highlightOnHover aria-label="Organisations">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Slug</Table.Th>
                  <Table.Th>Flags</Table.Th>
                  <Table.Th>Users</Table.Th>
                  <Table.Th>Effective features</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((o) => (
                  <Table.Tr key={o.id}>
                    <Table.Td>
                      <Anchor href={href(`/admin/organisations/${o.id}`)}>{o.name}</Anchor>
                    </Table.Td>
                    <Table.Td>{o.slug}</Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {o.isAdminTenant && <Badge size="sm">Admin Tenant</Badge>}
                        {o.isDemo && (
                          <Badge size="sm" color="grape">
                            Demo
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>{o.userCount}</Table.Td>
                    <Table.Td>
                      <FeatureBadges features={o.effectiveFeatures} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {query.isPending && <Loading label="Loading organisations" />}
          {query.isSuccess && rows.length === 0 && (
            <Text c="dimmed" ta="center" p="lg">
              No organisation matches “{debounced}”.
            </Text>
          )}
          <ListFooter shown={rows.length} total={query.data?.pages[0]?.total ?? 0} more={query} />
        </>
      )}
      <NewOrganisationModal opened={creating} onClose={create.close} />
    </>
  )
}
