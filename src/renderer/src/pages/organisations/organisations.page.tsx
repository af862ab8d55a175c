import { Badge, Button, Group, Loader, Table, Text, TextInput, Title } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { useInfiniteQuery } from '@tanstack/react-query'
import { getRouteApi } from '@tanstack/react-router'
import { ErrorAlert } from '../../components/form-parts'
import { AnchorLink } from '../../components/links'
import { ListFooter } from '../../components/list-footer'
import { Loading } from '../../components/loading'
import { tableRowCount, VirtualRows } from '../../components/virtual-rows'
import { orpc } from '../../lib/bridge'
import { KEYSET_PAGING, keysetRows, useSearchBox } from '../../lib/lists'
import { FeatureBadges } from './feature-badges'
import { NewOrganisationModal } from './new-organisation.modal'

const organisationsRoute = getRouteApi('/console/admin/organisations')

/** Admin → Organisations (SUPER_ADMIN only); the search is in the address, so it survives coming back. */
export function OrganisationsPage() {
  const [creating, create] = useDisclosure()
  const filters = organisationsRoute.useSearch()
  const navigate = organisationsRoute.useNavigate()
  const search = useSearchBox(filters.search, (text) => void navigate({ search: { search: text }, replace: true }))
  const query = useInfiniteQuery(
    orpc.organisations.list.infiniteOptions({
      input: (cursor: string | undefined) => ({ ...filters, search: search.search, cursor, limit: 50 }),
      ...KEYSET_PAGING,
    }),
  )
  const { rows, total, count } = keysetRows(query.data)

  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={1} size="h2">
          Organisations
        </Title>
        <Button onClick={create.open}>+ New Organisation</Button>
      </Group>
      <Group mb="md" align="flex-end">
        <TextInput label="Search" placeholder="Name or slug" {...search.box} w={280} />
        {query.isFetching && <Loader size="sm" aria-label="Loading organisations" />}
      </Group>
      {query.isError ? (
        <ErrorAlert error={query.error} />
      ) : (
        <>
          <Table.ScrollContainer minWidth={800}>
            <Table striped highlightOnHover aria-label="Organisations" aria-rowcount={tableRowCount(rows.length, count)}>
              <Table.Thead>
                <Table.Tr aria-rowindex={1}>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Slug</Table.Th>
                  <Table.Th>Flags</Table.Th>
                  <Table.Th>Users</Table.Th>
                  <Table.Th>Effective features</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <VirtualRows rows={rows} columns={5} rowKey={(o) => o.id} paging={query}>
                {(o) => (
                  <>
                    <Table.Td>
                      <AnchorLink to="/admin/organisations/$id" params={{ id: o.id }} search>
                        {o.name}
                      </AnchorLink>
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
                  </>
                )}
              </VirtualRows>
            </Table>
          </Table.ScrollContainer>
          {query.isPending && <Loading label="Loading organisations" />}
          {query.isSuccess && rows.length === 0 && (
            <Text c="dimmed" ta="center" p="lg">
              No organisation matches “{filters.search}”.
            </Text>
          )}
          <ListFooter shown={rows.length} total={total} more={query} />
        </>
      )}
      <NewOrganisationModal opened={creating} onClose={create.close} />
    </>
  )
}
